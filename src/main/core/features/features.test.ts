import { existsSync, readdirSync } from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Core } from '..';
import { removeDir, tempDir } from '../../../../test/core-helpers';
import { call, setUpFeatures, waitFor, type FeaturesFixture } from '../../../../test/features-fixture';
import {
  densityBucketOf,
  type FeatureDetail,
  type FeatureExamples,
  type FeatureListPage,
  type FeaturePassRecord,
  type FeatureSummary,
  type ProbeResult,
} from '../../../shared/types/features';
import type { SaeRecord } from '../../../shared/types/saes';
import type { CheckpointInfo } from '../../../shared/types/training';

let dir: string;
let fx: FeaturesFixture;
let core: Core;
let sae: SaeRecord;

const passDone = (c: Core, saeId: string) =>
  waitFor(
    'pass settled',
    () => {
      const p = c.features.passStatus(saeId);
      return p && !['queued', 'running', 'paused'].includes(p.status) ? p : null;
    },
    180_000,
  );

async function runPass(args: Record<string, unknown>): Promise<FeaturePassRecord> {
  const started = await call<FeaturePassRecord>(core, 'features.startPass', { saeId: sae.id, ...args });
  const done = await passDone(core, sae.id);
  expect(done.id).toBe(started.id);
  return done;
}

const list = (args: Record<string, unknown>) => call<FeatureListPage>(core, 'features.list', { saeId: sae.id, limit: 500, ...args });

beforeAll(async () => {
  dir = tempDir();
  fx = await setUpFeatures(dir);
  core = fx.core;
  sae = fx.sae;
}, 300_000);

afterAll(async () => {
  await core.close();
  removeDir(dir);
});

describe('SAE records', () => {
  it('a completed run gets an SAE for its final checkpoint, with its own weights folder', async () => {
    const cps = await call<CheckpointInfo[]>(core, 'training.checkpoints', { id: fx.training.id });
    expect(sae).toMatchObject({
      source: 'checkpoint',
      trainingId: fx.training.id,
      checkpointId: cps.at(-1)!.id,
      modelId: fx.modelId,
      datasetId: fx.datasetId,
      hook: 'blocks.2.hook_resid_post',
      dIn: 256,
      dSae: 512,
      architecture: 'standard',
      k: null,
      dtype: 'float32',
      featureCount: 0,
      lastPass: null,
    });
    expect(sae.provenance).toMatchObject({ trainingName: fx.training.name, step: 60, createdBy: 'training-completed' });
    expect(sae.weightsPath.startsWith(core.saes.dir(sae.id))).toBe(true);
    expect(existsSync(path.join(sae.weightsPath, 'sae_weights.safetensors'))).toBe(true);
  });

  it('"Use this checkpoint" is idempotent per checkpoint, and the SAE outlives the checkpoint it came from', async () => {
    const first = (await call<CheckpointInfo[]>(core, 'training.checkpoints', { id: fx.training.id }))[0]!;
    const a = await call<SaeRecord>(core, 'saes.createFromCheckpoint', { checkpointId: first.id, name: 'step 30' });
    const b = await call<SaeRecord>(core, 'saes.createFromCheckpoint', { checkpointId: first.id });
    expect(b.id).toBe(a.id);
    expect(a).toMatchObject({ name: 'step 30', provenance: { step: 30, createdBy: 'use-checkpoint' } });
    await call(core, 'training.deleteCheckpoint', { checkpointId: first.id });
    const after = await call<SaeRecord>(core, 'saes.get', { id: a.id });
    expect(after.checkpointId).toBeNull();
    expect(existsSync(path.join(after.weightsPath, 'cfg.json'))).toBe(true);
    expect((await call<{ freedBytes: number }>(core, 'saes.delete', { id: a.id })).freedBytes).toBeGreaterThan(0);
    expect(existsSync(core.saes.dir(a.id))).toBe(false);
  });
});

