import { spawn } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Core } from '..';
import { call, createTestCore, removeDir, tempDir, waitFor, waitForJob } from '../../../../test/core-helpers';
import { readSaeLensFolder } from '../../../compute/sae/saelens-reader';
import type { TrainingConfigInput } from '../../../shared/contract/training';
import type { ActivationSetRecord, TemplateRecord } from '../../../shared/types/activations';
import type { JobRecord } from '../../../shared/types/jobs';
import type { CheckpointInfo, TrainingMetricPoint, TrainingRecord, TrainingStatus } from '../../../shared/types/training';
import { appRoot } from '../paths';

const DEMO = path.join(appRoot(), 'resources', 'demo-model');
const KJV = path.join(appRoot(), 'resources', 'demo-dataset');
const HOOK = 'blocks.2.hook_resid_post';

let dir: string;
let core: Core;
let modelId: string;
let datasetId: string;
let set: ActivationSetRecord;

const waitStatus = (c: Core, id: string, statuses: TrainingStatus[]) =>
  waitFor(`training ${id} ${statuses.join('|')}`, () => (statuses.includes(c.training.get(id).status) ? c.training.get(id) : null));

function config(over: Partial<TrainingConfigInput['hyperparameters']> = {}, extra: Partial<TrainingConfigInput> = {}): TrainingConfigInput {
  return {
    source: { kind: 'activations', activationSetId: set.id },
    hook: HOOK,
    hyperparameters: {
      expansionFactor: 2,
      batchSize: 128,
      totalSteps: 60,
      learningRate: 1e-3,
      l1Coefficient: 2,
      lrWarmupSteps: 5,
      l1WarmupSteps: 10,
      ...over,
    },
    checkpointEvery: 20,
    metricsEvery: 10,
    evalEvery: 20,
    evalTokens: 256,
    engine: 'ort',
    ...extra,
  };
}

/** A small KJV corpus (train + validation chapters), imported, tokenized and extracted once for the whole file. */
beforeAll(async () => {
  dir = tempDir();
  core = await createTestCore(dir, { demoModelDir: DEMO });
  const lines = (f: string, n: number) => readFileSync(path.join(KJV, f), 'utf8').split('\n').filter(Boolean).slice(0, n);
  const file = path.join(dir, '..', `${path.basename(dir)}-kjv-small.jsonl`); // imports refuse files inside the data dir
  writeFileSync(
    file,
    [
      ...lines('kjv-train.jsonl', 12).map((l) => ({ ...JSON.parse(l), split: 'train' })),
      ...lines('kjv-validation.jsonl', 2).map((l) => ({ ...JSON.parse(l), split: 'validation' })),
    ]
      .map((o) => JSON.stringify(o))
      .join('\n'),
  );
  const imp = await call<JobRecord>(core, 'datasets.importFile', { path: file, options: { splitMode: 'from-data', splitField: 'split' } });
  await waitForJob(core, imp.id, ['completed'], 60_000);
  datasetId = core.datasets.store.list()[0]!.id;
  modelId = await waitFor('demo model', () => core.models.store.list().find((m) => m.status === 'ready')?.id);
  const settings = {
    mode: 'concat_chunk',
    maxLength: 64,
    padding: 'none',
    truncation: 'none',
    addSpecialTokens: false,
    returnAttentionMask: true,
    contextSize: 64,
    prependBos: true,
  } as const;
  const tok = await call<JobRecord>(core, 'datasets.tokenize', { id: datasetId, modelId, settings });
  await waitForJob(core, tok.id, ['completed'], 60_000);
  await waitFor('tokenized', () => core.datasets.get(datasetId).status === 'tokenized');
}, 180_000);

afterAll(async () => {
  await core.close();
  removeDir(dir);
  removeDir(path.join(dir, '..', `${path.basename(dir)}-kjv-small.jsonl`));
});

