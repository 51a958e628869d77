import { existsSync, mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Core } from '..';
import { call, createTestCore, removeDir, tempDir, waitFor, waitForJob } from '../../../../test/core-helpers';
import type { ActivationSetRecord } from '../../../shared/types/activations';
import type { TokenizationSettings } from '../../../shared/types/datasets';
import type { JobRecord } from '../../../shared/types/jobs';
import { appRoot } from '../paths';
import { newId } from '../util/ids';
import { evalSplitsOf } from './service';

/**
 * The activation-set service on a real core (docs/activations.md): what an extraction is refused
 * for, what a failed one leaves, delete's guards, start-up recovery. Datasets are rows written
 * through the real store (a tokenized dataset without shards is enough for every refusal and for
 * a job that fails); the full extraction path runs in src/main/core/training/training.test.ts.
 */

const DEMO = path.join(appRoot(), 'resources', 'demo-model');
const WINDOWS: TokenizationSettings = {
  mode: 'concat_chunk',
  maxLength: 64,
  padding: 'none',
  truncation: 'none',
  addSpecialTokens: false,
  returnAttentionMask: true,
  contextSize: 64,
  prependBos: true,
};

let dir: string;
let core: Core;
let modelId: string;

beforeAll(async () => {
  dir = tempDir();
  core = await createTestCore(dir, { demoModelDir: DEMO });
  modelId = await waitFor('demo model', () => core.models.store.list().find((m) => m.status === 'ready')?.id, 120_000);
}, 180_000);

afterAll(async () => {
  await core.close();
  removeDir(dir);
});

/** A dataset row: `tokenizedFor` gives it a tokenization (64-token windows) for that model, shards at `tokensDir`. */
function addDataset(o: { tokenizedFor?: string; status?: 'ready' | 'tokenizing' | 'tokenized'; tokensDir?: string } = {}): string {
  const id = newId('ds');
  const now = Date.now();
  const tokenization = o.tokenizedFor
    ? {
        modelId: o.tokenizedFor,
        modelName: 'demo',
        settings: WINDOWS,
        path: o.tokensDir ?? path.join(dir, 'no-shards-here'),
        totalTokens: 6400,
        rows: 100,
        createdAt: now,
      }
    : null;
  core.datasets.store.insert({
    id,
    name: `kjv ${id.slice(-4)}`,
    source: 'local',
    status: o.status ?? (o.tokenizedFor ? 'tokenized' : 'ready'),
    sampleCount: 100,
    splits: { train: 90, validation: 10 },
    tokenization,
    tokenizerModelId: o.tokenizedFor ?? null,
    createdAt: now,
    updatedAt: now,
  });
  return id;
}

/** An activation-set row (and optionally its files), as an extraction leaves it. */
function addSet(status: ActivationSetRecord['status'], files: Record<string, number> = {}): string {
  const id = newId('act');
  const now = Date.now();
  core.activations.store.insert({
    id,
    name: `set ${id.slice(-4)}`,
    modelId,
    datasetId: null,
    hooks: ['blocks.2.hook_resid_post'],
    dtype: 'float32',
    dModel: 256,
    status,
    createdAt: now,
    updatedAt: now,
  });
  for (const [name, bytes] of Object.entries(files)) {
    mkdirSync(core.activations.dir(id), { recursive: true });
    writeFileSync(path.join(core.activations.dir(id), name), Buffer.alloc(bytes));
  }
  return id;
}

const extract = (config: Record<string, unknown>) =>
  call<{ set: ActivationSetRecord; job: JobRecord }>(core, 'activations.extract', {
    config: { modelId, layers: [2], hookTypes: ['hook_resid_post'], ...config },
  });

