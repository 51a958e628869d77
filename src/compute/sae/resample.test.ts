import { describe, expect, it } from 'vitest';
import { initSaeWeights } from './init';
import { resampleDeadFeatures } from './resample';
import { Rng } from './rng';
import { testHyperparameters } from './test-fixtures';

describe('resampleDeadFeatures', () => {
  it('re-inits only dead features from high-loss inputs and zeroes their moments', () => {
    const hp = testHyperparameters({ dIn: 4, expansionFactor: 2 });
    const w = initSaeWeights(hp, { decoderInitNorm: 1 }).weights;
    const before = initSaeWeights(hp, { decoderInitNorm: 1 }).weights;
    const ones = () => ({
      W_enc: new Float32Array(32).fill(1),
      b_enc: new Float32Array(8).fill(1),
      W_dec: new Float32Array(32).fill(1),
      b_dec: new Float32Array(4).fill(1),
    });
    const moments = { m: ones(), v: ones() };
    const dead = Uint8Array.from([0, 1, 0, 0, 0, 0, 1, 0]);
    // Token 1 has all the loss, so it must be the one chosen.
    const x = Float32Array.from([1, 0, 0, 0, 0, 3, 4, 0]);
    const got = resampleDeadFeatures(w, moments, dead, { x, n: 2, losses: [0, 10] }, 4, 8, new Rng(1));
    expect(got).toEqual([1, 6]);
    expect(Array.from(w.W_dec.subarray(4, 8))).toEqual([0, 0.6000000238418579, 0.800000011920929, 0]);
    expect(Array.from(w.W_dec.subarray(0, 4))).toEqual(Array.from(before.W_dec.subarray(0, 4)));
    expect(w.b_enc[6]).toBe(0);
    expect(moments.v.W_enc[1 * 8 + 1]).toBe(0); // W_enc[c=1, j=1]
    expect(moments.v.W_enc[1 * 8 + 2]).toBe(1); // live feature untouched
    // Encoder column = direction × 0.2 × mean live encoder norm (1 here).
    expect(w.W_enc[2 * 8 + 6]).toBeCloseTo(0.8 * 0.2, 6);
  });
});
