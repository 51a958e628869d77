import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { BASE_PARAMS } from '../architectures';
import { OrtEngine } from '../ort/engine';
import { emptyState, gaussian, hyper, randomWeights, rng } from '../ort/test-support';
import type { SaeWeights } from '../types';
import { cloneWeights, expectExactResume, expectSameStep, makeEngine, oneStep } from './support';

/**
 * BatchTopK in both engines: one ort step = one tfjs-autograd step (with and without AuxK);
 * ort gradients vs float64 finite differences (the kept set held fixed: it is piecewise
 * constant); the running threshold = SAELens' update; inference at that threshold; exact resume.
 */
const [dIn, factor, n, k] = [10, 4, 24, 3];
const dSae = dIn * factor;

beforeAll(async () => {
  await tf.setBackend('cpu');
});

/** Float64 BatchTopK forward: the ⌊k·B⌋ largest ReLU(pre) of the batch kept (or the given set). */
function forward(w: SaeWeights, x: Float32Array, keepSet?: Set<number>) {
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
  let sse = 0;
  for (let b = 0; b < n; b++) {
    for (let c = 0; c < dIn; c++) {
      let s = w.b_dec[c] ?? 0;
      for (let j = 0; j < dSae; j++) s += (f[b * dSae + j] ?? 0) * (w.W_dec[j * dIn + c] ?? 0);
      sse += (s - (x[b * dIn + c] ?? 0)) ** 2;
    }
  }
  const minPositive = Math.min(...Array.from(f).filter((v) => v > 0));
  return { f, keep, loss: sse / n, minPositive };
}

describe('BatchTopK', () => {
  for (const c of [
    { aux: false, opt: 'adam' },
    { aux: true, opt: 'adam' },
    { aux: true, opt: 'sgd' },
  ] as const) {
    it(`${c.opt}${c.aux ? ' + AuxK' : ''}: one ort step equals one tfjs-autograd step (≤ 1e-4), and both update the threshold alike`, async () => {
      const r = rng(31);
      const hp = hyper('batchtopk', dIn, factor, { k, optimizer: c.opt, kAux: 6, auxKCoefficient: 0.5, deadWindowTokens: c.aux ? 1 : 1e9 });
      const w = randomWeights(r, dIn, dSae);
      const x = gaussian(r, n * dIn);
      const dead = Float32Array.from({ length: dSae }, (_, j) => (j % 2 === 0 ? 1 : 0));
      const moments = c.opt === 'sgd' ? null : { m: randomWeights(r, dIn, dSae, 0.01), v: randomWeights(rng(2), dIn, dSae, 0.01) };
      if (moments) for (const p of BASE_PARAMS) moments.v[p] = moments.v[p].map((v) => v * v);
      const state = { ...emptyState(dSae, 3), moments, tokensSinceFired: dead, topkThreshold: 0.25 };
      const ours = await oneStep('ort', hp, w, state, x, 0.01, 0);
      const ref = await oneStep('tfjs', hp, w, state, x, 0.01, 0);
      expectSameStep(hp, w, ours, ref);
      // θ ← 0.99 θ + 0.01 · (smallest kept activation), on the pre-step weights (SAELens).
      const expected = 0.99 * 0.25 + 0.01 * forward(w, x).minPositive;
      expect(ours.topkThreshold).toBeCloseTo(expected, 7);
      expect(ref.topkThreshold).toBeCloseTo(expected, 7);
    });
  }

  it('keeps k·B activations of the batch (not k per token) and ort gradients equal finite differences', async () => {
    const r = rng(41);
    const hp = hyper('batchtopk', dIn, factor, { k, optimizer: 'sgd' });
    const w = randomWeights(r, dIn, dSae, 0.5);
    const x = gaussian(r, n * dIn);
    const engine = new OrtEngine({ provider: 'cpu' });
    await engine.init(hp, w, emptyState(dSae));
    const m = await engine.step(x, 1, 0);
    const after = (await engine.exportState()).weights;
    await engine.dispose();
    const ref = forward(w, x);
    expect(m.l0).toBeCloseTo(k, 6); // mean over tokens of the active count = k exactly
    const perToken = Array.from({ length: n }, (_, b) => Array.from(ref.f.subarray(b * dSae, (b + 1) * dSae)).filter((v) => v > 0).length);
    expect(new Set(perToken).size).toBeGreaterThan(1); // tokens differ in how many features they use
    expect(m.loss).toBeCloseTo(ref.loss, 4);
    const h = 1e-4;
    for (const p of BASE_PARAMS) {
      let [maxErr, maxFd] = [0, 0];
      for (let i = 0; i < w[p].length; i += Math.max(1, Math.floor(w[p].length / 25))) {
        const plus = cloneWeights(w);
        const minus = cloneWeights(w);
        plus[p][i] = (plus[p][i] ?? 0) + h;
        minus[p][i] = (minus[p][i] ?? 0) - h;
        const fd = (forward(plus, x, ref.keep).loss - forward(minus, x, ref.keep).loss) / ((plus[p][i] ?? 0) - (minus[p][i] ?? 0));
        maxErr = Math.max(maxErr, Math.abs((w[p][i] ?? 0) - (after[p][i] ?? 0) - fd));
        maxFd = Math.max(maxFd, Math.abs(fd));
      }
      expect(maxErr / maxFd, `${p}: max |ort − fd| ${maxErr} vs max |fd| ${maxFd}`).toBeLessThan(1e-3);
    }
  });

  for (const kind of ['ort', 'tfjs'] as const) {
    it(`${kind}: encode is the inference form ReLU(pre)·[pre > θ] at the learned threshold`, async () => {
      const r = rng(51);
      const hp = hyper('batchtopk', dIn, factor, { k });
      const w = randomWeights(r, dIn, dSae);
      const x = gaussian(r, n * dIn);
      const engine = await makeEngine(kind);
      await engine.init(hp, w, { ...emptyState(dSae), topkThreshold: 0.3 });
      const f = await engine.encode(x, n);
      await engine.dispose();
      const pre = preOf(w, x);
      f.forEach((v, i) => expect(v).toBeCloseTo((pre[i] ?? 0) > 0.3 ? (pre[i] ?? 0) : 0, 5));
    });

    it(`${kind}: N steps straight ≡ k steps + export + new engine + N − k steps, bit for bit (threshold too)`, async () => {
      const hp = hyper('batchtopk', dIn, factor, { k, deadWindowTokens: 48, optimizer: 'adamw', weightDecay: 0.01 });
      const batches = Array.from({ length: 6 }, (_, i) => gaussian(rng(300 + i), n * dIn));
      await expectExactResume(kind, hp, randomWeights(rng(9), dIn, dSae, 0.2), batches, 2, 0);
    });
  }
});

function preOf(w: SaeWeights, x: Float32Array): Float64Array {
  const pre = new Float64Array(n * dSae);
  for (let b = 0; b < n; b++) {
    for (let j = 0; j < dSae; j++) {
      let s = w.b_enc[j] ?? 0;
      for (let c = 0; c < dIn; c++) s += ((x[b * dIn + c] ?? 0) - (w.b_dec[c] ?? 0)) * (w.W_enc[c * dSae + j] ?? 0);
      pre[b * dSae + j] = s;
    }
  }
  return pre;
}