describe('activation sets', () => {
  it('evaluation splits to hold out: validation and test, where the dataset has samples in them', () => {
    expect(evalSplitsOf({ train: 90, validation: 5, test: 5 })).toEqual(['validation', 'test']);
    expect(evalSplitsOf({ train: 90, test: 3, validation: 0 })).toEqual(['test']);
    expect(evalSplitsOf({ train: 100 })).toEqual([]);
  });

  it('refuses an extraction its dataset cannot serve, saying what to do, and records nothing', async () => {
    const before = core.activations.store.list().length;
    await expect(extract({ datasetId: addDataset() })).rejects.toMatchObject({
      code: 'INVALID_STATE',
      message: expect.stringMatching(/is not tokenized for .*tokenize it for this model on the Datasets tab/),
    });
    await expect(extract({ datasetId: addDataset({ tokenizedFor: 'mdl-another-model' }) })).rejects.toMatchObject({
      code: 'INVALID_STATE',
    });
    await expect(extract({ datasetId: addDataset({ tokenizedFor: modelId, status: 'tokenizing' }) })).rejects.toMatchObject({
      code: 'INVALID_STATE',
    });
    const tokenized = addDataset({ tokenizedFor: modelId });
    await expect(extract({ datasetId: tokenized, contextSize: 128 })).rejects.toMatchObject({
      code: 'VALIDATION',
      message: expect.stringMatching(/Context size 128 is longer than the tokenized windows \(64 tokens\); pick ≤ 64/),
    });
    await expect(extract({ datasetId: tokenized, modelId: 'mdl-nope' })).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await expect(extract({ datasetId: tokenized, hookTypes: [] })).rejects.toMatchObject({
      code: 'VALIDATION',
      message: expect.stringMatching(/at least one activation type/),
    });
    expect(core.activations.store.list()).toHaveLength(before);
  });

  it('an extraction that fails keeps its row with the reason, and leaves no files behind', async () => {
    const datasetId = addDataset({ tokenizedFor: modelId, tokensDir: path.join(dir, 'shards-that-were-deleted') });
    const { set, job } = await extract({ datasetId, layers: [1, 2], hookTypes: ['hook_resid_post', 'hook_mlp_out'] });
    expect(set).toMatchObject({
      status: 'extracting',
      modelId,
      datasetId,
      hooks: ['blocks.1.hook_resid_post', 'blocks.1.hook_mlp_out', 'blocks.2.hook_resid_post', 'blocks.2.hook_mlp_out'],
    });
    expect(set.name).toMatch(/ · kjv .* · L1,2 resid_post\+mlp_out$/);
    expect(set.config.heldOutSplits).toEqual(['validation']); // held out by default
    expect((await waitForJob(core, job.id, ['completed', 'failed', 'interrupted'], 120_000)).status).toBe('failed');
    const failed = await waitFor('set marked failed', () =>
      core.activations.get(set.id).status === 'failed' ? core.activations.get(set.id) : null,
    );
    expect(failed.error).toMatch(/manifest\.json not found: this folder holds no finished tokenization/);
    const parent = path.dirname(core.activations.dir(set.id));
    expect(existsSync(parent) ? readdirSync(parent).filter((n) => n.startsWith(set.id)) : []).toEqual([]);
  }, 180_000);

  it('delete is refused while extracting or while an unfinished training reads the set; otherwise it frees the bytes', async () => {
    const extracting = addSet('extracting');
    await expect(call(core, 'activations.delete', { id: extracting })).rejects.toMatchObject({
      code: 'CONFLICT',
      message: expect.stringMatching(/being extracted; cancel its job first/),
    });

    const ready = addSet('ready', { 'blocks.2.hook_resid_post-00000.bin': 1000, 'refs-00000.bin': 24 });
    await expect(core.activations.delete(ready, () => 'layer 2, L1 4')).rejects.toMatchObject({
      code: 'CONFLICT',
      message: expect.stringMatching(/used by the training "layer 2, L1 4"/),
    });
    expect(existsSync(core.activations.dir(ready))).toBe(true);

    const changed: string[] = [];
    const off = core.events.onAny((event, payload) => {
      if (event === 'activations.changed') changed.push((payload as { id: string }).id);
    });
    expect(await call(core, 'activations.delete', { id: ready })).toEqual({ freedBytes: 1024 });
    off();
    expect(changed).toContain(ready);
    expect(existsSync(core.activations.dir(ready))).toBe(false);
    await expect(call(core, 'activations.get', { id: ready })).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });

  it('at start-up a set left extracting by a stopped process becomes interrupted, its partial folder removed', async () => {
    const stuck = addSet('extracting');
    const partial = `${core.activations.dir(stuck)}.partial-0badc0de`;
    mkdirSync(partial, { recursive: true });
    writeFileSync(path.join(partial, 'blocks.2.hook_resid_post-00000.bin'), Buffer.alloc(64));
    const ready = addSet('ready', { 'manifest.json': 2 });
    await core.close();
    core = await createTestCore(dir, { demoModelDir: DEMO });
    expect(core.activations.get(stuck)).toMatchObject({
      status: 'interrupted',
      error: expect.stringMatching(/stopped while this extraction ran; extract again/),
    });
    expect(existsSync(partial)).toBe(false);
    expect(core.activations.get(ready).status).toBe('ready');
  }, 180_000);
});
