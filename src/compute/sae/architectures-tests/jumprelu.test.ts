import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { BASE_PARAMS } from '../architectures';
import { OrtEngine } from '../ort/engine';
import { emptyState, gaussian, hyper, randomWeights, rng } from '../ort/test-support';
import type { SaeWeights } from '../types';
import { cloneWeights, expectExactResume, expectSameStep, oneStep, relErr } from './support';

/**
 * JumpReLU in both engines: one ort step = one tfjs-autograd step; the ort gradients vs float64
 * finite differences (W_enc, b_enc, W_dec, b_dec: the loss is differentiable there away from the
 * jumps) and vs the stated straight-through estimator (log_threshold); exact resume.
 */
const [dIn, factor, n] = [10, 4, 32];
const dSae = dIn * factor;
// A wide kernel (ε = 0.2) and thresholds near the pre-activations, so many (b, i) fall inside it.
const bandwidth = 0.2;

beforeAll(async () => {
  await tf.setBackend('cpu');
});

function jumpWeights(seed: number): SaeWeights {
  const r = rng(seed);
  const w = randomWeights(r, dIn, dSae, 0.3);
  w.log_threshold = Float32Array.from({ length: dSae }, () => Math.log(0.1 + 0.6 * r()));
  return w;
}

/** Float64 forward: pre, the open mask, x̂; loss = mse + λ·L0 (as jumprelu-graph.ts). */
function forward(w: SaeWeights, x: Float32Array, lambda: number) {
  const theta = Float64Array.from(w.log_threshold ?? [], Math.exp);
  const pre = new Float64Array(n * dSae);
  const xHat = new Float64Array(n * dIn);
  let sse = 0;
  let l0 = 0;
  for (let b = 0; b < n; b++) {
    for (let j = 0; j < dSae; j++) {
      let s = w.b_enc[j] ?? 0;
      for (let c = 0; c < dIn; c++) s += ((x[b * dIn + c] ?? 0) - (w.b_dec[c] ?? 0)) * (w.W_enc[c * dSae + j] ?? 0);
      pre[b * dSae + j] = s;
    }
    for (let c = 0; c < dIn; c++) {
      let s = w.b_dec[c] ?? 0;
      for (let j = 0; j < dSae; j++) {
        const p = pre[b * dSae + j] ?? 0;
        if (p > (theta[j] ?? 0)) s += p * (w.W_dec[j * dIn + c] ?? 0);
      }
      xHat[b * dIn + c] = s;
      sse += (s - (x[b * dIn + c] ?? 0)) ** 2;
    }
    for (let j = 0; j < dSae; j++) if ((pre[b * dSae + j] ?? 0) > (theta[j] ?? 0)) l0++;
  }
  const open = Array.from(pre, (p, i) => (p > (theta[i % dSae] ?? 0) ? '1' : '0')).join('');
  return { theta, pre, xHat, open, loss: sse / n + (lambda * l0) / n };
}

/** The paper's pseudo-derivative of the loss in log θ (float64): θ_i · −(1/ε) Σ_b K_bi (θ_i ∂f_bi + λ/B). */
function steLogThresholdGrad(w: SaeWeights, x: Float32Array, lambda: number): Float64Array {
  const { theta, pre, xHat } = forward(w, x, lambda);
  const g = new Float64Array(dSae);
  for (let b = 0; b < n; b++) {
    for (let j = 0; j < dSae; j++) {
      const t = theta[j] ?? 0;
      const u = ((pre[b * dSae + j] ?? 0) - t) / bandwidth;
      if (!(u > -0.5 && u < 0.5)) continue;
      let dF = 0;
      for (let c = 0; c < dIn; c++) dF += ((2 * ((xHat[b * dIn + c] ?? 0) - (x[b * dIn + c] ?? 0))) / n) * (w.W_dec[j * dIn + c] ?? 0);
      g[j] = (g[j] ?? 0) + t * (-(1 / bandwidth) * (t * dF + lambda / n));
    }
  }
  return g;
}

