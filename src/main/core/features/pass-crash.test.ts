import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, readdirSync } from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Core } from '..';
import { createTestCore, removeDir, tempDir } from '../../../../test/core-helpers';
import { call, DEMO_MODEL, setUpCorpus, waitFor } from '../../../../test/features-fixture';
import type { FeaturePassRecord } from '../../../shared/types/features';
import type { SaeRecord } from '../../../shared/types/saes';
import { appRoot } from '../paths';
import { DEMO_SAE_NAME } from '../saes/service';

const DEMO_SAE = path.join(appRoot(), 'resources', 'demo-sae');
const open = (dir: string) => createTestCore(dir, { demoModelDir: DEMO_MODEL, demoSaeDir: DEMO_SAE });

let dir: string;
let core: Core;
let sae: SaeRecord;
let datasetId: string;
/** A pass long enough to be caught mid-stream: every window of the corpus, small batches. */
const long = () => ({
  saeId: sae.id,
  datasetId,
  split: 'all',
  tokens: 1_000_000,
  topK: 5,
  contextWindow: 3,
  quantileGroups: 3,
  quantileExamples: 2,
  batchTokens: 128,
});

/** Everything the SAE's results are, hashed: statistics, labels, details and every example's bytes. */
function snapshot(sqlite: Database.Database, saeId: string): { passIds: string[]; features: number; hash: string } {
  const h = createHash('sha256');
  for (const q of [
    'SELECT feature_index, pass_id, frequency, firing_count, max_activation, mean_activation, proxy, density_bucket, label, top_tokens FROM features WHERE sae_id = ? ORDER BY feature_index',
    'SELECT feature_index, histogram, logit_lens, neighbours, quantiles FROM feature_details WHERE sae_id = ? ORDER BY feature_index',
    'SELECT feature_index, group_index, rank, hex(token_ids), hex(activations), peak_activation FROM feature_examples WHERE sae_id = ? ORDER BY feature_index, group_index, rank',
  ]) {
    for (const row of sqlite.prepare(q).raw().iterate(saeId)) h.update(JSON.stringify(row));
  }
  const passIds = sqlite.prepare('SELECT DISTINCT pass_id FROM features WHERE sae_id = ?').pluck().all(saeId) as string[];
  const features = sqlite.prepare('SELECT COUNT(*) FROM features WHERE sae_id = ?').pluck().get(saeId) as number;
  return { passIds, features, hash: h.digest('hex') };
}

const settled = (c: Core) =>
  waitFor(
    'pass settled',
    () => {
      const p = c.features.passStatus(sae.id);
      return p && !['queued', 'running', 'paused'].includes(p.status) ? p : null;
    },
    180_000,
  );

/** No staging or result folder left anywhere under the SAE's folder. */
function leftovers(c: Core): string[] {
  const root = c.saes.dir(sae.id);
  if (!existsSync(root)) return [];
  return readdirSync(root, { recursive: true, encoding: 'utf8' }).filter(
    (n) => n.includes('.partial-') || n.startsWith('passes' + path.sep),
  );
}

async function runChild(args: string[], until?: RegExp): Promise<void> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'test/feature-pass-crash-child.ts', dir, ...args], {
    cwd: appRoot(),
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const exited = new Promise<void>((r) => child.once('exit', () => r()));
  if (until) {
    await new Promise<void>((resolve, reject) => {
      let out = '';
      child.stdout.on('data', (d: Buffer) => {
        out += d.toString();
        if (until.test(out)) resolve();
      });
      child.once('exit', (code, signal) => reject(new Error(`child exited early (${code ?? signal}): ${out}`)));
    });
    child.kill('SIGKILL');
  }
  await exited;
}

beforeAll(async () => {
  dir = tempDir();
  core = await open(dir);
  ({ datasetId } = await setUpCorpus(core, dir));
  sae = core.saes.store.list().find((s) => s.source === 'bundled')!;
  const first = await call<FeaturePassRecord>(core, 'features.startPass', {
    saeId: sae.id,
    datasetId,
    split: 'validation',
    tokens: 4000,
    topK: 5,
    contextWindow: 3,
    quantileGroups: 3,
    quantileExamples: 2,
  });
  expect((await settled(core)).id).toBe(first.id);
  await call(core, 'features.update', { saeId: sae.id, featureIndex: 3, label: 'kept through crashes' });
}, 300_000);

afterAll(async () => {
  await core.close();
  removeDir(dir);
});

