/**
 * Helpers for the compute task tests (tokenize, stats, activations, features, analysis, steering, training)
 * and the benches: a temp migrated app DB with samples, and a TaskContext stand-in. They live in test/ because
 * they open a real database with src/main's `openDatabase`, which src/compute itself never imports.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { openDatabase } from '../src/main/core/db/connection';
import { appRoot, defaultPaths } from '../src/node-shared/paths';
import type { TaskContext } from '../src/compute/runtime/context';
import { TaskCancelledError } from '../src/compute/runtime/protocol';

export const DEMO_MODEL_DIR = path.join(appRoot(), 'resources', 'demo-model');

export interface TestSample {
  text: string;
  split?: string;
}

/** A migrated mistudio.db in a temp folder holding one dataset with `samples` (ordinal = index). */
export function createTestDataset(
  samples: readonly TestSample[],
  datasetId = 'ds-test',
): { dir: string; dbPath: string; datasetId: string; cleanup: () => void } {
  const dir = mkdtempSync(path.join(tmpdir(), 'mistudio-tok-'));
  const opened = openDatabase(dir, defaultPaths.migrations());
  const now = Date.now();
  opened.sqlite
    .prepare(
      "INSERT INTO datasets (id, name, source, status, sample_count, size_bytes, created_at, updated_at) VALUES (?, 'test', 'local', 'ready', ?, 0, ?, ?)",
    )
    .run(datasetId, samples.length, now, now);
  const insert = opened.sqlite.prepare('INSERT INTO dataset_samples (dataset_id, ordinal, split, text) VALUES (?, ?, ?, ?)');
  // Inserted in reverse so the task has to order by ordinal, not by rowid.
  opened.sqlite.transaction(() => {
    for (let i = samples.length - 1; i >= 0; i--) insert.run(datasetId, i, samples[i]?.split ?? 'train', samples[i]?.text ?? '');
  })();
  opened.sqlite.close();
  return { dir, dbPath: opened.path, datasetId, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

/** Takes any report (tests of every kind use it) and drops it. */
export interface FakeContext extends TaskContext<unknown> {
  progressValues: number[];
  checkpoints: number;
}

/** A TaskContext that records progress and cancels at the `cancelAtCheckpoint`-th checkpoint. */
export function fakeContext(opts: { cancelAtCheckpoint?: number; dataDir?: string } = {}): FakeContext {
  const ctx: FakeContext = {
    jobId: 'job-test',
    dataDir: opts.dataDir ?? tmpdir(),
    secrets: {},
    progressValues: [],
    checkpoints: 0,
    cancelled: false,
    progress(fraction) {
      ctx.progressValues.push(fraction);
    },
    log() {},
    report() {},
    takeRequests: () => [],
    async checkpoint() {
      ctx.checkpoints += 1;
      if (opts.cancelAtCheckpoint !== undefined && ctx.checkpoints >= opts.cancelAtCheckpoint) throw new TaskCancelledError();
    },
  };
  return ctx;
}
