import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { BASE_PARAMS, matryoshkaWidthsOf } from '../architectures';
import { OrtEngine } from '../ort/engine';
import { emptyState, gaussian, hyper, randomWeights, rng } from '../ort/test-support';
import type { SaeWeights } from '../types';
import { cloneWeights, expectExactResume, expectSameStep, makeEngine, oneStep } from './support';

/**
 * Matryoshka (BatchTopK inside) in both engines: one ort step = one tfjs-autograd step (with and
 * without AuxK); the loss = a direct float64 sum of every prefix level's mse; ort gradients vs
 * float64 finite differences of that loss (the kept set held fixed); inference at the global
 * threshold; exact resume with the threshold.
 */
const [dIn, factor, n, k] = [10, 4, 24, 3];
const dSae = dIn * factor;
/** Levels of 10, 20 and 40 features (the full dictionary appended, as SAELens does). */
const fractions = [0.25, 0.5];

beforeAll(async () => {
  await tf.setBackend('cpu');
});

/** Float64 Matryoshka loss: BatchTopK's f, then Σ over prefix widths w of (1/B) Σ_b ‖f[:, :w] W_dec[:w] + b_dec − x‖². */
function forward(w: SaeWeights, x: Float32Array, widths: number[], keepSet?: Set<number>) {
  const pre = new Float64Array(n * dSae);
  for (let b = 0; b < n; b++) {
    for (let j = 0; j < dSae; j++) {
      let s = w.b_enc[j] ?? 0;
      for (let c = 0; c < dIn; c++) s += ((x[b * dIn + c] ?? 0) - (w.b_dec[c] ?? 0)) * (w.W_enc[c * dSae + j] ?? 0);
      pre[b * dSae + j] = s;
    }
  }
  const order = Array.from(pre.keys()).sort((a, b) => Math.max(0, pre[b] ?? 0) - Math.max(0, pre[a] ?? 0) || a - b);
  const keep = keepSet ?? new Set(order.slice(0, k * n));
  const f = Float64Array.from(pre, (p, i) => (keep.has(i) ? Math.max(0, p) : 0));
  const levels = widths.map((width) => {
    let sse = 0;
    for (let b = 0; b < n; b++) {
      for (let c = 0; c < dIn; c++) {
        let s = w.b_dec[c] ?? 0;
        for (let j = 0; j < width; j++) s += (f[b * dSae + j] ?? 0) * (w.W_dec[j * dIn + c] ?? 0);
        sse += (s - (x[b * dIn + c] ?? 0)) ** 2;
      }
    }
    return sse / n;
  });
  return { keep, levels, loss: levels.reduce((a, b) => a + b, 0) };
}

