import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import type { OptimizerName, SaeArchitecture, SaeWeights } from '../types';
import { OrtEngine } from './engine';
import { emptyState, gaussian, hyper, lossF64, randomWeights, rng } from './test-support';
import { tfjsReferenceStep } from './tfjs-reference';

/** Hand-derived ort step vs tfjs autograd (same weights, batch, moments) and vs finite differences. */
const NAMES = ['W_enc', 'b_enc', 'W_dec', 'b_dec'] as const;
const dIn = 12;
const factor = 4;
const dSae = dIn * factor;
const n = 24;

beforeAll(async () => {
  await tf.setBackend('cpu');
});

/** max |a − b| / max |b| over one parameter. */
function relErr(a: Float32Array, b: Float32Array): number {
  let num = 0;
  let den = 0;
  for (let i = 0; i < b.length; i++) {
    num = Math.max(num, Math.abs((a[i] ?? 0) - (b[i] ?? 0)));
    den = Math.max(den, Math.abs(b[i] ?? 0));
  }
  return den === 0 ? num : num / den;
}

function delta(after: Float32Array, before: Float32Array): Float32Array {
  return after.map((v, i) => v - (before[i] ?? 0));
}

// decode 'sparse': TopK through the kept latents' decoder rows (topk-sparse-graph.ts); k 11 > one chunk of 8.
const cases: { arch: SaeArchitecture; opt: OptimizerName; aux: boolean; decode?: 'sparse' }[] = [
  { arch: 'standard', opt: 'adam', aux: false },
  { arch: 'standard', opt: 'adamw', aux: false },
  { arch: 'standard', opt: 'sgd', aux: false },
  { arch: 'topk', opt: 'adam', aux: false },
  { arch: 'topk', opt: 'adam', aux: true },
  { arch: 'topk', opt: 'sgd', aux: true },
  { arch: 'topk', opt: 'adam', aux: false, decode: 'sparse' },
  { arch: 'topk', opt: 'adam', aux: true, decode: 'sparse' },
];

describe('ort SAE step vs tfjs autograd', () => {
  for (const c of cases) {
    it(`${c.arch}${c.aux ? ' + AuxK' : ''}${c.decode ? ` (${c.decode} decode)` : ''}, ${c.opt}: same updated weights and moments (rel. err ≤ 1e-4)`, async () => {
      const r = rng(7);
      // Dead window 1 token + tokensSinceFired ≥ 1 on even features ⇒ those are dead for AuxK.
      const hp = hyper(c.arch, dIn, factor, {
        optimizer: c.opt,
        weightDecay: c.opt === 'sgd' ? 0.01 : 0.05,
        k: c.decode ? 11 : 5,
        kAux: 6,
        auxKCoefficient: 0.5,
        deadWindowTokens: c.aux ? 1 : 1e9,
      });
      const w = randomWeights(r, dIn, dSae);
      const x = gaussian(r, n * dIn);
      const t0 = 3; // a mid-run step: non-trivial moments and bias corrections
      const moments = c.opt === 'sgd' ? null : { m: randomWeights(r, dIn, dSae, 0.01), v: squareAll(randomWeights(r, dIn, dSae, 0.01)) };
      const dead = Uint8Array.from({ length: dSae }, (_, j) => (j % 2 === 0 ? 1 : 0));
      const state = { ...emptyState(dSae, t0), moments, tokensSinceFired: Float32Array.from(dead) };
      const engine = new OrtEngine({ provider: 'cpu', topkDecode: c.decode ?? 'dense' });
      await engine.init(hp, w, state);
      const lr = 0.01;
      await engine.step(x, lr, 0.3);
      const ours = await engine.exportState();
      await engine.dispose();
      const numDead = dead.reduce((a, b) => a + b, 0);
      const aux = c.aux ? { dead, kAux: Math.min(6, numDead), auxScale: 0.5 * Math.min(numDead / 6, 1) } : {};
      const ref = tfjsReferenceStep(hp, w, moments, x, n, { lr, l1: 0.3, t: t0 + 1, ...aux });
      for (const p of NAMES) {
        expect(relErr(ours.weights[p], ref.weights[p]), p).toBeLessThan(1e-4);
        // The update itself, not just the weights it is added to.
        expect(relErr(delta(ours.weights[p], w[p]), delta(ref.weights[p], w[p])), `Δ${p}`).toBeLessThan(1e-4);
        if (ref.moments && ours.moments) {
          expect(relErr(ours.moments.m[p], ref.moments.m[p]), `m_${p}`).toBeLessThan(1e-4);
          expect(relErr(ours.moments.v[p], ref.moments.v[p]), `v_${p}`).toBeLessThan(1e-4);
        }
      }
    });
  }
});

