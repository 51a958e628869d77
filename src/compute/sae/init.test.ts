import { describe, expect, it } from 'vitest';
import { dSaeOf, geometricMedian, initSaeWeights } from './init';
import { decodeDirect, encodeDirect } from './math';
import { estimateInputScale, foldInputScale, scaleBatch } from './normalize';
import { Rng } from './rng';
import { SparseDictionaryData } from './synthetic';
import { testHyperparameters } from './test-fixtures';

describe('initSaeWeights', () => {
  const hp = testHyperparameters({ dIn: 8, expansionFactor: 4, seed: 42 });

  it('is deterministic for a seed and W_enc = W_decᵀ, rows at decoder_init_norm, biases 0', () => {
    const a = initSaeWeights(hp);
    const b = initSaeWeights(hp);
    expect(Buffer.from(a.weights.W_dec.buffer).equals(Buffer.from(b.weights.W_dec.buffer))).toBe(true);
    expect(a.rngState).toBe(b.rngState);
    const dSae = dSaeOf(hp);
    for (let j = 0; j < dSae; j++) {
      let s = 0;
      for (let c = 0; c < 8; c++) {
        s += (a.weights.W_dec[j * 8 + c] ?? 0) ** 2;
        expect(a.weights.W_enc[c * dSae + j]).toBe(a.weights.W_dec[j * 8 + c]);
      }
      expect(Math.sqrt(s)).toBeCloseTo(0.1, 6);
    }
    expect(a.weights.b_enc.every((v) => v === 0) && a.weights.b_dec.every((v) => v === 0)).toBe(true);
    expect(initSaeWeights({ ...hp, seed: 43 }).weights.W_dec[0]).not.toBe(a.weights.W_dec[0]);
  });

  it('first draws are pinned (platform-independent PRNG)', () => {
    const rng = new Rng(1);
    expect([rng.next(), rng.next()].map((v) => Math.round(v * 1e9))).toEqual([627073941, 2735721]); // mulberry32(1) → 0.62707394…
  });

  it('b_dec from the mean or geometric median of a sample', () => {
    const x = Float32Array.from([0, 0, 1, 0, 0, 1, 100, 100]); // 4 points in 2-D, one outlier
    const mean = initSaeWeights({ ...hp, dIn: 2 }, { bDecInit: 'mean', sample: { x, n: 4 } }).weights.b_dec;
    expect(Array.from(mean)).toEqual([25.25, 25.25]);
    const med = geometricMedian(x, 4, 2);
    expect(med[0]).toBeLessThan(1); // robust to the outlier
  });
});

describe('input normalisation', () => {
  it('scale makes the mean token norm √d_in', () => {
    const data = new SparseDictionaryData(16, 32, 0.1, 3, 0.7);
    const batches = [data.batch(64), data.batch(64)];
    const s = estimateInputScale(batches, 16);
    let norm = 0;
    for (const b of batches) {
      const y = scaleBatch(b, s);
      for (let r = 0; r < 64; r++) norm += Math.hypot(...y.subarray(r * 16, r * 16 + 16)) / 128;
    }
    expect(norm).toBeCloseTo(4, 5);
  });

  it.each(['standard', 'topk'] as const)(
    'folded weights on raw inputs reconstruct like the trained SAE on scaled inputs: %s',
    (architecture) => {
      const hp = testHyperparameters({ dIn: 16, expansionFactor: 2, architecture, k: 5 });
      const w = initSaeWeights(hp, { decoderInitNorm: 1 }).weights;
      w.b_dec.forEach((_, i) => (w.b_dec[i] = 0.1 * i));
      w.b_enc.forEach((_, i) => (w.b_enc[i] = 0.01 * (i % 5) - 0.02));
      const shape = { architecture, dIn: 16, dSae: 32, k: 5 };
      const x = new SparseDictionaryData(16, 32, 0.1, 4, 0.5).batch(32);
      const s = 3.7;
      const fScaled = encodeDirect(w, shape, scaleBatch(x, s), 32);
      const xHatScaled = decodeDirect(w, shape, fScaled, 32);
      const folded = foldInputScale(w, s);
      const fRaw = encodeDirect(folded, shape, x, 32);
      const xHatRaw = decodeDirect(folded, shape, fRaw, 32);
      for (let i = 0; i < fRaw.length; i++) expect(fRaw[i]).toBeCloseTo(fScaled[i] ?? 0, 4);
      for (let i = 0; i < xHatRaw.length; i++) expect(xHatRaw[i]).toBeCloseTo((xHatScaled[i] ?? 0) / s, 5);
    },
  );
});
