import { existsSync, readdirSync } from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { TaskCancelledError } from '../../runtime/protocol';
import { ConcatChunker } from './concat-chunk';
import { loadDatasetTokenizer } from './dataset-tokenizer';
import { readTokenManifest, readTokenRows, type ShardRow } from './shard-reader';
import { parseTokenizationSettings, type TokenizationSettingsInput } from './settings';
import { tokenizeDatasetTask } from './task';
import { createTestDataset, DEMO_MODEL_DIR, fakeContext, type TestSample } from '../../../../test/task-support';

const tok = loadDatasetTokenizer(DEMO_MODEL_DIR);
const words = ['feature', 'residual', 'stream', 'the', 'sparse', 'model', 'token', 'attention', 'head', 'layer', 'café', '42'];
const samples: TestSample[] = Array.from({ length: 40 }, (_, i) => ({
  text: Array.from({ length: (i * 7) % 23 }, (_, k) => words[(i + k * 5) % words.length]).join(' ') + (i % 4 === 0 ? '.' : ''),
  split: i % 5 === 0 ? 'validation' : 'train',
}));
const encoded = samples.map((s) => tok.tokenizer.encode(s.text, { addSpecialTokens: false }));
const settings = (over: Partial<TokenizationSettingsInput>): TokenizationSettingsInput => ({
  mode: 'concat_chunk',
  maxLength: 16,
  padding: 'none',
  truncation: 'longest_first',
  addSpecialTokens: true,
  returnAttentionMask: true,
  contextSize: 16,
  prependBos: true,
  ...over,
});

let cleanups: (() => void)[] = [];
afterEach(() => {
  for (const c of cleanups) c();
  cleanups = [];
});
function setup() {
  const t = createTestDataset(samples);
  cleanups.push(t.cleanup);
  return { ...t, outDir: path.join(t.dir, 'datasets', t.datasetId, 'tokens', 'h') };
}
async function collect(dir: string): Promise<ShardRow[]> {
  const rows: ShardRow[] = [];
  for await (const r of readTokenRows(dir)) rows.push({ ...r, tokens: r.tokens.slice() });
  return rows;
}
/** Every segment decodes to the decode of the sample's own token slice. */
function expectRowsMapBack(rows: ShardRow[]): void {
  for (const r of rows) {
    for (const g of r.segments) {
      const own = (encoded[g.sampleOrdinal] ?? []).slice(g.sampleTokenStart, g.sampleTokenStart + g.length);
      expect(tok.tokenizer.decode([...r.tokens.subarray(g.position, g.position + g.length)])).toBe(tok.tokenizer.decode(own));
      expect([...r.tokens.subarray(g.position, g.position + g.length)]).toEqual(own);
    }
  }
}

