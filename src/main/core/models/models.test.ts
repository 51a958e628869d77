import { existsSync, mkdirSync, readdirSync, writeFileSync, cpSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { Core } from '..';
import { createTestCore, removeDir, tempDir, waitForJob } from '../../../../test/core-helpers';
import type { JobRecord } from '../../../shared/types/jobs';
import type { GenerationResult, ModelRecord } from '../../../shared/types/models';
import { appRoot } from '../paths';

const FIXTURE = path.join(appRoot(), 'fixtures', 'models', 'gpt2-tiny');
let core: Core | null = null;
const dirs: string[] = [];
afterEach(async () => {
  await core?.close();
  core = null;
  dirs.splice(0).forEach(removeDir);
});

async function ok<T>(p: Promise<{ ok: boolean; result?: unknown; error?: unknown }>): Promise<T> {
  const env = await p;
  if (!env.ok) throw new Error(JSON.stringify(env.error));
  return env.result as T;
}

async function start(): Promise<Core> {
  const dir = tempDir();
  dirs.push(dir);
  core = await createTestCore(dir);
  return core;
}

describe('models: import, generate, delete', () => {
  it('imports a folder (checked, hooks found, copied), generates from it, and deletes it reporting the freed space', async () => {
    const c = await start();
    const job = await ok<JobRecord>(c.dispatch('models.import', { path: FIXTURE, name: 'tiny' }));
    expect((await waitForJob(c, job.id, ['completed', 'failed'])).status).toBe('completed');
    const [model] = await ok<ModelRecord[]>(c.dispatch('models.list', {}));
    expect(model).toMatchObject({ name: 'tiny', status: 'ready', source: 'local' });
    expect(model!.architecture).toMatchObject({ family: 'gpt2', nLayers: 3, kvCache: true });
    expect(model!.hooks.map((h) => h.name)).toContain('blocks.1.hook_resid_post');
    expect(model!.path).toBe(path.join(c.dataDir, 'models', model!.id));
    expect(existsSync(path.join(model!.path!, 'onnx', 'model.onnx'))).toBe(true);

    const tokens: string[] = [];
    c.events.onAny((e, p) => {
      if (e === 'models.token') tokens.push((p as { text: string }).text);
    });
    const options = { maxNewTokens: 8, temperature: 0, topP: 1, topK: 0, seed: 1, stopAtEos: false };
    const gen = await ok<JobRecord>(c.dispatch('models.generate', { modelId: model!.id, prompt: 'Hi', options }));
    const done = await waitForJob(c, gen.id, ['completed', 'failed']);
    expect(done.status).toBe('completed');
    const result = done.result as GenerationResult;
    expect(result.tokenIds).toHaveLength(8);
    expect(tokens.join('')).toBe(result.text); // streamed == final (byte tokens, ASCII-safe or replaced alike)

    const { freedBytes } = await ok<{ freedBytes: number }>(c.dispatch('models.delete', { id: model!.id }));
    expect(freedBytes).toBe(model!.sizeBytes);
    expect(existsSync(model!.path!)).toBe(false);
    expect(await ok<ModelRecord[]>(c.dispatch('models.list', {}))).toEqual([]);
  });

  it.each([
    ['config.json', (d: string) => removeFile(d, 'config.json'), /config\.json not found/],
    ['tokenizer.json', (d: string) => removeFile(d, 'tokenizer.json'), /tokenizer\.json not found/],
    ['onnx/model.onnx (truncated)', (d: string) => writeFileSync(path.join(d, 'onnx', 'model.onnx'), 'not a model'), /model\.onnx/],
    [
      'config.json (broken JSON)',
      (d: string) => writeFileSync(path.join(d, 'config.json'), '{ "n_layer": '),
      /config\.json is not valid JSON/,
    ],
  ])('a folder with a missing or broken %s fails naming the file and leaves nothing behind', async (_label, breakIt, message) => {
    const c = await start();
    const broken = tempDir();
    dirs.push(broken);
    cpSync(FIXTURE, broken, { recursive: true });
    breakIt(broken);
    const job = await ok<JobRecord>(c.dispatch('models.import', { path: broken }));
    const done = await waitForJob(c, job.id, ['completed', 'failed']);
    expect(done.status).toBe('failed');
    expect(done.error?.message).toMatch(message);
    // The failed import's record and folder are removed by the job's clean-up, which may land after the failure event.
    const modelsDir = path.join(c.dataDir, 'models');
    await vi.waitFor(
      async () => {
        expect(await ok<ModelRecord[]>(c.dispatch('models.list', {}))).toEqual([]);
        expect(existsSync(modelsDir) ? readdirSync(modelsDir) : []).toEqual([]);
      },
      { timeout: 10_000 },
    );
  });

  it('refuses a folder that does not exist, and unknown models, with typed errors', async () => {
    const c = await start();
    expect(await c.dispatch('models.import', { path: '/nonexistent/model' })).toMatchObject({ ok: false, error: { code: 'VALIDATION' } });
    expect(await c.dispatch('models.get', { id: 'model_nope' })).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
    expect(
      await c.dispatch('models.generate', {
        modelId: 'm',
        prompt: 'x',
        options: { maxNewTokens: 0, temperature: 0, topP: 1, topK: 0, seed: 0 },
      }),
    ).toMatchObject({ ok: false, error: { code: 'VALIDATION' } });
  });

  it('at start-up, a half-done import (row importing, partial folder) is removed', async () => {
    const dir = tempDir();
    dirs.push(dir);
    let c = await createTestCore(dir);
    const now = Date.now();
    c.models.store.insert({ id: 'model_half', name: 'half', source: 'local', status: 'importing', createdAt: now, updatedAt: now });
    mkdirSync(path.join(dir, 'models', 'model_half.partial-abcd'), { recursive: true });
    await c.close();
    c = await createTestCore(dir);
    core = c;
    expect(c.models.store.list()).toEqual([]);
    expect(readdirSync(path.join(dir, 'models'))).toEqual([]);
  });
});

function removeFile(dir: string, name: string): void {
  removeDir(path.join(dir, name));
}
