import { describe, expect, it } from 'vitest';
import { Rng } from '../sae/rng';
import { PearsonAccumulator, topPartners } from './pearson';
import type { SparseCodes } from './sparse-codes';

/** A fixed sparse activation matrix [tokens × d_sae] and the direct Pearson r of its columns. */
const T = 300;
const D = 12;
function matrix(): Float64Array {
  const rng = new Rng(3);
  const a = new Float64Array(T * D);
  for (let t = 0; t < T; t++) {
    const base = rng.next();
    for (let j = 0; j < D; j++) {
      // Features 0–3 follow a shared driver (correlated), the rest are independent; about half are zero.
      const v = j < 4 ? base * (j + 1) + 0.2 * rng.next() - 0.6 : rng.next() - 0.5;
      a[t * D + j] = v > 0 ? v : 0;
    }
  }
  for (let t = 0; t < T; t++) a[t * D + 11] = 0; // a feature that never fires
  return a;
}

function codesOf(a: Float64Array, from: number, to: number): SparseCodes {
  const start = new Int32Array(to - from + 1);
  const idx: number[] = [];
  const val: number[] = [];
  for (let t = from; t < to; t++) {
    start[t - from] = idx.length;
    for (let j = 0; j < D; j++) {
      if (a[t * D + j]! > 0) {
        idx.push(j);
        val.push(a[t * D + j]!);
      }
    }
  }
  start[to - from] = idx.length;
  return { n: to - from, start, indices: Int32Array.from(idx), values: Float32Array.from(val) };
}

function directR(a: Float64Array, i: number, j: number): number {
  const col = (k: number) => Array.from({ length: T }, (_, t) => Math.fround(a[t * D + k]!));
  const x = col(i);
  const y = col(j);
  const mx = x.reduce((s, v) => s + v, 0) / T;
  const my = y.reduce((s, v) => s + v, 0) / T;
  let sxy = 0;
  let sxx = 0;
  let syy = 0;
  for (let t = 0; t < T; t++) {
    sxy += (x[t]! - mx) * (y[t]! - my);
    sxx += (x[t]! - mx) ** 2;
    syy += (y[t]! - my) ** 2;
  }
  return sxx > 0 && syy > 0 ? sxy / Math.sqrt(sxx * syy) : 0;
}

describe('streaming Pearson correlation', () => {
  const a = matrix();
  const features = [0, 1, 2, 3, 4, 5, 6, 11, 8];

  it('equals the direct computation, in one batch and streamed over several uneven batches', () => {
    const one = new PearsonAccumulator(features, D);
    one.add(codesOf(a, 0, T));
    const many = new PearsonAccumulator(features, D);
    for (const [from, to] of [
      [0, 7],
      [7, 100],
      [100, 101],
      [101, 250],
      [250, 300],
    ] as const)
      many.add(codesOf(a, from, to));
    const r1 = one.matrix();
    const r2 = many.matrix();
    const m = features.length;
    for (let i = 0; i < m; i++) {
      for (let j = 0; j < m; j++) {
        const want = i === j ? (features[i] === 11 ? 0 : 1) : directR(a, features[i]!, features[j]!);
        expect(r1[i * m + j]).toBeCloseTo(want, 5);
        expect(r2[i * m + j]).toBeCloseTo(r1[i * m + j]!, 6);
      }
    }
    expect(r1[0 * m + 1]).toBeGreaterThan(0.5); // the shared driver shows
    expect(many.tokens).toBe(T);
  });

  it('top partners are the largest r per row, strongest first', () => {
    const acc = new PearsonAccumulator(features, D);
    acc.add(codesOf(a, 0, T));
    const r = acc.matrix();
    const p = topPartners(r, features, 3);
    const m = features.length;
    const row0 = features
      .slice(1)
      .map((f, k) => ({ f, r: r[k + 1]! }))
      .sort((x, y) => y.r - x.r || x.f - y.f);
    expect(p[0]!.map((q) => q.featureIndex)).toEqual(row0.slice(0, 3).map((q) => q.f));
    expect(p[0]!.every((q) => q.featureIndex !== 0)).toBe(true);
    expect(p[3]![0]!.r).toBeCloseTo(Math.max(...[0, 1, 2, 4, 5, 6, 7, 8].map((j) => r[3 * m + j]!)), 6);
  });
});