describe('feature pass', () => {
  it('refuses bad requests at the boundary before writing anything', async () => {
    await expect(call(core, 'features.startPass', { saeId: sae.id, topK: 0 })).rejects.toThrow(/topK/);
    await expect(call(core, 'features.startPass', { saeId: sae.id, split: 'test' })).rejects.toThrow(
      /has no test split \(it has train: 16, validation: 3\)/,
    );
    await expect(call(core, 'features.get', { saeId: sae.id, featureIndex: 3 })).rejects.toThrow(/run the feature pass first/);
    expect(core.features.passes.list(sae.id)).toEqual([]);
  });

  it('loads every feature of a pass on the validation split: statistics agree with their contexts, contexts come from validation text', async () => {
    const seen: number[] = [];
    const off = core.events.onAny(
      (e, p) => e === 'features.passProgress' && seen.push((p as { progress: { tokensDone: number } }).progress.tokensDone),
    );
    const pass = await runPass({ tokens: 100_000, topK: 8, contextWindow: 4, quantileGroups: 3, quantileExamples: 3, batchTokens: 512 });
    off();
    expect(pass.status).toBe('completed');
    expect(pass.error).toBeNull();
    expect(seen.length).toBeGreaterThan(0);
    expect([...seen].sort((x, y) => x - y)).toEqual(seen); // progress only moves forward
    const s = await call<SaeRecord>(core, 'saes.get', { id: sae.id });
    expect(s.featureCount).toBe(512);
    expect(s.lastPass?.id).toBe(pass.id);
    const tokens = pass.summary!.tokens;
    expect(tokens).toBeGreaterThan(500);
    expect(pass.summary!.dead + pass.summary!.ultraLow + pass.summary!.normal + pass.summary!.dense).toBe(512);

    const validation = new Set(
      new Database(core.database.path, { readonly: true })
        .prepare("SELECT ordinal FROM dataset_samples WHERE dataset_id = ? AND split = 'validation'")
        .pluck()
        .all(fx.datasetId) as number[],
    );
    const all = (await list({ limit: 500 })).rows.concat((await list({ offset: 500 })).rows);
    expect(all).toHaveLength(512);
    let checked = 0;
    for (const f of all.filter((r) => r.densityBucket !== 'dead').slice(0, 40)) {
      const d = await call<FeatureDetail>(core, 'features.get', { saeId: sae.id, featureIndex: f.featureIndex });
      const ex = await call<FeatureExamples>(core, 'features.examples', { saeId: sae.id, featureIndex: f.featureIndex });
      expect(d.firingCount / tokens).toBeCloseTo(d.frequency, 12);
      expect(d.densityBucket).toBe(densityBucketOf(d.frequency));
      expect(d.histogram.counts.reduce((a, b) => a + b, 0)).toBe(d.firingCount); // every firing token is in one bin
      expect(d.meanActivation).toBeLessThanOrEqual(d.maxActivation);
      expect(ex.top.length).toBeGreaterThan(0);
      expect(ex.top.length).toBeLessThanOrEqual(8);
      expect(ex.top[0]!.peakActivation).toBeCloseTo(d.maxActivation, 5); // the top context holds the max
      for (let i = 1; i < ex.top.length; i++) expect(ex.top[i]!.peakActivation).toBeLessThanOrEqual(ex.top[i - 1]!.peakActivation);
      for (const c of [...ex.top, ...ex.quantiles.flatMap((g) => g.contexts)]) {
        expect(c.tokens).toHaveLength(c.tokenIds.length);
        expect(c.activations).toHaveLength(c.tokenIds.length);
        expect(c.tokens.length).toBeLessThanOrEqual(9);
        expect(c.activations[c.peakIndex]).toBeCloseTo(c.peakActivation, 6);
        expect(c.source.datasetId).toBe(fx.datasetId);
        if (c.source.sampleOrdinal !== null) expect(validation.has(c.source.sampleOrdinal)).toBe(true);
      }
      for (const c of ex.top) expect(Math.max(...c.activations)).toBeCloseTo(c.peakActivation, 6); // a top context peaks at its window's max
      for (const g of ex.quantiles) for (const c of g.contexts) expect(c.peakActivation >= g.low && c.peakActivation <= g.high).toBe(true);
      expect(d.logitLens.positive.length).toBeGreaterThan(0);
      expect(d.neighbours.every((n) => n.featureIndex !== d.featureIndex && Math.abs(n.cosine) <= 1 + 1e-6)).toBe(true);
      checked++;
    }
    expect(checked).toBeGreaterThan(10);
    await waitFor('pass folder removed', () => readdirSync(path.join(core.saes.dir(sae.id), 'passes')).length === 0); // results live in SQLite
  }, 240_000);
});

