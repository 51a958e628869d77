import { describe, expect, it } from 'vitest';
import { FeatureFiringTracker } from './firing';
import { batchMetrics, ceLossRecovered, crossEntropy, klDivergence } from './metrics';

describe('batchMetrics', () => {
  // 2 tokens, d_in 2, d_sae 3; numbers chosen to be checked by hand.
  const x = [1, 2, 3, 4];
  const xHat = [1, 1, 2, 4];
  const f = [0, 2, 0, 1, 0.5, 0];
  const W_dec = Float32Array.from([3, 4, 0, 1, 1, 0]); // row norms 5, 1, 1
  const m = batchMetrics(x, xHat, f, W_dec, 2, 2, 3);

  it('MSE = mean over tokens of Σ_d (x − x̂)² (SAELens mse_loss)', () => {
    expect(m.mse).toBeCloseTo((0 + 1 + 1 + 0) / 2, 12);
  });
  it('L1 = mean over tokens of Σ_i f_i‖W_dec[i]‖', () => {
    expect(m.l1).toBeCloseTo((2 * 1 + (1 * 5 + 0.5 * 1)) / 2, 12);
  });
  it('L0 = mean number of active features', () => {
    expect(m.l0).toBe(1.5);
  });
  it('explained variance = 1 − Σ‖x − x̂‖² / Σ‖x − x̄‖²', () => {
    // x̄ = (2, 3); Σ‖x − x̄‖² = (1 + 1) + (1 + 1) = 4; Σ‖x − x̂‖² = 2
    expect(m.explainedVariance).toBeCloseTo(1 - 2 / 4, 12);
  });
  it('fire counts per feature', () => {
    expect(Array.from(m.fireCounts)).toEqual([1, 2, 0]);
  });
});

describe('FeatureFiringTracker', () => {
  it('dead = no firing in the last window of tokens; dense = > 1 % of window tokens', () => {
    const t = new FeatureFiringTracker(3, 200, 0.01);
    t.update(Float32Array.from([5, 1, 0]), 100);
    expect(t.deadCount()).toBe(0); // feature 2 silent for 100 < 200 tokens
    t.update(Float32Array.from([5, 0, 0]), 100);
    expect(Array.from(t.deadMask())).toEqual([0, 0, 1]);
    // window = 200 tokens: feature 0 fired 10/200 = 5 % (dense), feature 1 1/200 = 0.5 %
    expect(t.denseCount()).toBe(1);
    t.update(Float32Array.from([5, 0, 0]), 100);
    t.update(Float32Array.from([5, 0, 0]), 100);
    expect(Array.from(t.deadMask())).toEqual([0, 1, 1]);
    expect(t.frequencies()[1]).toBe(0); // the batch where it fired has left the window
  });
});

describe('splice-eval helpers', () => {
  it('CE loss recovered = (CE_zero − CE_sae) / (CE_zero − CE_clean)', () => {
    expect(ceLossRecovered(2, 2.5, 7)).toBeCloseTo(0.9, 12);
  });
  it('cross-entropy and KL from logits equal a direct computation', () => {
    const clean = [0, 1, 2, 1, 1, 1];
    const sae = [0, 1, 1, 2, 1, 0];
    const p = (z: number[]) => z.map((v) => Math.exp(v) / z.reduce((a, b) => a + Math.exp(b), 0));
    const ce = (-Math.log(p([0, 1, 2])[2] ?? 0) - Math.log(p([1, 1, 1])[0] ?? 0)) / 2;
    expect(crossEntropy(clean, [2, 0], 2, 3)).toBeCloseTo(ce, 12);
    const kl = (a: number[], b: number[]) => p(a).reduce((s, pi, i) => s + pi * Math.log(pi / (p(b)[i] ?? 1)), 0);
    expect(klDivergence(clean, sae, 2, 3)).toBeCloseTo((kl([0, 1, 2], [0, 1, 1]) + kl([1, 1, 1], [2, 1, 0])) / 2, 12);
  });
});
