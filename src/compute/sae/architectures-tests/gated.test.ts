import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { trainedParams } from '../architectures';
import { OrtEngine } from '../ort/engine';
import { emptyState, gaussian, hyper, randomWeights, rng } from '../ort/test-support';
import type { SaeWeights } from '../types';
import { cloneWeights, expectExactResume, expectSameStep, oneStep } from './support';

/**
 * Gated SAE in both engines: one ort step = one tfjs-autograd step; ort gradients vs float64
 * finite differences of the loss with the auxiliary decoder held frozen (its stop-gradient);
 * exact resume.
 */
const [dIn, factor, n] = [10, 4, 24];
const dSae = dIn * factor;

beforeAll(async () => {
  await tf.setBackend('cpu');
});

function gatedWeights(seed: number): SaeWeights {
  const r = rng(seed);
  const w = randomWeights(r, dIn, dSae, 0.3);
  w.r_mag = gaussian(r, dSae, 0.3);
  w.b_mag = gaussian(r, dSae, 0.1);
  return w;
}

/** Float64 loss (gated-graph.ts); `frozen` is the decoder of the auxiliary reconstruction. */
function loss(w: SaeWeights, x: Float32Array, lambda: number, frozen: SaeWeights): { loss: number; masks: string } {
  let total = 0;
  let masks = '';
  const norms = Array.from({ length: dSae }, (_, i) => Math.hypot(...Array.from(w.W_dec.subarray(i * dIn, (i + 1) * dIn))));
  for (let b = 0; b < n; b++) {
    const f = new Float64Array(dSae);
    const r = new Float64Array(dSae);
    for (let j = 0; j < dSae; j++) {
      let P = 0;
      for (let c = 0; c < dIn; c++) P += ((x[b * dIn + c] ?? 0) - (w.b_dec[c] ?? 0)) * (w.W_enc[c * dSae + j] ?? 0);
      const gate = P + (w.b_enc[j] ?? 0);
      const mag = P * Math.exp(w.r_mag?.[j] ?? 0) + (w.b_mag?.[j] ?? 0);
      f[j] = gate > 0 && mag > 0 ? mag : 0;
      r[j] = Math.max(0, gate);
      masks += `${gate > 0 ? 1 : 0}${mag > 0 ? 1 : 0}`;
      total += (lambda * r[j]! * norms[j]!) / n;
    }
    for (let c = 0; c < dIn; c++) {
      let xHat = w.b_dec[c] ?? 0;
      let via = frozen.b_dec[c] ?? 0;
      for (let j = 0; j < dSae; j++) {
        xHat += f[j]! * (w.W_dec[j * dIn + c] ?? 0);
        via += r[j]! * (frozen.W_dec[j * dIn + c] ?? 0);
      }
      total += ((xHat - (x[b * dIn + c] ?? 0)) ** 2 + (via - (x[b * dIn + c] ?? 0)) ** 2) / n;
    }
  }
  return { loss: total, masks };
}

describe('Gated', () => {
  for (const optimizer of ['adam', 'sgd'] as const) {
    it(`${optimizer}: one ort step equals one tfjs-autograd step (weights, updates, moments ≤ 1e-4)`, async () => {
      const r = rng(71);
      const hp = hyper('gated', dIn, factor, { optimizer });
      const w = gatedWeights(3);
      const x = gaussian(r, n * dIn);
      const moments = optimizer === 'sgd' ? null : { m: gatedWeights(4), v: gatedWeights(5) };
      if (moments) for (const p of trainedParams('gated')) moments.v[p] = (moments.v[p] ?? new Float32Array(0)).map((v) => v * v);
      const state = { ...emptyState(dSae, 3), moments };
      expectSameStep(hp, w, await oneStep('ort', hp, w, state, x, 0.01, 0.3), await oneStep('tfjs', hp, w, state, x, 0.01, 0.3));
    });
  }

  it('ort gradients equal finite differences (auxiliary decoder frozen)', async () => {
    const r = rng(73);
    const lambda = 0.3;
    const hp = hyper('gated', dIn, factor, { optimizer: 'sgd' });
    const w = gatedWeights(6);
    const x = gaussian(r, n * dIn);
    const engine = new OrtEngine({ provider: 'cpu' });
    await engine.init(hp, w, emptyState(dSae));
    const m = await engine.step(x, 1, lambda);
    const after = (await engine.exportState()).weights;
    await engine.dispose();
    expect(m.loss).toBeCloseTo(loss(w, x, lambda, w).loss, 3);
    const h = 1e-4;
    for (const p of trainedParams('gated')) {
      const wp = w[p] ?? new Float32Array(0);
      let [maxErr, maxFd, checked] = [0, 0, 0];
      for (let i = 0; i < wp.length; i += Math.max(1, Math.floor(wp.length / 25))) {
        const plus = cloneWeights(w);
        const minus = cloneWeights(w);
        plus[p]![i] = (plus[p]![i] ?? 0) + h;
        minus[p]![i] = (minus[p]![i] ?? 0) - h;
        const [lp, lm] = [loss(plus, x, lambda, w), loss(minus, x, lambda, w)];
        if (lp.masks !== lm.masks) continue; // a gate or magnitude crossed 0: not differentiable there
        checked++;
        const fd = (lp.loss - lm.loss) / ((plus[p]![i] ?? 0) - (minus[p]![i] ?? 0));
        maxErr = Math.max(maxErr, Math.abs((wp[i] ?? 0) - (after[p]?.[i] ?? 0) - fd));
        maxFd = Math.max(maxFd, Math.abs(fd));
      }
      expect(checked, p).toBeGreaterThanOrEqual(8);
      expect(maxErr / maxFd, `${p}: max |ort − fd| ${maxErr} vs max |fd| ${maxFd}`).toBeLessThan(1e-3);
    }
  });

  for (const kind of ['ort', 'tfjs'] as const) {
    it(`${kind}: N steps straight ≡ k steps + export + new engine + N − k steps, bit for bit`, async () => {
      const hp = hyper('gated', dIn, factor, { optimizer: 'adamw', weightDecay: 0.01 });
      const batches = Array.from({ length: 6 }, (_, i) => gaussian(rng(400 + i), n * dIn));
      await expectExactResume(kind, hp, gatedWeights(8), batches, 2, 0.3);
    });
  }
});
