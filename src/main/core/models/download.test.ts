import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { Core } from '..';
import { createTestCore, removeDir, tempDir, waitForJob } from '../../../../test/core-helpers';
import { filesFromDir, startFakeHub, type FakeHub } from '../../../../test/fake-hub';
import type { JobRecord } from '../../../shared/types/jobs';
import type { ModelRecord } from '../../../shared/types/models';
import { appRoot } from '../paths';

/** The real download path (HubClient in an io worker, then import) against a loopback fake hub. */
const TOKEN = 'hf_testtokenABCDEFGHIJ';
const files = filesFromDir(path.join(appRoot(), 'fixtures', 'models', 'gpt2-tiny'));
delete files['reference.json'];
delete files['reference.bin'];

let hub: FakeHub;
let core: Core | null = null;
const dirs: string[] = [];

beforeEach(async () => {
  hub = await startFakeHub([
    { kind: 'model', id: 'onnx-community/tiny-gpt2', branches: { main: files } },
    { kind: 'model', id: 'org/gated-tiny', branches: { main: files }, gatedToken: TOKEN },
  ]);
});
afterEach(async () => {
  await core?.close();
  core = null;
  await hub.close();
  dirs.splice(0).forEach(removeDir);
});

async function start(dir = tempDir()): Promise<Core> {
  dirs.push(dir);
  core = await createTestCore(dir, { hubEndpoint: hub.url });
  return core;
}

async function download(c: Core, repoId: string): Promise<JobRecord> {
  const env = await c.dispatch('models.download', { repoId });
  if (!env.ok) throw new Error(env.error.message);
  return waitForJob(c, (env.result as JobRecord).id, ['completed', 'failed', 'cancelled']);
}

describe('models.download (fake hub on loopback)', () => {
  it('downloads, resumes after an interrupted transfer, imports, and reuses the cache offline', async () => {
    const c = await start();
    hub.cutNext('onnx/model.onnx', 50_000);
    const job = await download(c, 'onnx-community/tiny-gpt2');
    expect(job.status).toBe('completed');
    const resumed = hub.requests.filter((r) => r.url.includes('onnx/model.onnx') && r.range?.startsWith('bytes=5'));
    expect(resumed.length).toBeGreaterThan(0);
    const model = (c.models.store.list() as ModelRecord[])[0]!;
    expect(model).toMatchObject({ status: 'ready', source: 'hf', repoId: 'onnx-community/tiny-gpt2' });
    expect(model.hooks.length).toBeGreaterThan(0);

    await hub.close();
    const again = await download(c, 'onnx-community/tiny-gpt2');
    expect(again.status).toBe('completed');
    expect(c.models.store.list().filter((m) => m.status === 'ready')).toHaveLength(2);
  });

  it('a gated repo without a token fails with GATED and a message that says what to do; with the token it works', async () => {
    const c = await start();
    const failed = await download(c, 'org/gated-tiny');
    expect(failed.status).toBe('failed');
    expect(failed.error?.code).toBe('GATED');
    expect(failed.error?.message).toMatch(/token/i);
    // The failed download's record is removed by the job's clean-up, which may land after the failure event on a loaded machine.
    await vi.waitFor(() => expect(c.models.store.list()).toEqual([]), { timeout: 10_000 }); // nothing half-imported

    await c.dispatch('settings.setHfToken', { token: TOKEN });
    const ok = await download(c, 'org/gated-tiny');
    expect(ok.status).toBe('completed');
    expect(JSON.stringify(ok)).not.toContain(TOKEN); // the token is not in the job row
    expect(hub.requests.some((r) => r.authorization === `Bearer ${TOKEN}`)).toBe(true);
  });

  it('an unknown repo fails with NOT_FOUND', async () => {
    const c = await start();
    const job = await download(c, 'nobody/nothing');
    expect(job.status).toBe('failed');
    expect(job.error?.code).toBe('NOT_FOUND');
  });
});
