import { chmodSync, existsSync, mkdirSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createTestCore, waitForJob } from '../../../../test/core-helpers';
import { testScope } from '../../../../test/process-helpers';
import type { Envelope } from '../../../shared/contract';
import type { JobRecord } from '../../../shared/types/jobs';
import { appRoot } from '../paths';
import type { Core } from '..';

const DEMO_MODEL = path.join(appRoot(), 'resources', 'demo-model');
const scope = testScope();
const dir = scope.dir;
afterEach(() => scope.cleanup());
const modeOf = (p: string) => statSync(p).mode & 0o777;

/** Every folder and file under `root` with its mode, for one readable failure message. */
function loose(root: string): string[] {
  const out: string[] = [];
  const walk = (d: string) => {
    if ((modeOf(d) & 0o077) !== 0) out.push(`${d} ${modeOf(d).toString(8)}`);
    for (const e of readdirSync(d, { withFileTypes: true })) {
      const p = path.join(d, e.name);
      if (e.isDirectory()) walk(p);
      else if (e.isFile() && (modeOf(p) & 0o077) !== 0) out.push(`${p} ${modeOf(p).toString(8)}`);
    }
  };
  walk(root);
  return out;
}

async function ok(p: Promise<Envelope<unknown>>): Promise<JobRecord> {
  const env = await p;
  if (!env.ok) throw new Error(JSON.stringify(env.error));
  return env.result as JobRecord;
}

async function settle(c: Core, job: JobRecord): Promise<JobRecord> {
  const done = await waitForJob(c, job.id, ['completed', 'failed', 'cancelled'], 60_000);
  await new Promise((r) => setTimeout(r, 30));
  return done;
}

describe('finding 4: everything the app writes is private (0700 folders, 0600 files)', () => {
  it('a new data dir: DB + WAL/SHM, settings.json, logs, secrets, raw dataset copies, token shards', async () => {
    const data = dir();
    const c = scope.keep(await createTestCore(data, { demoModelDir: DEMO_MODEL }));
    await c.dispatch('settings.update', { computeDevice: 'cpu' });
    await c.dispatch('settings.setHfToken', { token: 'hf_abcdefghijklmnop' });
    const source = path.join(dir(), 'open.jsonl');
    writeFileSync(source, '{"text":"In the beginning"}\n{"text":"And the earth was without form"}\n');
    chmodSync(source, 0o644);
    expect((await settle(c, await ok(c.dispatch('datasets.importFile', { path: source })))).status).toBe('completed');
    for (let i = 0; i < 100 && c.models.store.list()[0]?.status !== 'ready'; i++) await new Promise((r) => setTimeout(r, 100));
    const ds = c.datasets.store.list()[0]!;
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
    expect(
      (await settle(c, await ok(c.dispatch('datasets.tokenize', { id: ds.id, modelId: c.models.store.list()[0]!.id, settings })))).status,
    ).toBe('completed');

    expect(modeOf(data)).toBe(0o700);
    for (const f of [
      'mistudio.db',
      'mistudio.db-wal',
      'mistudio.db-shm',
      'settings.json',
      'logs/main.log',
      'secrets/hf-token',
      `datasets/${ds.id}/raw/open.jsonl`,
    ]) {
      expect([f, modeOf(path.join(data, f)).toString(8)]).toEqual([f, '600']);
    }
    for (const d of ['logs', 'secrets', 'datasets', `datasets/${ds.id}/raw`, `datasets/${ds.id}/tokens`])
      expect([d, modeOf(path.join(data, d)).toString(8)]).toEqual([d, '700']);
    expect(readdirSync(path.join(data, 'datasets', ds.id, 'tokens'), { recursive: true }).length).toBeGreaterThan(0);
    expect(loose(data)).toEqual([]);
  });

  it('start-up tightens a data dir left readable by others (an older version, a copy): secrets/ at 0755 included', async () => {
    const data = dir();
    const first = await createTestCore(data);
    await first.dispatch('settings.setHfToken', { token: 'hf_abcdefghijklmnop' });
    await first.close();
    mkdirSync(path.join(data, 'datasets', 'ds_old', 'raw'), { recursive: true });
    writeFileSync(path.join(data, 'datasets', 'ds_old', 'raw', 'copy.txt'), 'old copy');
    for (const [p, m] of [
      ['', 0o755],
      ['mistudio.db', 0o644],
      ['settings.json', 0o644],
      ['secrets', 0o755],
      ['secrets/hf-token', 0o644],
      ['datasets', 0o755],
      ['datasets/ds_old', 0o775],
      ['datasets/ds_old/raw', 0o777],
      ['datasets/ds_old/raw/copy.txt', 0o664],
    ] as const) {
      chmodSync(path.join(data, p), m);
    }
    expect(loose(data).length).toBeGreaterThanOrEqual(9);
    scope.keep(await createTestCore(data));
    expect(loose(data)).toEqual([]);
    expect(existsSync(path.join(data, 'datasets', 'ds_old', 'raw', 'copy.txt'))).toBe(true);
  });
});