describe('activation extraction service', () => {
  it('rejects layers the model does not have and datasets not tokenized for it', async () => {
    await expect(
      call(core, 'activations.extract', { config: { modelId, datasetId, layers: [7], hookTypes: ['hook_resid_post'] } }),
    ).rejects.toThrow(/4 layers \(0–3\); no layer 7/);
    await expect(
      call(core, 'activations.extract', { config: { modelId, datasetId, layers: [], hookTypes: ['hook_resid_post'] } }),
    ).rejects.toThrow(/at least one layer/);
  });

  it('extracts layers × hook types to an activation set with a manifest, token count and size', async () => {
    const r = await call<{ set: ActivationSetRecord; job: JobRecord }>(core, 'activations.extract', {
      config: {
        modelId,
        datasetId,
        layers: [1, 2],
        hookTypes: ['hook_resid_post', 'hook_mlp_out'],
        batchSize: 4,
        maxTokens: 6000,
        contextSize: 48,
      },
    });
    expect(r.set.hooks).toEqual(['blocks.1.hook_resid_post', 'blocks.1.hook_mlp_out', 'blocks.2.hook_resid_post', 'blocks.2.hook_mlp_out']);
    expect((await waitForJob(core, r.job.id, ['completed', 'failed'], 120_000)).status).toBe('completed');
    set = await waitFor('set ready', () => (core.activations.get(r.set.id).status === 'ready' ? core.activations.get(r.set.id) : null));
    expect(set).toMatchObject({ tokenCount: 6000, dModel: 256, modelId });
    expect(set.sizeBytes).toBeGreaterThan(4 * 6000 * 256 * 4);
    expect(set.tokensPerSecond).toBeGreaterThan(0);
    const manifest = JSON.parse(readFileSync(path.join(core.activations.dir(set.id), 'manifest.json'), 'utf8')) as {
      totalRows: number;
      hooks: string[];
    };
    expect(manifest).toMatchObject({ totalRows: 6000, hooks: r.set.hooks, heldOutSplits: ['validation'] });
    expect(set.config.heldOutSplits).toEqual(['validation']);
  }, 180_000);
});