describe('feature browser', () => {
  const key: Record<string, (f: FeatureSummary) => number> = {
    index: (f) => f.featureIndex,
    frequency: (f) => f.frequency,
    maxActivation: (f) => f.maxActivation,
    proxy: (f) => f.proxy ?? -Infinity,
  }; // dead features have no proxy: lowest

  it('sorts by every key both ways (ties by index in the same direction, no proxy lowest), paginates, and counts all matches', async () => {
    const everything = (await list({ limit: 500 })).rows.concat((await list({ offset: 500 })).rows);
    for (const sort of Object.keys(key)) {
      for (const order of ['asc', 'desc'] as const) {
        const got = [...(await list({ sort, order, limit: 500 })).rows, ...(await list({ sort, order, offset: 500 })).rows].map(
          (f) => f.featureIndex,
        );
        const k = key[sort]!;
        const sign = order === 'asc' ? 1 : -1;
        const want = [...everything]
          .sort((a, b) => (k(a) === k(b) ? 0 : sign * (k(a) - k(b))) || sign * (a.featureIndex - b.featureIndex))
          .map((f) => f.featureIndex);
        expect(got, `${sort} ${order}`).toEqual(want);
      }
    }
    const page = await list({ sort: 'frequency', order: 'desc', offset: 20, limit: 10 });
    expect(page).toMatchObject({ total: 512, offset: 20, limit: 10 });
    expect(page.rows.map((r) => r.featureIndex)).toEqual(
      (await list({ sort: 'frequency', order: 'desc', limit: 30 })).rows.slice(20).map((r) => r.featureIndex),
    );
  });

  it('searches ids, labels and top tokens; filters density, favourites and labelled', async () => {
    const everything = (await list({ limit: 500 })).rows.concat((await list({ offset: 500 })).rows);
    expect((await list({ search: '#17' })).rows.map((r) => r.featureIndex)).toContain(17);
    const withTokens = everything.find((f) => f.topTokens.some((t) => t.trim().length >= 3))!;
    const token = withTokens.topTokens.find((t) => t.trim().length >= 3)!.trim();
    const byToken = await list({ search: token.toUpperCase() });
    expect(byToken.rows.map((r) => r.featureIndex)).toContain(withTokens.featureIndex);
    expect(byToken.total).toBe(
      everything.filter(
        (f) =>
          f.topTokens.join('\n').toLowerCase().includes(token.toLowerCase()) ||
          (f.suggestedLabel ?? '').toLowerCase().includes(token.toLowerCase()) ||
          String(f.featureIndex) === token,
      ).length,
    );
    expect((await list({ search: '100%_' })).total).toBe(0); // LIKE wildcards are taken literally
    await call(core, 'features.update', { saeId: sae.id, featureIndex: 5, label: 'Zebra-crossing detector', isFavorite: true });
    expect((await list({ search: 'zebra' })).rows.map((r) => r.featureIndex)).toEqual([5]); // trigram index, kept by triggers
    expect((await list({ search: 'Ze' })).rows.map((r) => r.featureIndex)).toContain(5); // under 3 characters: LIKE
    expect((await list({ favouritesOnly: true })).rows.map((r) => r.featureIndex)).toEqual([5]);
    expect((await list({ labelled: 'yes' })).total).toBe(1);
    expect((await list({ labelled: 'no' })).total).toBe(511);
    for (const bucket of ['dead', 'ultra-low', 'normal', 'dense'] as const) {
      expect((await list({ density: [bucket] })).total, bucket).toBe(everything.filter((f) => f.densityBucket === bucket).length);
    }
    expect((await list({ density: ['ultra-low', 'normal', 'dense'] })).total).toBe(
      everything.filter((f) => f.densityBucket !== 'dead').length,
    );
  });
});

