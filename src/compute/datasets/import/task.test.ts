import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { removeDir, tempDir } from '../../../../test/core-helpers';
import { openDatabase, type OpenedDatabase } from '../../../main/core/db/connection';
import { defaultPaths } from '../../../node-shared/paths';
import { TaskCancelledError } from '../../runtime/protocol';
import type { TaskContext } from '../../runtime/context';
import { importDatasetTask } from './task';

function fakeContext(dataDir: string, cancelAfterCheckpoints = Infinity) {
  const progress: number[] = [];
  let checkpoints = 0;
  const ctx: TaskContext = {
    jobId: 'job-1',
    dataDir,
    secrets: {},
    progress: (f) => progress.push(f),
    log: () => undefined,
    report: () => undefined,
    takeRequests: () => [],
    checkpoint: async () => {
      if (++checkpoints > cancelAfterCheckpoints) throw new TaskCancelledError();
    },
    get cancelled() {
      return checkpoints > cancelAfterCheckpoints;
    },
  };
  return { ctx, progress };
}

let dir: string;
let opened: OpenedDatabase;
beforeEach(() => {
  dir = tempDir('mistudio-import-');
  opened = openDatabase(dir, defaultPaths.migrations());
  opened.sqlite
    .prepare("INSERT INTO datasets (id, name, source, status, created_at, updated_at) VALUES ('ds1', 'test', 'local', 'importing', 0, 0)")
    .run();
});
afterEach(() => {
  opened.sqlite.close();
  removeDir(dir);
});

const count = () => (opened.sqlite.prepare("SELECT count(*) AS n FROM dataset_samples WHERE dataset_id = 'ds1'").get() as { n: number }).n;
const params = (file: string, options: Record<string, unknown> = {}) => ({
  datasetId: 'ds1',
  dbPath: opened.path,
  files: [{ path: file }],
  options,
  datasetDir: path.join(dir, 'datasets', 'ds1'),
});

function jsonl(name: string, n: number, badAt = -1): string {
  const file = path.join(dir, name);
  const rows = Array.from({ length: n }, (_, i) =>
    i === badAt
      ? '{broken'
      : JSON.stringify({ text: `sample ${i} ${i === 3 ? 'zebra' : 'horse'}`, src: 'gen', split: i % 10 === 0 ? 'dev' : 'train' }),
  );
  writeFileSync(file, rows.join('\n') + '\n');
  return file;
}

describe('importDatasetTask', () => {
  it('imports into dataset_samples with splits from the data, copies the raw file, FTS finds a word', async () => {
    const file = jsonl('corpus.jsonl', 2500);
    const { ctx, progress } = fakeContext(dir);
    const result = await importDatasetTask(params(file, { splitField: 'split', checkpointEvery: 100 }), ctx);
    expect(result).toEqual({
      sampleCount: 2500,
      splits: { validation: 250, train: 2250 },
      sizeBytes: readFileSync(file).length,
      skipped: {},
      format: 'jsonl',
    });
    expect(count()).toBe(2500);
    const row = opened.sqlite
      .prepare("SELECT ordinal, split, text, metadata FROM dataset_samples WHERE dataset_id='ds1' AND ordinal = 3")
      .get();
    expect(row).toEqual({ ordinal: 3, split: 'train', text: 'sample 3 zebra', metadata: '{"src":"gen"}' });
    const hits = opened.sqlite.prepare("SELECT rowid FROM dataset_samples_fts WHERE dataset_samples_fts MATCH 'zebra'").all();
    expect(hits).toHaveLength(1);
    expect(readFileSync(path.join(dir, 'datasets/ds1/raw/corpus.jsonl'))).toEqual(readFileSync(file));
    expect(readdirSync(path.join(dir, 'datasets/ds1/raw'))).toEqual(['corpus.jsonl']);
    expect(progress.at(-1)).toBe(1);
    expect(progress.every((p, i) => i === 0 || p >= (progress[i - 1] ?? 0))).toBe(true);
  });

  it('all or nothing: a bad line mid-file leaves no samples and no raw copy', async () => {
    const file = jsonl('bad.jsonl', 5000, 3210);
    const { ctx } = fakeContext(dir);
    await expect(importDatasetTask(params(file), ctx)).rejects.toMatchObject({ code: 'INVALID_JSON', locator: 'line 3211' });
    expect(count()).toBe(0);
    expect(opened.sqlite.prepare("SELECT count(*) AS n FROM dataset_samples_fts WHERE dataset_samples_fts MATCH 'horse'").get()).toEqual({
      n: 0,
    });
    const raw = path.join(dir, 'datasets/ds1/raw');
    expect(existsSync(raw) ? readdirSync(raw) : []).toEqual([]);
  });

  it('cancel mid-import rolls back', async () => {
    const file = jsonl('c.jsonl', 3000);
    const { ctx } = fakeContext(dir, 5);
    await expect(importDatasetTask(params(file, { checkpointEvery: 100 }), ctx)).rejects.toBeInstanceOf(TaskCancelledError);
    expect(count()).toBe(0);
  });

  it('skip policy reports counts; random split by seed is repeatable', async () => {
    const file = jsonl('s.jsonl', 2000, 50);
    const opts = { badRows: 'skip', splitMode: 'random', seed: 11, ratios: { train: 0.8, validation: 0.1, test: 0.1 } };
    const first = await importDatasetTask(params(file, opts), fakeContext(dir).ctx);
    expect(first.sampleCount).toBe(1999);
    expect(first.skipped).toEqual({ INVALID_JSON: 1 });
    expect(Math.abs((first.splits.train ?? 0) / 1999 - 0.8)).toBeLessThan(0.04);
    const splitsOf = () => opened.sqlite.prepare("SELECT split FROM dataset_samples WHERE dataset_id='ds1' ORDER BY ordinal").all();
    const before = splitsOf();
    opened.sqlite.prepare("DELETE FROM dataset_samples WHERE dataset_id='ds1'").run();
    const again = await importDatasetTask(params(file, { ...opts, checkpointEvery: 7 }), fakeContext(dir).ctx);
    expect(again.splits).toEqual(first.splits);
    expect(splitsOf()).toEqual(before);
  });

  it('refuses an unknown format and an empty file before touching the DB', async () => {
    const odd = path.join(dir, 'data.xlsx');
    writeFileSync(odd, 'x');
    await expect(importDatasetTask(params(odd), fakeContext(dir).ctx)).rejects.toMatchObject({ code: 'UNSUPPORTED_FORMAT' });
    const empty = path.join(dir, 'empty.csv');
    writeFileSync(empty, '');
    await expect(importDatasetTask(params(empty), fakeContext(dir).ctx)).rejects.toMatchObject({ code: 'EMPTY_FILE' });
    expect(count()).toBe(0);
  });
});