function squareAll(w: SaeWeights): SaeWeights {
  const sq = (a: Float32Array) => a.map((v) => v * v);
  return { W_enc: sq(w.W_enc), b_enc: sq(w.b_enc), W_dec: sq(w.W_dec), b_dec: sq(w.b_dec) };
}

describe('ort SAE gradients vs finite differences (float64 loss)', () => {
  for (const [arch, decode, k] of [
    ['standard', 'dense', 4],
    ['topk', 'dense', 4],
    ['topk', 'sparse', 10],
  ] as const) {
    it(`${arch}${arch === 'topk' ? ` + AuxK (${decode} decode)` : ''}: SGD step with lr 1 recovers −∂L/∂θ`, async () => {
      const r = rng(11);
      const small = { dIn: 6, factor: 3, n: 10 };
      const dS = small.dIn * small.factor;
      const hp = hyper(arch, small.dIn, small.factor, { optimizer: 'sgd', k, kAux: 5, auxKCoefficient: 0.7, deadWindowTokens: 1 });
      const w = randomWeights(r, small.dIn, dS, 0.5);
      const x = gaussian(r, small.n * small.dIn);
      const dead = Uint8Array.from({ length: dS }, (_, j) => (j % 3 === 0 ? 1 : 0));
      const engine = new OrtEngine({ provider: 'cpu', topkDecode: decode });
      await engine.init(hp, w, { ...emptyState(dS), tokensSinceFired: Float32Array.from(dead) });
      await engine.step(x, 1, 0.2);
      const after = (await engine.exportState()).weights;
      await engine.dispose();
      const numDead = dead.reduce((a, b) => a + b, 0);
      const lossOpts = {
        architecture: arch,
        k,
        l1: 0.2,
        dead: arch === 'topk' ? dead : undefined,
        kAux: Math.min(5, numDead),
        auxScale: 0.7 * Math.min(numDead / 5, 1),
      };
      const { residual } = lossF64(w, x, small.n, small.dIn, dS, lossOpts);
      const h = 1e-4;
      for (const p of NAMES) {
        let maxErr = 0;
        let maxFd = 0;
        for (let i = 0; i < w[p].length; i += Math.max(1, Math.floor(w[p].length / 25))) {
          const plus = cloneWeights(w);
          const minus = cloneWeights(w);
          plus[p][i] = (plus[p][i] ?? 0) + h;
          minus[p][i] = (minus[p][i] ?? 0) - h;
          // Perturbing float32 storage: use the actual stored step for the quotient.
          const step = (plus[p][i] ?? 0) - (minus[p][i] ?? 0);
          const fd =
            (lossF64(plus, x, small.n, small.dIn, dS, { ...lossOpts, residual }).loss -
              lossF64(minus, x, small.n, small.dIn, dS, { ...lossOpts, residual }).loss) /
            step;
          const ortGrad = (w[p][i] ?? 0) - (after[p][i] ?? 0);
          maxErr = Math.max(maxErr, Math.abs(ortGrad - fd));
          maxFd = Math.max(maxFd, Math.abs(fd));
        }
        expect(maxErr / maxFd, `${p}: max |ort − fd| ${maxErr} vs max |fd| ${maxFd}`).toBeLessThan(1e-4);
      }
    });
  }
});

function cloneWeights(w: SaeWeights): SaeWeights {
  return { W_enc: w.W_enc.slice(), b_enc: w.b_enc.slice(), W_dec: w.W_dec.slice(), b_dec: w.b_dec.slice() };
}
