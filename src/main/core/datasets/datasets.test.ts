import { existsSync, readdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { Core } from '..';
import { createTestCore, removeDir, tempDir, waitForJob } from '../../../../test/core-helpers';
import { startFakeHub, type FakeHub } from '../../../../test/fake-hub';
import { writeParquet } from '../../../../test/parquet-writer';
import type { DatasetRecord } from '../../../shared/types/datasets';
import type { JobRecord } from '../../../shared/types/jobs';
import { appRoot } from '../paths';

const DEMO_MODEL = path.join(appRoot(), 'resources', 'demo-model');
let core: Core | null = null;
let hub: FakeHub | null = null;
const dirs: string[] = [];
afterEach(async () => {
  await core?.close();
  core = null;
  await hub?.close();
  hub = null;
  dirs.splice(0).forEach(removeDir);
});

function dir(): string {
  const d = tempDir();
  dirs.push(d);
  return d;
}

async function ok<T>(p: Promise<{ ok: boolean; result?: unknown; error?: unknown }>): Promise<T> {
  const env = await p;
  if (!env.ok) throw new Error(JSON.stringify(env.error));
  return env.result as T;
}

async function settle(c: Core, job: JobRecord): Promise<JobRecord> {
  const done = await waitForJob(c, job.id, ['completed', 'failed', 'cancelled'], 60_000);
  await new Promise((r) => setTimeout(r, 30)); // settle hooks ran synchronously; let events flush
  return done;
}

const DOCS = [
  'In the beginning God created the heaven and the earth.',
  'And the earth was without form, and void.',
  'And God said, Let there be light: and there was light.',
  'And God saw the light, that it was good.',
];

describe('datasets service', () => {
  it('imports a JSONL file, searches it, tokenizes it for the demo model and computes statistics', async () => {
    const c = (core = await createTestCore(dir(), { demoModelDir: DEMO_MODEL }));
    const file = path.join(dir(), 'genesis.jsonl');
    writeFileSync(file, DOCS.map((text, i) => JSON.stringify({ text, verse: i + 1 })).join('\n') + '\n');
    const imp = await settle(
      c,
      await ok<JobRecord>(
        c.dispatch('datasets.importFile', { path: file, options: { splitMode: 'random', ratios: { train: 1, validation: 0, test: 0 } } }),
      ),
    );
    expect(imp.status).toBe('completed');
    const [ds] = await ok<DatasetRecord[]>(c.dispatch('datasets.list', {}));
    expect(ds).toMatchObject({ status: 'ready', sampleCount: 4, format: 'jsonl', splits: { train: 4 } });
    const found = await ok<{ total: number; items: { text: string; metadata: Record<string, unknown> }[] }>(
      c.dispatch('datasets.samples', { id: ds!.id, search: 'light' }),
    );
    expect(found.total).toBe(2);
    expect(found.items[0]!.metadata).toEqual({ verse: 3 });

    // The demo model registers at start-up; wait for it.
    for (let i = 0; i < 100 && c.models.store.list()[0]?.status !== 'ready'; i++) await new Promise((r) => setTimeout(r, 100));
    const model = c.models.store.list()[0]!;
    const settings = {
      mode: 'per_sample',
      maxLength: 64,
      padding: 'none',
      truncation: 'longest_first',
      addSpecialTokens: false,
      returnAttentionMask: true,
      contextSize: 16,
      prependBos: true,
    } as const;
    const tok = await settle(c, await ok<JobRecord>(c.dispatch('datasets.tokenize', { id: ds!.id, modelId: model.id, settings })));
    expect(tok.status).toBe('completed');
    const stats = await waitForStatistics(c, ds!.id);
    const preview = await ok<{ count: number }[]>(
      Promise.all(DOCS.map((text) => ok(c.dispatch('datasets.previewTokens', { modelId: model.id, text })))).then((r) => ({
        ok: true,
        result: r,
      })),
    );
    const expectedTokens = preview.reduce((s, p) => s + p.count, 0);
    const after = c.datasets.get(ds!.id);
    expect(after.status).toBe('tokenized');
    expect(after.tokenCount).toBe(expectedTokens);
    expect(stats).toMatchObject({ totalSamples: 4, totalTokens: expectedTokens });
    expect(existsSync(path.join(after.tokenization!.path, 'manifest.json'))).toBe(true);

    const { freedBytes } = await ok<{ freedBytes: number }>(c.dispatch('datasets.delete', { id: ds!.id }));
    expect(freedBytes).toBeGreaterThan(0);
    expect(c.datasets.store.list()).toEqual([]);
    expect(c.database.sqlite.prepare('SELECT count(*) AS n FROM dataset_samples').get()).toEqual({ n: 0 });
  });

  it('a bad line fails the import naming file and line, and leaves nothing in the DB or on disk', async () => {
    const c = (core = await createTestCore(dir()));
    const file = path.join(dir(), 'broken.jsonl');
    writeFileSync(file, `${JSON.stringify({ text: 'fine' })}\n{"text": oops}\n`);
    const job = await settle(c, await ok<JobRecord>(c.dispatch('datasets.importFile', { path: file })));
    expect(job.status).toBe('failed');
    expect(job.error?.message).toMatch(/broken\.jsonl.*line 2/);
    expect(c.datasets.store.list()).toEqual([]);
    expect(c.database.sqlite.prepare('SELECT count(*) AS n FROM dataset_samples').get()).toEqual({ n: 0 });
    expect(existsSync(path.join(c.dataDir, 'datasets')) ? readdirSync(path.join(c.dataDir, 'datasets')) : []).toEqual([]);
  });

  it('with the skip policy, bad rows are left out and counted on the dataset', async () => {
    const c = (core = await createTestCore(dir()));
    const file = path.join(dir(), 'mixed.jsonl');
    writeFileSync(
      file,
      `${JSON.stringify({ text: 'one' })}\n{"text": oops}\n${JSON.stringify({ other: 1 })}\n${JSON.stringify({ text: 'two' })}\n`,
    );
    const job = await settle(c, await ok<JobRecord>(c.dispatch('datasets.importFile', { path: file, options: { badRows: 'skip' } })));
    expect(job.status).toBe('completed');
    expect(c.datasets.store.list()[0]).toMatchObject({ sampleCount: 2, skippedRows: { INVALID_JSON: 1, MISSING_FIELD: 1 } });
  });

  it('registers the bundled demo corpus with its three splits', async () => {
    const c = (core = await createTestCore(dir(), { demoDatasetDir: path.join(appRoot(), 'resources', 'demo-dataset') }));
    for (let i = 0; i < 200 && c.datasets.store.list()[0]?.status !== 'ready'; i++) await new Promise((r) => setTimeout(r, 100));
    expect(c.datasets.store.list()[0]).toMatchObject({
      source: 'bundled',
      status: 'ready',
      sampleCount: 1189,
      splits: { train: 1071, validation: 59, test: 59 },
    });
  });

  it('downloads a Hugging Face dataset split (multi-file parquet) from a fake hub and imports it', async () => {
    const shard = (texts: string[]) => ({
      content: writeParquet(
        [{ name: 'text', type: 'utf8' }],
        texts.map((text) => ({ text })),
      ),
      lfs: true,
      redirect: true,
    });
    hub = await startFakeHub([
      {
        kind: 'dataset',
        id: 'someone/psalms',
        branches: {
          main: { 'README.md': { content: new TextEncoder().encode('# psalms\n'), lfs: false } },
          'refs/convert/parquet': {
            'default/train/0000.parquet': shard(['The LORD is my shepherd', 'I shall not want']),
            'default/train/0001.parquet': shard(['He maketh me to lie down']),
          },
        },
      },
    ]);
    const c = (core = await createTestCore(dir(), { hubEndpoint: hub.url }));
    const job = await settle(c, await ok<JobRecord>(c.dispatch('datasets.downloadHf', { repoId: 'someone/psalms', splits: ['train'] })));
    expect(job.error).toBeNull();
    expect(c.datasets.store.list()[0]).toMatchObject({ status: 'ready', sampleCount: 3, splits: { train: 3 }, source: 'hf' });
  });
});

async function waitForStatistics(c: Core, id: string): Promise<Record<string, unknown>> {
  for (let i = 0; i < 200; i++) {
    const st = c.datasets.get(id).statistics;
    if (st) return st as unknown as Record<string, unknown>;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error('statistics never arrived');
}