describe('the bundled demo SAE', () => {
  it('is registered at start-up against the bundled model, once across restarts, with its provenance', async () => {
    expect(core.saes.get(sae.id)).toMatchObject({
      name: DEMO_SAE_NAME,
      source: 'bundled',
      weightsPath: DEMO_SAE,
      hook: 'blocks.2.hook_resid_post',
      dIn: 256,
      dSae: 2048,
      architecture: 'standard',
      featureCount: 2048,
    });
    expect(sae.modelId).toBe(core.models.store.bundled()!.id);
    expect(sae.provenance).toMatchObject({ createdBy: 'bundled', step: 600 });
    expect(sae.provenance.explainedVariance).toBeGreaterThan(0.8);
    await core.close();
    core = await open(dir);
    expect(
      core.saes.store
        .list()
        .filter((s) => s.source === 'bundled')
        .map((s) => s.id),
    ).toEqual([sae.id]);
  });
});

describe('a pass that does not finish leaves the previous results', () => {
  it('cancel mid-pass: previous results intact, the pass cancelled, nothing half-written', async () => {
    const before = snapshot(core.database.sqlite, sae.id);
    expect(before.features).toBe(2048);
    const pass = await call<FeaturePassRecord>(core, 'features.startPass', long());
    await waitFor('streaming', () => (core.features.passStatus(sae.id)?.progress.tokensDone ?? 0) > 0);
    expect((await call<SaeRecord>(core, 'saes.get', { id: sae.id })).activePass).toMatchObject({ id: pass.id, status: 'running' });
    await expect(call(core, 'saes.delete', { id: sae.id })).rejects.toThrow(/feature pass is running/);
    await expect(call(core, 'features.startPass', long())).rejects.toThrow(/already running/);
    await call(core, 'features.cancelPass', { saeId: sae.id });
    const done = await settled(core);
    expect(done).toMatchObject({ id: pass.id, status: 'cancelled', error: null });
    expect(done.progress.tokensDone).toBeLessThan(done.progress.tokensTotal);
    expect(snapshot(core.database.sqlite, sae.id)).toEqual(before);
    await waitFor('no leftovers', () => leftovers(core).length === 0);
    expect((await call<SaeRecord>(core, 'saes.get', { id: sae.id })).lastPass?.id).not.toBe(pass.id);
  }, 180_000);

  it('an error while loading the results (here: a record that fails to write) fails the pass and leaves the previous results', async () => {
    const before = snapshot(core.database.sqlite, sae.id);
    const loader = core.features.loader;
    const write = loader.writeFeature.bind(loader);
    let written = 0;
    loader.writeFeature = (...a) => {
      if (++written === 300) throw new Error('disk full (simulated)');
      write(...a);
    };
    try {
      await call(core, 'features.startPass', { ...long(), tokens: 2000, split: 'validation' });
      const done = await settled(core);
      expect(done.status).toBe('failed');
      expect(done.error).toMatch(/disk full \(simulated\).*previous results are unchanged/);
    } finally {
      loader.writeFeature = write;
    }
    expect(snapshot(core.database.sqlite, sae.id)).toEqual(before);
    await waitFor('no leftovers', () => leftovers(core).length === 0);
  }, 180_000);

  it('the app killed (SIGKILL) mid-stream: previous results intact, the pass interrupted, no pass folder left after start-up', async () => {
    const before = snapshot(core.database.sqlite, sae.id);
    await core.close();
    await runChild([JSON.stringify(long()), 'streaming'], /STREAMING (\S+)/);
    core = await open(dir);
    const p = core.features.passStatus(sae.id)!;
    expect(p.status).toBe('interrupted');
    expect(p.error).toMatch(/previous results are unchanged/);
    expect(snapshot(core.database.sqlite, sae.id)).toEqual(before);
    expect(leftovers(core)).toEqual([]);
    expect(core.database.sqlite.pragma('integrity_check', { simple: true })).toBe('ok');
  }, 180_000);

  it('the app killed (SIGKILL) inside the results transaction: the DB rolls back to the previous results; start-up then loads the finished pass whole', async () => {
    const before = snapshot(core.database.sqlite, sae.id);
    await core.close();
    await runChild([JSON.stringify({ ...long(), tokens: 3000, split: 'validation' }), 'loading', '700']);
    // Before any core opens it: the half-done transaction is not in the database.
    const raw = new Database(path.join(dir, 'mistudio.db'));
    expect(snapshot(raw, sae.id)).toEqual(before);
    const unloaded = raw.prepare('SELECT id, status FROM feature_passes WHERE sae_id = ? ORDER BY created_at DESC').get(sae.id) as {
      id: string;
      status: string;
    };
    raw.close();
    expect(unloaded.status).toBe('running');
    core = await open(dir);
    const after = snapshot(core.database.sqlite, sae.id);
    expect(after.passIds).toEqual([unloaded.id]); // every feature from the one pass: nothing mixed
    expect(after.features).toBe(2048);
    expect(core.features.passStatus(sae.id)).toMatchObject({ id: unloaded.id, status: 'completed' });
    expect(core.features.store.summary(sae.id, 3)?.label).toBe('kept through crashes');
    expect(leftovers(core)).toEqual([]);
  }, 180_000);
});
