import { createWriteStream } from 'node:fs';
import { rm, stat } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { removeDir, tempDir } from '../../../../test/core-helpers';
import { MessageChannel } from 'node:worker_threads';
import { createTaskContext } from '../../runtime/context';
import { openDatabase } from '../../../main/core/db/connection';
import { defaultPaths } from '../../../node-shared/paths';
import { importDatasetTask } from './task';

const GIB = 1024 ** 3;
const RSS_BOUND_MB = 200;
const dir = tempDir('mistudio-large-');
afterAll(() => removeDir(dir));

/** ~1 MiB of JSON lines of varied length (≈ 300–1300 bytes), whole lines only. */
function templateChunk(): Buffer {
  const lines: string[] = [];
  let bytes = 0;
  for (let i = 0; bytes < 1 << 20; i++) {
    const line = JSON.stringify({ text: `doc ${i} `.concat('lorem ipsum dolor '.repeat(15 + (i % 60))), id: i, src: 'gen' }) + '\n';
    lines.push(line);
    bytes += Buffer.byteLength(line);
  }
  return Buffer.from(lines.join(''));
}

async function writeLargeJsonl(file: string, minBytes: number): Promise<{ bytes: number; lines: number }> {
  const chunk = templateChunk();
  const linesPerChunk = chunk.toString().split('\n').length - 1;
  const out = createWriteStream(file, { highWaterMark: 4 << 20 });
  let bytes = 0;
  let lines = 0;
  while (bytes < minBytes) {
    if (!out.write(chunk)) await new Promise<void>((r) => out.once('drain', () => r()));
    bytes += chunk.length;
    lines += linesPerChunk;
  }
  await new Promise<void>((resolve, reject) => out.end((err?: Error | null) => (err ? reject(err) : resolve())));
  return { bytes, lines };
}

describe('large file', () => {
  it(`imports a generated ≥ 1 GiB .jsonl into SQLite (samples + FTS5 index) with RSS growth < ${RSS_BOUND_MB} MB`, async () => {
    const file = path.join(dir, 'big.jsonl');
    const written = await writeLargeJsonl(file, GIB);
    expect((await stat(file)).size).toBeGreaterThanOrEqual(GIB);
    const { sqlite, path: dbPath } = openDatabase(dir, defaultPaths.migrations());
    sqlite
      .prepare("INSERT INTO datasets (id, name, source, status, created_at, updated_at) VALUES ('big', 'big', 'local', 'importing', 0, 0)")
      .run();

    const baseline = process.memoryUsage().rss;
    let peak = baseline;
    const timer = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 50);
    let result;
    try {
      const ctx = createTaskContext('big', dir, new MessageChannel().port1);
      result = await importDatasetTask(
        {
          datasetId: 'big',
          dbPath,
          files: [{ path: file, format: 'jsonl' }],
          options: { textField: 'text', splitMode: 'random' },
          datasetDir: path.join(dir, 'ds'),
        },
        ctx,
      );
    } finally {
      clearInterval(timer);
      peak = Math.max(peak, process.memoryUsage().rss);
    }
    await rm(file, { force: true });
    const growthMb = (peak - baseline) / 1e6;
    console.log(
      `large jsonl import: ${(written.bytes / GIB).toFixed(2)} GiB, ${result.sampleCount} samples, RSS baseline ${(baseline / 1e6).toFixed(0)} MB, peak growth ${growthMb.toFixed(0)} MB`,
    );
    expect(result.sampleCount).toBe(written.lines);
    expect(sqlite.prepare("SELECT count(*) AS n FROM dataset_samples WHERE dataset_id = 'big'").get()).toEqual({ n: written.lines });
    expect(sqlite.prepare('SELECT count(*) AS n FROM dataset_samples_fts WHERE dataset_samples_fts MATCH \'"doc 4242"\'').get()).toEqual({
      n: expect.any(Number),
    });
    sqlite.close();
    expect(growthMb).toBeLessThan(RSS_BOUND_MB);
  }, 400_000);
});