describe('labels and re-runs', () => {
  it('label, notes and star survive re-running the pass; the re-run replaces every statistic and example', async () => {
    await call(core, 'features.update', { saeId: sae.id, featureIndex: 7, label: 'begat', notes: 'genealogies' });
    const before = core.features.passStatus(sae.id)!;
    const again = await runPass({
      tokens: 2000,
      topK: 4,
      contextWindow: 2,
      quantileGroups: 2,
      quantileExamples: 2,
      batchTokens: 256,
      split: 'train',
    });
    expect(again.status).toBe('completed');
    expect(again.id).not.toBe(before.id);
    const d7 = await call<FeatureDetail>(core, 'features.get', { saeId: sae.id, featureIndex: 7 });
    expect(d7).toMatchObject({ label: 'begat', notes: 'genealogies', passId: again.id, passTokens: again.summary!.tokens });
    expect((await call<FeatureSummary>(core, 'features.update', { saeId: sae.id, featureIndex: 5, label: '' })).label).toBeNull();
    const f5 = await call<FeatureDetail>(core, 'features.get', { saeId: sae.id, featureIndex: 5 });
    expect(f5.isFavorite).toBe(true);
    const rows = core.database.sqlite.prepare('SELECT DISTINCT pass_id FROM features WHERE sae_id = ?').pluck().all(sae.id);
    expect(rows).toEqual([again.id]);
    const maxContext = core.database.sqlite
      .prepare('SELECT MAX(length(token_ids)) FROM feature_examples WHERE sae_id = ?')
      .pluck()
      .get(sae.id) as number;
    expect(maxContext).toBeLessThanOrEqual(5 * 4); // contextWindow 2 → ≤ 5 uint32 tokens: none of the old examples is left
    // The search index followed the in-place update of every row's top tokens.
    const fresh = (await list({ limit: 500 })).rows.find((f) => f.topTokens.some((t) => t.trim().length >= 4))!;
    const tok = fresh.topTokens.find((t) => t.trim().length >= 4)!.trim();
    expect((await list({ search: tok, limit: 500 })).rows.map((r) => r.featureIndex)).toContain(fresh.featureIndex);
    const perFeature = core.database.sqlite
      .prepare(
        'SELECT MAX(n) FROM (SELECT COUNT(*) AS n FROM feature_examples WHERE sae_id = ? AND group_index = -1 GROUP BY feature_index)',
      )
      .pluck()
      .get(sae.id) as number;
    expect(perFeature).toBeLessThanOrEqual(4);
  }, 240_000);
});

describe('probe text', () => {
  it('gives per token the top features with labels, and one feature\u2019s activation on every token', async () => {
    const text = 'And God said, Let there be light: and there was light.';
    const r = await call<ProbeResult>(core, 'features.probe', { saeId: sae.id, text, topFeatures: 3 });
    expect(r.tokens.map((t) => t.text).join('')).toBe(text);
    expect(r.truncated).toBe(false);
    const t = r.tokens.find((x) => x.top.length > 0)!;
    expect(t.top.length).toBeLessThanOrEqual(3);
    for (let i = 1; i < t.top.length; i++) expect(t.top[i]!.activation).toBeLessThanOrEqual(t.top[i - 1]!.activation);
    const f = t.top[0]!.featureIndex;
    await call(core, 'features.update', { saeId: sae.id, featureIndex: f, label: 'probe-label' });
    const one = await call<ProbeResult>(core, 'features.probe', { saeId: sae.id, text, topFeatures: 3, featureIndex: f });
    const same = one.tokens[r.tokens.indexOf(t)]!;
    expect(same.top[0]).toEqual({ ...t.top[0], label: 'probe-label' });
    expect(same.featureActivation).toBeCloseTo(t.top[0]!.activation, 5);
    expect(one.tokens.every((x) => x.featureActivation !== null && x.featureActivation >= 0)).toBe(true);
    await expect(call(core, 'features.probe', { saeId: sae.id, text, featureIndex: 512 })).rejects.toThrow(/outside 0…511/);
  }, 120_000);
});
