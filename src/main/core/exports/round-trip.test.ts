import { cpSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Core } from '..';
import { removeDir, tempDir, waitForJob } from '../../../../test/core-helpers';
import { call, openTestCore, setUpFeatures, waitFor, type FeaturesFixture } from '../../../../test/features-fixture';
import type { ArchiveInspection, ExportRecord } from '../../../shared/types/exports';
import type { FeatureDetail, FeatureExamples, FeatureListPage, FeaturePassRecord } from '../../../shared/types/features';
import type { JobRecord } from '../../../shared/types/jobs';
import type { SaeRecord } from '../../../shared/types/saes';
import { packFolder } from '../../../compute/exports/pack';
import { metricsRowOf } from './metrics-csv';

let dir: string;
let freshDir: string;
let fx: FeaturesFixture;
let fresh: Core;
let zip: ExportRecord;
const PARTS = ['sae', 'features', 'metrics', 'config'] as const;

async function exportOf(owner: Record<string, string>, format: string): Promise<ExportRecord> {
  const job = await call<JobRecord>(fx.core, 'exports.start', { owner, format, parts: PARTS });
  const done = await waitForJob(fx.core, job.id, ['completed', 'failed'], 120_000);
  expect(done.error).toBeNull();
  return done.result as ExportRecord;
}

/** Every feature's dashboard data, ids of the SAE / pass / dataset left out (they differ across data dirs by design). */
async function allFeatures(core: Core, saeId: string) {
  const page = await call<FeatureListPage>(core, 'features.list', { saeId, limit: 500 });
  const out = [];
  for (const row of page.rows) {
    const { saeId: _s, passId: _p, ...detail } = await call<FeatureDetail>(core, 'features.get', { saeId, featureIndex: row.featureIndex });
    const ex = await call<FeatureExamples>(core, 'features.examples', { saeId, featureIndex: row.featureIndex });
    const strip = (c: FeatureExamples['top'][number]) => ({ ...c, source: { ...c.source, datasetId: null } });
    out.push({ detail, top: ex.top.map(strip), quantiles: ex.quantiles.map((g) => ({ ...g, contexts: g.contexts.map(strip) })) });
  }
  return { total: page.total, out };
}

beforeAll(async () => {
  dir = tempDir();
  freshDir = tempDir('mistudio-fresh-');
  fx = await setUpFeatures(dir);
  await call<FeaturePassRecord>(fx.core, 'features.startPass', {
    saeId: fx.sae.id,
    tokens: 20_000,
    topK: 4,
    contextWindow: 3,
    quantileGroups: 2,
    quantileExamples: 2,
    batchTokens: 512,
  });
  await waitFor('pass', () => (fx.core.features.passStatus(fx.sae.id)?.status === 'completed' ? true : null), 180_000);
  await call(fx.core, 'features.update', {
    saeId: fx.sae.id,
    featureIndex: 3,
    label: 'verbs of motion',
    notes: 'checked by hand',
    isFavorite: true,
  });
  fresh = await openTestCore(freshDir);
  await waitFor('fresh demo model', () => fresh.models.store.list().find((m) => m.status === 'ready'));
}, 400_000);

afterAll(async () => {
  await fx.core.close();
  await fresh?.close();
  removeDir(dir);
  removeDir(freshDir);
});

describe('export', () => {
  it('a training exports as .zip, .tar.gz and a folder, each listed on the training with its size', async () => {
    zip = await exportOf({ trainingId: fx.training.id }, 'zip');
    const tgz = await exportOf({ trainingId: fx.training.id }, 'tar.gz');
    const folder = await exportOf({ saeId: fx.sae.id }, 'folder');
    const listed = await call<ExportRecord[]>(fx.core, 'exports.list', { trainingId: fx.training.id });
    expect(listed.map((e) => e.id).sort()).toEqual([zip.id, tgz.id].sort());
    for (const e of listed) expect(e.sizeBytes).toBe(readFileSync(e.path).length);
    expect(zip.path.endsWith('.zip') && tgz.path.endsWith('.tar.gz')).toBe(true);
    expect(readdirSync(folder.path).sort()).toEqual([
      'config.json',
      'feature-pass.json',
      'features.json',
      'metrics.csv',
      'mistudio-export.json',
      'sae',
    ]);
    // Nothing staged is left once the jobs are done.
    expect(readdirSync(path.dirname(path.dirname(zip.path))).filter((n) => n.includes('.partial-'))).toEqual([]);
  });

  it('cfg.json says where the SAE came from; features.json uses Neuronpedia field names', async () => {
    const folder = (await call<ExportRecord[]>(fx.core, 'exports.list', { saeId: fx.sae.id }))[0]!;
    const cfg = JSON.parse(readFileSync(path.join(folder.path, 'sae', 'cfg.json'), 'utf8')) as {
      model_name: string;
      metadata: Record<string, unknown>;
    };
    const model = fx.core.models.get(fx.modelId);
    expect(cfg.model_name).toBe(model.repoId ?? model.name);
    expect(cfg.metadata).toMatchObject({
      mistudio_training_id: fx.training.id,
      mistudio_sae_id: fx.sae.id,
      mistudio_step: 60,
      trained_with: 'miStudio',
    });
    const lines = readFileSync(path.join(folder.path, 'features.json'), 'utf8').split('\n');
    expect(lines[0]).toBe('[');
    const f3 = JSON.parse(lines.find((l) => l.includes('"index":"3"'))!.replace(/,$/, '')) as Record<string, unknown>;
    expect(Object.keys(f3)).toEqual(
      expect.arrayContaining([
        'modelId',
        'layer',
        'index',
        'maxActApprox',
        'frac_nonzero',
        'pos_str',
        'pos_values',
        'neg_str',
        'neg_values',
        'freq_hist_data_bar_heights',
        'freq_hist_data_bar_values',
        'activations',
        'explanations',
      ]),
    );
    expect(f3).toMatchObject({
      layer: '2-res-mistudio',
      explanations: [{ description: 'verbs of motion' }],
      mistudio: { notes: 'checked by hand', isFavorite: true },
    });
  });
});