describe('Matryoshka (BatchTopK inner)', () => {
  it('prefix widths: fractions of d_sae, the full dictionary appended, refused when two levels collide', () => {
    expect(matryoshkaWidthsOf({ matryoshkaWidths: fractions }, dSae)).toEqual([10, 20, 40]);
    expect(matryoshkaWidthsOf({ matryoshkaWidths: [0.5, 1] }, dSae)).toEqual([20, 40]);
    expect(matryoshkaWidthsOf({}, 4096)).toEqual([256, 512, 1024, 2048, 4096]);
    expect(() => matryoshkaWidthsOf({ matryoshkaWidths: [0.01, 0.02] }, dSae)).toThrow(/strictly increasing/);
  });

  for (const c of [
    { aux: false, opt: 'adam' },
    { aux: true, opt: 'adam' },
    { aux: true, opt: 'sgd' },
  ] as const) {
    it(`${c.opt}${c.aux ? ' + AuxK' : ''}: one ort step equals one tfjs-autograd step (≤ 1e-4), threshold alike`, async () => {
      const r = rng(61);
      const hp = hyper('matryoshka', dIn, factor, {
        k,
        matryoshkaWidths: fractions,
        optimizer: c.opt,
        kAux: 6,
        auxKCoefficient: 0.5,
        deadWindowTokens: c.aux ? 1 : 1e9,
      });
      const w = randomWeights(r, dIn, dSae);
      const x = gaussian(r, n * dIn);
      const dead = Float32Array.from({ length: dSae }, (_, j) => (j % 3 === 0 ? 1 : 0));
      const moments = c.opt === 'sgd' ? null : { m: randomWeights(r, dIn, dSae, 0.01), v: randomWeights(rng(2), dIn, dSae, 0.01) };
      if (moments) for (const p of BASE_PARAMS) moments.v[p] = moments.v[p].map((v) => v * v);
      const state = { ...emptyState(dSae, 3), moments, tokensSinceFired: dead, topkThreshold: 0.25 };
      const ours = await oneStep('ort', hp, w, state, x, 0.01, 0);
      const ref = await oneStep('tfjs', hp, w, state, x, 0.01, 0);
      expectSameStep(hp, w, ours, ref);
      expect(ours.topkThreshold).toBeCloseTo(ref.topkThreshold ?? NaN, 7);
    });
  }

  it('the Transpose + MatMul form of the ort graph takes the same step as the Gemm form', async () => {
    const r = rng(65);
    const hp = hyper('matryoshka', dIn, factor, { k, matryoshkaWidths: fractions, optimizer: 'sgd' });
    const [w, x] = [randomWeights(r, dIn, dSae), gaussian(r, n * dIn)];
    const run = async (matmulForm: 'gemm' | 'matmul') => {
      const e = new OrtEngine({ provider: 'cpu', matmulForm });
      await e.init(hp, w, emptyState(dSae));
      await e.step(x, 0.01, 0);
      const out = await e.exportState();
      await e.dispose();
      return out;
    };
    expectSameStep(hp, w, await run('matmul'), await run('gemm'));
  });

  it('loss = Σ of every prefix level’s mse (float64 reference), and ort gradients equal its finite differences', async () => {
    const r = rng(71);
    const hp = hyper('matryoshka', dIn, factor, { k, matryoshkaWidths: fractions, optimizer: 'sgd' });
    const widths = matryoshkaWidthsOf(hp, dSae);
    const w = randomWeights(r, dIn, dSae, 0.5);
    const x = gaussian(r, n * dIn);
    const engine = new OrtEngine({ provider: 'cpu' });
    await engine.init(hp, w, emptyState(dSae));
    const m = await engine.step(x, 1, 0);
    const after = (await engine.exportState()).weights;
    await engine.dispose();
    const ref = forward(w, x, widths);
    // The inner levels are real terms of the loss (not the full mse counted thrice).
    expect(new Set(ref.levels.map((v) => v.toFixed(3))).size).toBe(3);
    expect(m.mse).toBeCloseTo(ref.levels[2] ?? NaN, 4); // the reported mse is the full SAE's
    expect(m.loss).toBeCloseTo(ref.loss, 4);
    expect(m.l0).toBeCloseTo(k, 6);
    const h = 1e-4;
    for (const p of BASE_PARAMS) {
      let [maxErr, maxFd] = [0, 0];
      for (let i = 0; i < w[p].length; i += Math.max(1, Math.floor(w[p].length / 40))) {
        const plus = cloneWeights(w);
        const minus = cloneWeights(w);
        plus[p][i] = (plus[p][i] ?? 0) + h;
        minus[p][i] = (minus[p][i] ?? 0) - h;
        const fd =
          (forward(plus, x, widths, ref.keep).loss - forward(minus, x, widths, ref.keep).loss) / ((plus[p][i] ?? 0) - (minus[p][i] ?? 0));
        maxErr = Math.max(maxErr, Math.abs((w[p][i] ?? 0) - (after[p][i] ?? 0) - fd));
        maxFd = Math.max(maxFd, Math.abs(fd));
      }
      expect(maxErr / maxFd, `${p}: max |ort − fd| ${maxErr} vs max |fd| ${maxFd}`).toBeLessThan(1e-3);
    }
  });

  for (const kind of ['ort', 'tfjs'] as const) {
    it(`${kind}: encode is BatchTopK's inference form ReLU(pre)·[pre > θ] at the learned threshold`, async () => {
      const r = rng(81);
      const hp = hyper('matryoshka', dIn, factor, { k, matryoshkaWidths: fractions });
      const w = randomWeights(r, dIn, dSae);
      const x = gaussian(r, n * dIn);
      const engine = await makeEngine(kind);
      await engine.init(hp, w, { ...emptyState(dSae), topkThreshold: 0.3 });
      const f = await engine.encode(x, n);
      await engine.dispose();
      for (let b = 0; b < n; b++) {
        for (let j = 0; j < dSae; j++) {
          let s = w.b_enc[j] ?? 0;
          for (let c = 0; c < dIn; c++) s += ((x[b * dIn + c] ?? 0) - (w.b_dec[c] ?? 0)) * (w.W_enc[c * dSae + j] ?? 0);
          expect(f[b * dSae + j]).toBeCloseTo(s > 0.3 ? s : 0, 5);
        }
      }
    });

    it(`${kind}: N steps straight ≡ k steps + export + new engine + N − k steps, bit for bit (threshold too)`, async () => {
      const hp = hyper('matryoshka', dIn, factor, {
        k,
        matryoshkaWidths: fractions,
        deadWindowTokens: 48,
        optimizer: 'adamw',
        weightDecay: 0.01,
      });
      const batches = Array.from({ length: 6 }, (_, i) => gaussian(rng(400 + i), n * dIn));
      await expectExactResume(kind, hp, randomWeights(rng(19), dIn, dSae, 0.2), batches, 2, 0);
    });
  }
});
