import { createWriteStream } from 'node:fs';
import { rm, stat } from 'node:fs/promises';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { removeDir, tempDir } from '../../../../test/core-helpers';
import { MessageChannel } from 'node:worker_threads';
import { createTaskContext } from '../../runtime/context';
import { openDatabase } from '../../../main/core/db/connection';
import { defaultPaths } from '../../../node-shared/paths';
import { importDatasetTask } from '../import';
import { tokenizeDatasetTask } from './task';
import { DEMO_MODEL_DIR, fakeContext } from '../../../../test/task-support';

// Same size and bound as the import's large-file test (src/compute/datasets/import/large-file.test.ts),
// with tokenization after the import.
const GIB = 1024 ** 3;
const RSS_BOUND_MB = 200;
const dir = tempDir('mistudio-large-tok-');
afterAll(() => removeDir(dir));

/**
 * 1 MiB of JSON lines (≈ 300–1300 bytes each) for chunk `c`: prose over a 5,000-word made-up
 * vocabulary, a few non-ASCII words, and an id unique to each line, so a 1 GiB corpus holds
 * about a million distinct pre-tokens — the pre-token cache must start over several times.
 */
function chunk(c: number, words: readonly string[]): Buffer {
  const lines: string[] = [];
  let bytes = 0;
  let s = (c * 2654435761) >>> 0;
  const next = (n: number) => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s % n;
  };
  for (let i = 0; bytes < 1 << 20; i++) {
    const n = 45 + next(200);
    const body = Array.from({ length: n }, () => words[Math.min(next(words.length), next(words.length))]).join(' ');
    const line = JSON.stringify({ text: `Record ${c * 100_000 + i}: ${body}${i % 10 === 0 ? ' — café naïve 日本語' : ''}.` }) + '\n';
    lines.push(line);
    bytes += Buffer.byteLength(line);
  }
  return Buffer.from(lines.join(''));
}

async function writeCorpus(file: string, minBytes: number): Promise<{ bytes: number; lines: number }> {
  const syllables = ['ka', 'lo', 'mi', 'ne', 'ru', 'sa', 'to', 'vi', 'an', 'el', 'or', 'th', 'qu', 'ex'];
  const words = Array.from({ length: 5000 }, (_, i) => {
    let w = '';
    for (let k = i; w.length < 2 || k > 0; k = Math.floor(k / syllables.length)) w += syllables[k % syllables.length];
    return i % 7 === 0 ? w[0]?.toUpperCase() + w.slice(1) : w;
  });
  const out = createWriteStream(file, { highWaterMark: 4 << 20 });
  let bytes = 0;
  let lines = 0;
  for (let c = 0; bytes < minBytes; c++) {
    const b = chunk(c, words);
    if (!out.write(b)) await new Promise<void>((r) => out.once('drain', () => r()));
    bytes += b.length;
    lines += b.toString().split('\n').length - 1;
  }
  await new Promise<void>((resolve, reject) => out.end((err?: Error | null) => (err ? reject(err) : resolve())));
  return { bytes, lines };
}

/** Peak RSS growth (MB) over `run`: sampled on a timer and at every progress report (the task is mostly synchronous). */
async function peakGrowthMb<T>(run: (sample: () => void) => Promise<T>): Promise<{ result: T; growthMb: number }> {
  const baseline = process.memoryUsage().rss;
  let peak = baseline;
  const sample = () => (peak = Math.max(peak, process.memoryUsage().rss));
  const timer = setInterval(sample, 50);
  try {
    const result = await run(sample);
    sample();
    return { result, growthMb: (peak - baseline) / 1e6 };
  } finally {
    clearInterval(timer);
  }
}

describe('large corpus', () => {
  it(`imports and tokenizes a generated ≥ 1 GiB .jsonl with RSS growth < ${RSS_BOUND_MB} MB in each step`, async () => {
    const file = path.join(dir, 'big.jsonl');
    const written = await writeCorpus(file, GIB);
    expect((await stat(file)).size).toBeGreaterThanOrEqual(GIB);
    const { sqlite, path: dbPath } = openDatabase(dir, defaultPaths.migrations());
    sqlite
      .prepare("INSERT INTO datasets (id, name, source, status, created_at, updated_at) VALUES ('big', 'big', 'local', 'importing', 0, 0)")
      .run();
    sqlite.close();

    const imported = await peakGrowthMb(() =>
      importDatasetTask(
        {
          datasetId: 'big',
          dbPath,
          files: [{ path: file, format: 'jsonl' }],
          options: { textField: 'text', splitMode: 'random' },
          datasetDir: path.join(dir, 'ds'),
        },
        createTaskContext('big', dir, new MessageChannel().port1),
      ),
    );
    await rm(file, { force: true });
    expect(imported.result.sampleCount).toBe(written.lines);

    const settings = {
      mode: 'concat_chunk',
      maxLength: 128,
      padding: 'none',
      truncation: 'longest_first',
      addSpecialTokens: false,
      returnAttentionMask: true,
      contextSize: 1024,
      prependBos: true,
    } as const;
    const started = performance.now();
    const tokenized = await peakGrowthMb((sample) => {
      const ctx = fakeContext();
      const report = ctx.progress.bind(ctx);
      ctx.progress = (fraction, message) => {
        sample();
        report(fraction, message);
      };
      return tokenizeDatasetTask(
        { datasetId: 'big', dbPath, modelDir: DEMO_MODEL_DIR, settings, outDir: path.join(dir, 'ds', 'tokens', 'big') },
        ctx,
      );
    });
    const t = tokenized.result;
    const tokenizeSeconds = (performance.now() - started) / 1000;
    const db = new Database(dbPath, { readonly: true });
    const counted = db
      .prepare("SELECT count(*) AS n, sum(token_count) AS tokens FROM dataset_samples WHERE dataset_id = 'big' AND token_count IS NOT NULL")
      .get() as { n: number; tokens: number };
    db.close();
    console.log(
      `large corpus: ${(written.bytes / GIB).toFixed(2)} GiB, ${written.lines} samples; import RSS peak growth ${imported.growthMb.toFixed(0)} MB; ` +
        `tokenize (${t.totals.contentTokens + t.totals.droppedTokens} tokens, ${t.shards} shards, ${tokenizeSeconds.toFixed(0)} s) RSS peak growth ${tokenized.growthMb.toFixed(0)} MB`,
    );
    expect(t.totals.samples).toBe(written.lines);
    expect(counted).toEqual({ n: written.lines, tokens: t.totals.contentTokens + t.totals.droppedTokens });
    // Full 1,024-token windows, each opening with BOS, samples apart by separators; less than a window left over.
    expect(t.totals.tokens).toBe(t.totals.rows * 1024);
    expect(t.totals.contentTokens).toBeLessThanOrEqual(t.totals.rows * 1023);
    expect(t.totals.contentTokens).toBeGreaterThanOrEqual(t.totals.rows * 1023 - written.lines);
    expect(t.totals.droppedTokens).toBeLessThan(1024);
    expect(imported.growthMb).toBeLessThan(RSS_BOUND_MB);
    expect(tokenized.growthMb).toBeLessThan(RSS_BOUND_MB);
  }, 1_200_000);
});