describe('tokenizeDatasetTask', () => {
  it('concat_chunk: shards equal the direct chunking, map back to samples, and span several shards', async () => {
    const t = setup();
    const ctx = fakeContext();
    const result = await tokenizeDatasetTask(
      {
        datasetId: t.datasetId,
        dbPath: t.dbPath,
        modelDir: DEMO_MODEL_DIR,
        settings: settings({}),
        outDir: t.outDir,
        shardTokens: 100,
        checkpointEvery: 5,
      },
      ctx,
    );
    const chunker = new ConcatChunker({ contextSize: 16, beginBatchTokenId: 4095, beginSequenceTokenId: null, separatorTokenId: 4095 });
    const direct = encoded.flatMap((e, i) => chunker.push(i, e));
    const rows = await collect(t.outDir);
    expect(rows.map((r) => [...r.tokens])).toEqual(direct.map((r) => r.tokens));
    expect(rows.map((r) => r.segments)).toEqual(direct.map((r) => r.segments));
    expect(rows.every((r) => r.attentionMask?.every((m) => m === 1))).toBe(true);
    expectRowsMapBack(rows);

    const manifest = await readTokenManifest(t.outDir);
    expect(manifest.shards.length).toBeGreaterThan(1);
    expect(manifest.shards.every((s) => s.tokens <= 100)).toBe(true);
    expect(manifest.contextSize).toBe(16);
    expect(manifest.tokenizer.vocabSize).toBe(4096);
    const total = encoded.reduce((s, e) => s + e.length, 0);
    expect(manifest.totals).toMatchObject({ samples: 40, rows: direct.length, tokens: 16 * direct.length, paddingTokens: 0 });
    expect(manifest.totals.contentTokens + manifest.totals.droppedTokens).toBe(total);
    expect(result.totals).toEqual(manifest.totals);
    expect(ctx.progressValues.at(-1)).toBe(1);
    expect(ctx.progressValues.every((v, i, a) => i === 0 || v >= (a[i - 1] ?? 0))).toBe(true);
    expect(readdirSync(path.dirname(t.outDir))).toEqual(['h']); // no temp folder left

    const db = new Database(t.dbPath, { readonly: true });
    const counts = db.prepare('SELECT ordinal, token_count AS n FROM dataset_samples ORDER BY ordinal').all() as {
      ordinal: number;
      n: number;
    }[];
    db.close();
    expect(counts.map((c) => c.n)).toEqual(encoded.map((e) => e.length));
  });

  it('resumes reading at a row', async () => {
    const t = setup();
    await tokenizeDatasetTask(
      { datasetId: t.datasetId, dbPath: t.dbPath, modelDir: DEMO_MODEL_DIR, settings: settings({}), outDir: t.outDir, shardTokens: 64 },
      fakeContext(),
    );
    const all = await collect(t.outDir);
    const from: number[] = [];
    for await (const r of readTokenRows(t.outDir, { fromRow: 5 })) from.push(r.row);
    expect(from).toEqual(all.slice(5).map((r) => r.row));
  });

  it.each([
    ['max_length', 'longest_first'],
    ['longest', 'only_first'],
    ['none', 'none'],
  ] as const)('per_sample, padding %s, truncation %s: one row per sample, in ordinal order', async (padding, truncation) => {
    const t = setup();
    const s = parseTokenizationSettings(settings({ mode: 'per_sample', padding, truncation, maxLength: 12, paddingBatchSize: 7 }));
    await tokenizeDatasetTask(
      { datasetId: t.datasetId, dbPath: t.dbPath, modelDir: DEMO_MODEL_DIR, settings: s, outDir: t.outDir, shardTokens: 50 },
      fakeContext(),
    );
    const rows = await collect(t.outDir);
    expect(rows).toHaveLength(samples.length);
    rows.forEach((r, i) => {
      const e = encoded[i] ?? [];
      const keep = truncation === 'none' ? e.length : Math.min(e.length, 12);
      expect([...r.tokens.subarray(0, r.unpaddedLength)]).toEqual(e.slice(0, keep));
      expect(r.attentionMask && [...r.attentionMask]).toEqual(r.tokens.length ? [...r.tokens].map((_, k) => (k < keep ? 1 : 0)) : []);
      if (padding === 'max_length') expect(r.tokens.length).toBe(12);
      if (padding === 'longest') {
        const batch = encoded.slice(Math.floor(i / 7) * 7, Math.floor(i / 7) * 7 + 7);
        expect(r.tokens.length).toBe(Math.max(...batch.map((b) => Math.min(b.length, 12))));
      }
      if (padding === 'none') expect(r.tokens.length).toBe(e.length);
    });
    expectRowsMapBack(rows);
  });

  it('a cancel mid-way leaves no output folder and no temp folder', async () => {
    const t = setup();
    const ctx = fakeContext({ cancelAtCheckpoint: 3 });
    await expect(
      tokenizeDatasetTask(
        {
          datasetId: t.datasetId,
          dbPath: t.dbPath,
          modelDir: DEMO_MODEL_DIR,
          settings: settings({}),
          outDir: t.outDir,
          shardTokens: 40,
          checkpointEvery: 4,
        },
        ctx,
      ),
    ).rejects.toBeInstanceOf(TaskCancelledError);
    expect(existsSync(t.outDir)).toBe(false);
    const parent = path.dirname(t.outDir);
    expect(existsSync(parent) ? readdirSync(parent) : []).toEqual([]);
  });

  it('a re-run replaces the previous folder whole; bad settings and unknown datasets fail clearly', async () => {
    const t = setup();
    const params = { datasetId: t.datasetId, dbPath: t.dbPath, modelDir: DEMO_MODEL_DIR, outDir: t.outDir };
    await tokenizeDatasetTask({ ...params, settings: settings({ contextSize: 8 }) }, fakeContext());
    await tokenizeDatasetTask({ ...params, settings: settings({ contextSize: 32 }) }, fakeContext());
    expect((await readTokenManifest(t.outDir)).contextSize).toBe(32);
    expect(readdirSync(path.dirname(t.outDir))).toEqual(['h']);
    await expect(tokenizeDatasetTask({ ...params, settings: settings({ contextSize: 0 }) }, fakeContext())).rejects.toThrow(/contextSize/);
    await expect(tokenizeDatasetTask({ ...params, datasetId: 'nope', settings: settings({}) }, fakeContext())).rejects.toThrow(
      /dataset nope not found/,
    );
    await expect(readTokenManifest(t.dir)).rejects.toThrow(/no finished tokenization/);
  });
});
