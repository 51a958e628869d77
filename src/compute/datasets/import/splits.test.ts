import { describe, expect, it } from 'vitest';
import { checkRatios, normaliseSplit, seededSplit, splitFromFileName, unitHash } from './splits';

describe('splits', () => {
  it('normalises names', () => {
    expect(['train', 'Training', 'valid', 'DEV', 'val', 'validation', ' test ', 'unsupervised'].map(normaliseSplit)).toEqual([
      'train',
      'train',
      'validation',
      'validation',
      'validation',
      'validation',
      'test',
      'unsupervised',
    ]);
    expect(splitFromFileName('/x/train-00000-of-00002.parquet')).toBe('train');
    expect(splitFromFileName('dev.jsonl')).toBe('validation');
    expect(splitFromFileName('corpus.txt')).toBeUndefined();
  });

  it('seeded split is deterministic, depends on the seed, and meets the ratios within 1%', () => {
    const ratios = { train: 0.9, validation: 0.05, test: 0.05 };
    const n = 200_000;
    const a = Array.from({ length: n }, (_, i) => seededSplit(42, i, ratios));
    // Independent of order/chunking: computing sample i alone gives the same answer.
    for (const i of [0, 17, 99_999, 199_999]) expect(seededSplit(42, i, ratios)).toBe(a[i]);
    const reversed = Array.from({ length: n }, (_, k) => seededSplit(42, n - 1 - k, ratios)).reverse();
    expect(reversed).toEqual(a);
    const counts: Record<string, number> = {};
    for (const s of a) counts[s] = (counts[s] ?? 0) + 1;
    for (const [name, r] of Object.entries(ratios)) expect(Math.abs((counts[name] ?? 0) / n - r)).toBeLessThan(0.01);
    const b = Array.from({ length: 1000 }, (_, i) => seededSplit(43, i, ratios));
    expect(b).not.toEqual(a.slice(0, 1000));
  });

  it('unit hash is in [0,1) and roughly uniform; ratios are checked', () => {
    const buckets = new Array<number>(10).fill(0);
    let inRange = true;
    for (let i = 0; i < 100_000; i++) {
      const u = unitHash(7, i + 2 ** 33);
      inRange &&= u >= 0 && u < 1;
      const b = Math.floor(u * 10);
      buckets[b] = (buckets[b] ?? 0) + 1;
    }
    expect(inRange).toBe(true);
    for (const b of buckets) expect(Math.abs(b - 10_000)).toBeLessThan(500);
    expect(checkRatios({ train: 0.8, test: 0.1 })).toMatch(/sum/);
    expect(checkRatios({ train: 1 })).toBeNull();
  });
});