describe('round trip on a fresh data dir', () => {
  it('inspecting says what the archive holds and writes nothing', async () => {
    const seen = await call<ArchiveInspection>(fresh, 'exports.inspectArchive', { path: zip.path });
    expect(seen).toMatchObject({
      kind: 'zip',
      sizeBytes: zip.sizeBytes,
      parts: ['sae', 'features', 'metrics', 'config'],
      sae: { hook: 'blocks.2.hook_resid_post', dIn: 256, dSae: 512 },
    });
    expect(seen.entries.map((e) => e.name)).toContain('sae/sae_weights.safetensors');
    expect(fresh.saes.store.list()).toEqual([]);
  });

  it('weights bit-identical, every feature (stats, examples, labels, notes) and the metrics equal', async () => {
    const modelId = fresh.models.store.list()[0]!.id;
    const sae = await call<SaeRecord>(fresh, 'exports.importArchive', { path: zip.path, modelId });
    expect(sae).toMatchObject({
      source: 'import',
      hook: fx.sae.hook,
      dIn: 256,
      dSae: 512,
      featureCount: fx.core.saes.get(fx.sae.id).featureCount,
    });
    expect(
      readFileSync(path.join(sae.weightsPath, 'sae_weights.safetensors')).equals(
        readFileSync(path.join(fx.sae.weightsPath, 'sae_weights.safetensors')),
      ),
    ).toBe(true);
    const a = await allFeatures(fx.core, fx.sae.id);
    const b = await allFeatures(fresh, sae.id);
    expect(b.total).toBe(a.total);
    expect(b.out).toEqual(a.out);
    const imported = await call<{ metrics: Record<string, number | null>[]; config: { hook: string } }>(fresh, 'exports.importedTraining', {
      saeId: sae.id,
    });
    expect(imported.metrics).toEqual(fx.core.training.store.metrics(fx.training.id, -1).map(metricsRowOf));
    expect(imported.config.hook).toBe(fx.sae.hook);
  }, 300_000);

  it('a truncated .zip or .tar.gz is refused and leaves nothing behind', async () => {
    const bytes = readFileSync(zip.path);
    const cut = path.join(freshDir, '..', `${path.basename(freshDir)}-cut.zip`);
    writeFileSync(cut, bytes.subarray(0, bytes.length - 100));
    const before = fresh.saes.store.list().length;
    const modelId = fresh.models.store.list()[0]!.id;
    await expect(call(fresh, 'exports.importArchive', { path: cut, modelId })).rejects.toThrow(/damaged or truncated.*Nothing was written/);
    const tgz = (await call<ExportRecord[]>(fx.core, 'exports.list', { trainingId: fx.training.id })).find((e) => e.format === 'tar.gz')!;
    const tcut = `${cut}.tar.gz`;
    writeFileSync(tcut, readFileSync(tgz.path).subarray(0, Math.floor(tgz.sizeBytes * 0.6)));
    await expect(call(fresh, 'exports.importArchive', { path: tcut, modelId })).rejects.toThrow(/cannot be imported/);
    expect(fresh.saes.store.list().length).toBe(before);
    const saesDir = path.join(freshDir, 'saes');
    expect(readdirSync(saesDir).filter((n) => n.includes('.partial-'))).toEqual([]);
    expect(readdirSync(saesDir).length).toBe(before);
    removeDir(cut);
    removeDir(tcut);
  });

  it('a broken feature line, a hook the model lacks, or an unknown model: refused before anything is written', async () => {
    const folder = (await call<ExportRecord[]>(fx.core, 'exports.list', { saeId: fx.sae.id }))[0]!;
    const modelId = fresh.models.store.list()[0]!.id;
    const variant = async (name: string, edit: (root: string) => void) => {
      const root = path.join(freshDir, '..', `${path.basename(freshDir)}-${name}`);
      cpSync(folder.path, root, { recursive: true });
      edit(root);
      await packFolder(root, `${root}.zip`, 'zip', () => undefined);
      removeDir(root);
      return `${root}.zip`;
    };
    const broken = await variant('broken', (root) => {
      const f = path.join(root, 'features.json');
      const lines = readFileSync(f, 'utf8').split('\n');
      lines[5] = lines[5]!.replace('"frac_nonzero":', '"frac_nonzero":"many","was_frac_nonzero":');
      writeFileSync(f, lines.join('\n'));
    });
    await expect(call(fresh, 'exports.importArchive', { path: broken, modelId })).rejects.toThrow(
      /features\.json in the archive is not valid: line 6: frac_nonzero/,
    );
    const hook = await variant('hook', (root) => {
      const f = path.join(root, 'sae', 'cfg.json');
      writeFileSync(f, readFileSync(f, 'utf8').replaceAll('blocks.2.hook_resid_post', 'blocks.40.hook_resid_post'));
    });
    await expect(call(fresh, 'exports.importArchive', { path: hook, modelId })).rejects.toThrow(
      /has no hook blocks\.40\.hook_resid_post.*Nothing was written/,
    );
    await expect(call(fresh, 'exports.importArchive', { path: zip.path, modelId: 'mdl_nope' })).rejects.toThrow(
      /No model with id mdl_nope/,
    );
    const before = fresh.saes.store.list().length;
    expect(readdirSync(path.join(freshDir, 'saes')).length).toBe(before);
    removeDir(broken);
    removeDir(hook);
  });
});