describe('training service', () => {
  it('trains from an activation set: metrics, splice evals, density, logs and checkpoints are persisted; the SAE reads back in SAELens format', async () => {
    const seen: TrainingMetricPoint[] = [];
    const off = core.events.onAny((e, p) => {
      if (e === 'training.metrics') seen.push((p as { point: TrainingMetricPoint }).point);
    });
    const t = await call<TrainingRecord>(core, 'training.create', { config: config() });
    expect(t.status).toBe('queued');
    const done = await waitStatus(core, t.id, ['completed', 'failed']);
    off();
    expect(done.error).toBeNull();
    expect(done).toMatchObject({ status: 'completed', currentStep: 60, dIn: 256, dSae: 512 });
    expect(done.engine).toMatch(/^ort\//);
    const metrics = await call<TrainingMetricPoint[]>(core, 'training.metrics', { id: t.id });
    // Step 0: the untrained baseline's splice eval, in a record of its own (no training metrics there).
    expect(metrics.map((m) => m.step)).toEqual([0, 10, 20, 30, 40, 50, 60]);
    expect(metrics.filter((m) => m.eval).map((m) => m.step)).toEqual([0, 20, 40, 60]);
    expect(Number.isNaN(metrics[0]!.loss)).toBe(true);
    expect(metrics[1]!.mseRawPerElement).toBeGreaterThan(0);
    expect(done.latestEvalStep).toBe(60);
    expect(seen.length).toBeGreaterThanOrEqual(6);
    const last = metrics.at(-1)!;
    expect(last.eval!.ceLossRecovered).toBeCloseTo(
      (last.eval!.ceZeroAblation - last.eval!.ceWithSae) / (last.eval!.ceZeroAblation - last.eval!.ceClean),
      10,
    );
    expect(last.eval!.ceDelta).toBeCloseTo(last.eval!.ceWithSae - last.eval!.ceClean, 10);
    expect(last.eval!.ceMeanAblation).toBeGreaterThan(last.eval!.ceClean);
    expect(last.eval!.ceLossRecoveredMean).toBeCloseTo(
      (last.eval!.ceMeanAblation! - last.eval!.ceWithSae) / (last.eval!.ceMeanAblation! - last.eval!.ceClean),
      10,
    );
    expect(done.latest!.step).toBe(60);
    expect(done.density!.counts.reduce((a, b) => a + b, 0) + done.density!.deadCount).toBe(512);
    const logs = await call<{ message: string }[]>(core, 'training.logs', { id: t.id });
    expect(logs.some((l) => l.message.includes('splice eval') && l.message.includes('validation split, held out of training'))).toBe(true);
    expect(logs.some((l) => l.message.startsWith('training finished at step 60'))).toBe(true);
    const cps = await call<CheckpointInfo[]>(core, 'training.checkpoints', { id: t.id });
    expect(cps.map((c) => c.step)).toEqual([20, 40, 60]);
    const sae = await readSaeLensFolder(cps.at(-1)!.path);
    expect(sae).toMatchObject({ dIn: 256, dSae: 512 });
  }, 180_000);

  it('rejects bad configurations at the boundary with a clear message', async () => {
    await expect(call(core, 'training.create', { config: config({ learningRate: 1 }) })).rejects.toThrow(/learningRate/);
    await expect(call(core, 'training.create', { config: config({}, { evalEvery: 25 }) })).rejects.toThrow(
      /multiple of the metrics interval/,
    );
    await expect(call(core, 'training.create', { config: config({ ghostGradients: true }, { engine: 'ort' }) })).rejects.toThrow(
      /tfjs engine/,
    );
    await expect(call(core, 'training.create', { config: config({}, { hook: 'blocks.0.hook_resid_post' }) })).rejects.toThrow(
      /has no blocks\.0\.hook_resid_post/,
    );
    // Matryoshka levels: increasing fractions (schema), each a distinct width of this SAE's d_sae (create check).
    const matryoshka = (matryoshkaWidths: number[]) => config({ architecture: 'matryoshka', matryoshkaWidths });
    await expect(call(core, 'training.create', { config: matryoshka([0.5, 0.25]) })).rejects.toThrow(/strictly increasing/);
    await expect(call(core, 'training.create', { config: matryoshka([0.0004, 0.0008]) })).rejects.toThrow(/Matryoshka widths 0, 0,/);
  });

  it('the app process killed mid-run (SIGKILL): the run shows interrupted, resumes from its last checkpoint, and ends bit-identical to a straight run', async () => {
    // Killing the process, not the worker thread: a thread terminated inside an ONNX Runtime
    // call aborts the whole process anyway (onnxruntime-node's Napi teardown), so a process
    // kill is what a crash of the training worker looks like.
    const hp = { totalSteps: 120, batchSize: 64 };
    const straight = await call<TrainingRecord>(core, 'training.create', { config: config(hp, { name: 'straight', evalEvery: 0 }) });
    await waitStatus(core, straight.id, ['completed']);

    await core.close();
    const child = spawn(
      process.execPath,
      ['--import', 'tsx', 'test/train-crash-child.ts', dir, JSON.stringify(config(hp, { name: 'killed', evalEvery: 0 })), '40'],
      {
        cwd: appRoot(),
        stdio: ['ignore', 'pipe', 'inherit'],
      },
    );
    const runId = await new Promise<string>((resolve, reject) => {
      let out = '';
      child.stdout.on('data', (d: Buffer) => {
        out += d.toString();
        const m = /CHECKPOINT (\S+)/.exec(out);
        if (m?.[1]) resolve(m[1]);
      });
      child.on('exit', (code) => reject(new Error(`child exited early (${code}): ${out}`)));
    });
    const exited = new Promise((r) => child.once('exit', r));
    child.kill('SIGKILL');
    await exited;

    core = await createTestCore(dir, { demoModelDir: DEMO });
    const interrupted = core.training.get(runId);
    expect(interrupted.status).toBe('interrupted');
    const lastCp = core.training.lastCheckpoint(runId)!;
    expect(lastCp.step).toBeGreaterThanOrEqual(40);
    expect(interrupted.error).toContain(`step ${lastCp.step}`);

    await call(core, 'training.resume', { id: runId });
    const resumed = await waitStatus(core, runId, ['completed', 'failed']);
    expect(resumed.status).toBe('completed');
    const steps = (await call<TrainingMetricPoint[]>(core, 'training.metrics', { id: runId })).map((m) => m.step);
    expect(steps).toEqual(Array.from({ length: 12 }, (_, i) => (i + 1) * 10)); // no gaps, no duplicates
    const logs = await call<{ message: string }[]>(core, 'training.logs', { id: runId });
    expect(logs.some((l) => l.message.startsWith('resuming') && l.message.includes(`at step ${lastCp.step}`))).toBe(true);
    const a = await readSaeLensFolder(core.training.lastCheckpoint(straight.id)!.path);
    const b = await readSaeLensFolder(core.training.lastCheckpoint(runId)!.path);
    for (const p of ['W_enc', 'b_enc', 'W_dec', 'b_dec'] as const)
      expect(Buffer.from(b.weights[p].buffer).equals(Buffer.from(a.weights[p].buffer))).toBe(true);
    expect(core.database.sqlite.pragma('integrity_check', { simple: true })).toBe('ok');
  }, 300_000);

  it('pause writes a checkpoint; stop keeps one; save-now adds one; branch and continue start from a checkpoint', async () => {
    const t = await call<TrainingRecord>(core, 'training.create', {
      config: config({ totalSteps: 4000, batchSize: 64 }, { checkpointEvery: 0, evalEvery: 0 }),
    });
    await waitFor('step 20', () => (core.training.get(t.id).currentStep >= 20 ? true : null));
    // What a run reads cannot be deleted or re-tokenized under it.
    await expect(call(core, 'datasets.delete', { id: datasetId })).rejects.toThrow(/is using it/);
    await call(core, 'training.saveCheckpoint', { id: t.id });
    await waitFor('saved checkpoint', () => core.training.store.checkpoints(t.id).length >= 1);
    await call(core, 'training.pause', { id: t.id });
    const paused = await waitStatus(core, t.id, ['paused']);
    const atPause = core.training.store.checkpoints(t.id).at(-1)!;
    // The shown step is the checkpoint's (metrics arrive every 10 steps; a pause falls between), and the log says so.
    expect(paused.currentStep).toBe(atPause.step);
    const pauseLogs = (await call<{ message: string }[]>(core, 'training.logs', { id: t.id })).map((l) => l.message);
    expect(pauseLogs).toContain(`paused at step ${atPause.step}; the checkpoint at step ${atPause.step} is what Resume continues from`);
    expect(pauseLogs.some((m) => m.startsWith('pause requested at step'))).toBe(true);
    await call(core, 'training.resume', { id: t.id });
    await waitStatus(core, t.id, ['running']);
    await waitFor('more steps', () => (core.training.get(t.id).currentStep > atPause.step + 20 ? true : null));
    await call(core, 'training.stop', { id: t.id });
    const stopped = await waitStatus(core, t.id, ['cancelled']);
    const atStop = core.training.lastCheckpoint(t.id)!;
    expect(atStop.step).toBeGreaterThan(atPause.step);
    expect(stopped.currentStep).toBe(atStop.step);
    const stopLogs = (await call<{ message: string }[]>(core, 'training.logs', { id: t.id })).map((l) => l.message);
    expect(stopLogs.some((m) => m.startsWith(`resumed at step ${atPause.step}`))).toBe(true);
    expect(stopLogs).toContain(`stopped at step ${atStop.step} (checkpoint step-${atStop.step}); Resume continues from it`);

    const branch = await call<TrainingRecord>(core, 'training.loadCheckpoint', {
      checkpointId: atPause.id,
      mode: 'branch',
      totalSteps: atPause.step + 30,
    });
    expect(branch.parentTrainingId).toBe(t.id);
    const branched = await waitStatus(core, branch.id, ['completed', 'failed']);
    expect(branched).toMatchObject({ status: 'completed', currentStep: atPause.step + 30 });
    const bm = await call<TrainingMetricPoint[]>(core, 'training.metrics', { id: branch.id });
    expect(bm[0]!.step).toBe(10); // the parent's curve up to the checkpoint comes along
    expect(new Set(bm.map((m) => m.step)).size).toBe(bm.length);

    await call(core, 'training.loadCheckpoint', { checkpointId: atPause.id, mode: 'continue', totalSteps: atPause.step + 20 });
    const cont = await waitStatus(core, t.id, ['completed', 'failed']);
    expect(cont).toMatchObject({ status: 'completed', currentStep: atPause.step + 20 });
    expect(core.training.store.checkpoints(t.id).every((c) => c.step <= atPause.step + 20)).toBe(true);
    expect((await call<{ freedBytes: number }>(core, 'training.delete', { id: branch.id })).freedBytes).toBeGreaterThan(0);
  }, 300_000);

  it('streams from the model when asked (no activation set)', async () => {
    const t = await call<TrainingRecord>(core, 'training.create', {
      config: config({ totalSteps: 20, batchSize: 64 }, { source: { kind: 'model', modelId, datasetId }, evalEvery: 20 }),
    });
    const done = await waitStatus(core, t.id, ['completed', 'failed']);
    expect(done.error).toBeNull();
    expect(done.activationSetId).toBeNull();
    expect(done.latestEval!.tokens).toBeGreaterThan(0);
  }, 180_000);

  it('after the app restarts mid-run the run is interrupted, and resumes from its last checkpoint', async () => {
    const t = await call<TrainingRecord>(core, 'training.create', {
      config: config({ totalSteps: 3000, batchSize: 64 }, { checkpointEvery: 20, evalEvery: 0 }),
    });
    await waitFor('a checkpoint', () => core.training.store.checkpoints(t.id).length > 0, 120_000);
    await core.close();
    core = await createTestCore(dir, { demoModelDir: DEMO });
    const after = core.training.get(t.id);
    expect(after.status).toBe('interrupted');
    const cp = core.training.lastCheckpoint(t.id)!;
    expect(after.error).toContain(`step ${cp.step}`);
    await call(core, 'training.loadCheckpoint', { checkpointId: cp.id, mode: 'continue', totalSteps: cp.step + 20 });
    const done = await waitStatus(core, t.id, ['completed', 'failed']);
    expect(done).toMatchObject({ status: 'completed', currentStep: cp.step + 20 });
  }, 240_000);
});

describe('refusals lose nothing', () => {
  it('continuing a run whose activation set was deleted is refused before any checkpoint or metric is dropped', async () => {
    const t = await call<TrainingRecord>(core, 'training.create', { config: config({ totalSteps: 40, batchSize: 64 }, { evalEvery: 0 }) });
    await waitStatus(core, t.id, ['completed']);
    const before = { cps: core.training.store.checkpoints(t.id).map((c) => c.step), metrics: core.training.store.metrics(t.id, -1).length };
    expect(before.cps).toEqual([20, 40]);
    for (const r of core.training.store.list())
      if (r.activationSetId === set.id && r.status !== 'completed') await call(core, 'training.delete', { id: r.id });
    await call(core, 'activations.delete', { id: set.id });
    const first = core.training.store.checkpoints(t.id)[0]!;
    await expect(call(core, 'training.loadCheckpoint', { checkpointId: first.id, mode: 'continue' })).rejects.toThrow(
      /activation set was deleted/,
    );
    await expect(call(core, 'training.loadCheckpoint', { checkpointId: first.id, mode: 'branch' })).rejects.toThrow(
      /activation set was deleted/,
    );
    expect(core.training.store.checkpoints(t.id).map((c) => c.step)).toEqual(before.cps);
    expect(core.training.store.metrics(t.id, -1)).toHaveLength(before.metrics);
    expect(core.training.get(t.id).status).toBe('completed');
    expect(core.training.store.list().filter((r) => r.parentTrainingId === t.id)).toEqual([]); // no stuck branch row
  }, 120_000);
});

describe('templates', () => {
  it('saves, lists favourites first, updates, and deletes training and extraction templates; invalid ones are refused', async () => {
    const a = await call<TemplateRecord>(core, 'templates.save', {
      kind: 'training',
      name: 'quick',
      config: { hyperparameters: { totalSteps: 500, l1Coefficient: 4 } },
    });
    const b = await call<TemplateRecord>(core, 'templates.save', {
      kind: 'training',
      name: 'topk',
      config: { hyperparameters: { architecture: 'topk', k: 16 } },
    });
    await call(core, 'templates.setFavorite', { kind: 'training', id: a.id, isFavorite: true });
    expect((await call<TemplateRecord[]>(core, 'templates.list', { kind: 'training' })).map((t) => t.name)).toEqual(['quick', 'topk']);
    await expect(
      call(core, 'templates.save', { kind: 'training', name: 'bad', config: { hyperparameters: { learningRate: 5 } } }),
    ).rejects.toThrow(/hyperparameters\.learningRate/);
    const e = await call<TemplateRecord>(core, 'templates.save', {
      kind: 'extraction',
      name: 'all resid',
      config: { layers: [0, 1, 2, 3], hookTypes: ['hook_resid_post'] },
    });
    expect((await call<TemplateRecord[]>(core, 'templates.list', { kind: 'extraction' })).map((t) => t.id)).toEqual([e.id]);
    const renamed = await call<TemplateRecord>(core, 'templates.save', { kind: 'training', id: b.id, name: 'topk-16', config: b.config });
    expect(renamed).toMatchObject({ id: b.id, name: 'topk-16' });
    await call(core, 'templates.delete', { kind: 'training', id: a.id });
    expect((await call<TemplateRecord[]>(core, 'templates.list', { kind: 'training' })).map((t) => t.name)).toEqual(['topk-16']);
  });
});