describe('JumpReLU', () => {
  for (const optimizer of ['adam', 'sgd'] as const) {
    it(`${optimizer}: one ort step equals one tfjs-autograd step (weights, updates, moments ≤ 1e-4)`, async () => {
      const r = rng(17);
      const hp = hyper('jumprelu', dIn, factor, { optimizer, jumpReluBandwidth: bandwidth });
      const w = jumpWeights(3);
      const x = gaussian(r, n * dIn);
      const moments = optimizer === 'sgd' ? null : { m: jumpWeights(4), v: squareAll(jumpWeights(5)) };
      const state = { ...emptyState(dSae, 3), moments };
      const ours = await oneStep('ort', hp, w, state, x, 0.01, 0.05);
      const ref = await oneStep('tfjs', hp, w, state, x, 0.01, 0.05);
      expectSameStep(hp, w, ours, ref);
      // The threshold did move (the STE is exercised, not skipped).
      expect(relErr(ours.weights.log_threshold ?? [], w.log_threshold ?? [])).toBeGreaterThan(1e-4);
    });
  }

  it('ort gradients: finite differences for the weights, the rectangle-kernel STE for log_threshold', async () => {
    const r = rng(23);
    const lambda = 0.05;
    const hp = hyper('jumprelu', dIn, factor, { optimizer: 'sgd', jumpReluBandwidth: bandwidth });
    const w = jumpWeights(6);
    const x = gaussian(r, n * dIn);
    const engine = new OrtEngine({ provider: 'cpu' });
    await engine.init(hp, w, emptyState(dSae));
    const m = await engine.step(x, 1, lambda); // SGD, lr 1: after = w − ∂L/∂w
    const after = (await engine.exportState()).weights;
    await engine.dispose();
    expect(m.loss).toBeCloseTo(forward(w, x, lambda).loss, 4);
    const h = 1e-4;
    for (const p of BASE_PARAMS) {
      let maxErr = 0;
      let maxFd = 0;
      let checked = 0;
      for (let i = 0; i < w[p].length; i += Math.max(1, Math.floor(w[p].length / 25))) {
        const plus = cloneWeights(w);
        const minus = cloneWeights(w);
        plus[p][i] = (plus[p][i] ?? 0) + h;
        minus[p][i] = (minus[p][i] ?? 0) - h;
        const [fp, fm] = [forward(plus, x, lambda), forward(minus, x, lambda)];
        // Differentiable only where no pre-activation crosses its threshold within ±h.
        if (fp.open !== fm.open) continue;
        checked++;
        const fd = (fp.loss - fm.loss) / ((plus[p][i] ?? 0) - (minus[p][i] ?? 0));
        maxErr = Math.max(maxErr, Math.abs((w[p][i] ?? 0) - (after[p][i] ?? 0) - fd));
        maxFd = Math.max(maxFd, Math.abs(fd));
      }
      expect(checked, p).toBeGreaterThanOrEqual(8);
      expect(maxErr / maxFd, `${p}: max |ort − fd| ${maxErr} vs max |fd| ${maxFd}`).toBeLessThan(1e-3);
    }
    const ste = steLogThresholdGrad(w, x, lambda);
    const ortGrad = Float64Array.from(w.log_threshold ?? [], (v, i) => v - (after.log_threshold?.[i] ?? 0));
    expect(ste.some((v) => v !== 0)).toBe(true);
    expect(relErr(ortGrad, ste)).toBeLessThan(1e-4);
  });

  for (const kind of ['ort', 'tfjs'] as const) {
    it(`${kind}: N steps straight ≡ k steps + export + new engine + N − k steps, bit for bit`, async () => {
      const hp = hyper('jumprelu', dIn, factor, { jumpReluBandwidth: bandwidth, optimizer: 'adamw', weightDecay: 0.01 });
      const batches = Array.from({ length: 6 }, (_, i) => gaussian(rng(200 + i), n * dIn));
      await expectExactResume(kind, hp, jumpWeights(8), batches, 2, 0.05);
    });
  }
});

function squareAll(w: SaeWeights): SaeWeights {
  const sq = (a: Float32Array) => a.map((v) => v * v);
  return {
    W_enc: sq(w.W_enc),
    b_enc: sq(w.b_enc),
    W_dec: sq(w.W_dec),
    b_dec: sq(w.b_dec),
    log_threshold: sq(w.log_threshold ?? new Float32Array(0)),
  };
}
