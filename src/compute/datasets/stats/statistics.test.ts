import { afterEach, describe, expect, it } from 'vitest';
import { loadDatasetTokenizer } from '../tokenize/dataset-tokenizer';
import { createTestDataset, DEMO_MODEL_DIR, fakeContext, type TestSample } from '../../../../test/task-support';
import { lengthHistogram, medianFromCounts, niceWidth } from './histogram';
import { computeDatasetStatistics } from './statistics';
import { computeDatasetStatisticsTask } from './task';

const tok = loadDatasetTokenizer(DEMO_MODEL_DIR);
const samples: TestSample[] = [
  { text: 'the cat sat on the mat', split: 'train' },
  { text: 'the dog', split: 'train' },
  { text: '', split: 'test' },
  { text: 'Sparse autoencoders read the residual stream; the features are sparse.', split: 'validation' },
  { text: 'the the the', split: 'train' },
  { text: 'A café in Zürich, 42 times.', split: 'test' },
];

/** Statistics computed the obvious way: all lengths and all tokens in arrays. */
function direct(tokenLists: number[][], splits: string[]) {
  const lengths = tokenLists.map((t) => t.length);
  const sorted = [...lengths].sort((a, b) => a - b);
  const mid = sorted.length / 2;
  const median = sorted.length % 2 ? (sorted[Math.floor(mid)] ?? 0) : ((sorted[mid - 1] ?? 0) + (sorted[mid] ?? 0)) / 2;
  const all = tokenLists.flat();
  const freq = new Map<number, number>();
  for (const id of all) freq.set(id, (freq.get(id) ?? 0) + 1);
  const top = [...freq].sort((a, b) => b[1] - a[1] || a[0] - b[0]).slice(0, 50);
  const bySplit: Record<string, { samples: number; tokens: number }> = {};
  splits.forEach((s, i) => {
    const e = (bySplit[s] ??= { samples: 0, tokens: 0 });
    e.samples += 1;
    e.tokens += lengths[i] ?? 0;
  });
  return {
    totalSamples: lengths.length,
    totalTokens: all.length,
    avgTokens: all.length / lengths.length,
    minTokens: Math.min(...lengths),
    medianTokens: median,
    maxTokens: Math.max(...lengths),
    uniqueTokens: new Set(all).size,
    topTokens: top.map(([id, count]) => ({ id, text: tok.tokenizer.decode([id]), count, fraction: count / all.length })),
    splits: bySplit,
  };
}

let cleanups: (() => void)[] = [];
afterEach(() => {
  for (const c of cleanups) c();
  cleanups = [];
});

describe('dataset statistics', () => {
  it('the streaming pass equals a direct computation', () => {
    const tokens = samples.map((s) => tok.tokenizer.encode(s.text));
    const stats = computeDatasetStatistics(
      samples.map((s, i) => ({ split: s.split ?? 'train', tokens: tokens[i] ?? [] })),
      (ids) => tok.tokenizer.tokenTexts(ids),
    );
    const { lengthHistogram: hist, ...rest } = stats;
    expect(rest).toEqual(
      direct(
        tokens,
        samples.map((s) => s.split ?? 'train'),
      ),
    );
    expect(hist.counts.reduce((a, b) => a + b, 0)).toBe(samples.length);
    tokens.forEach((t) => {
      const bin = hist.edges.findIndex((e, i) => t.length >= e && t.length < (hist.edges[i + 1] ?? -1));
      expect(bin).toBeGreaterThanOrEqual(0);
    });
  });

  it('histogram bins are round, aligned and few; the median comes from per-length counts', () => {
    expect([1, 2, 3, 7, 11, 40, 101].map(niceWidth)).toEqual([1, 2, 5, 10, 20, 50, 200]);
    const counts = new Map([
      [3, 2],
      [10, 2],
      [250, 3],
      [1000, 1],
    ]);
    const h = lengthHistogram(counts, 30);
    expect(h.counts.length).toBeLessThanOrEqual(30);
    expect(h.edges).toHaveLength(h.counts.length + 1);
    expect(h.edges[0]).toBe(0);
    expect(h.edges[1]).toBe(50);
    expect(h.counts.reduce((a, b) => a + b, 0)).toBe(8);
    expect(medianFromCounts(counts)).toBe(130); // lengths 3 3 10 10 | 250 250 250 1000 → (10+250)/2
    expect(medianFromCounts(new Map([[5, 3]]))).toBe(5);
    expect(lengthHistogram(new Map())).toEqual({ edges: [], counts: [] });
  });

  it('the task reads the dataset from SQLite and gives the same numbers', async () => {
    const t = createTestDataset(samples);
    cleanups.push(t.cleanup);
    const ctx = fakeContext();
    const stats = await computeDatasetStatisticsTask(
      { datasetId: t.datasetId, dbPath: t.dbPath, modelDir: DEMO_MODEL_DIR, checkpointEvery: 2 },
      ctx,
    );
    const tokens = samples.map((s) => tok.tokenizer.encode(s.text));
    const { lengthHistogram: _h, tokenizerName, addSpecialTokens, computedAt, ...rest } = stats;
    expect(rest).toEqual(
      direct(
        tokens,
        samples.map((s) => s.split ?? 'train'),
      ),
    );
    expect(tokenizerName).toBe('demo-model');
    expect(addSpecialTokens).toBe(false);
    expect(computedAt).toBeGreaterThan(0);
    expect(ctx.progressValues.at(-1)).toBe(1);
    expect(JSON.parse(JSON.stringify(stats))).toEqual(stats);
  });

  it('a cancelled statistics job throws and writes nothing', async () => {
    const t = createTestDataset(samples);
    cleanups.push(t.cleanup);
    await expect(
      computeDatasetStatisticsTask(
        { datasetId: t.datasetId, dbPath: t.dbPath, modelDir: DEMO_MODEL_DIR, checkpointEvery: 1 },
        fakeContext({ cancelAtCheckpoint: 2 }),
      ),
    ).rejects.toThrow('cancelled');
  });
});
