import { existsSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Core } from '..';
import { removeDir, tempDir, waitForJob } from '../../../../test/core-helpers';
import { call, HOOK, openTestCore, setUpCorpus, waitFor } from '../../../../test/features-fixture';
import type { TrainingConfigInput } from '../../../shared/contract/training';
import { gridPoints } from '../../../shared/sweeps/grid';
import type { ActivationSetRecord } from '../../../shared/types/activations';
import type { JobRecord } from '../../../shared/types/jobs';
import type { SweepDetail, SweepPoint, SweepRecord, SweepStatus } from '../../../shared/types/sweeps';
import type { TrainingRecord } from '../../../shared/types/training';

let dir: string;
let core: Core;
let set: ActivationSetRecord;

/** A tiny run (20 steps of 64 tokens, d_sae 512): a checkpoint and a splice evaluation at the end only. */
function base(over: Partial<TrainingConfigInput['hyperparameters']> = {}, extra: Partial<TrainingConfigInput> = {}): TrainingConfigInput {
  return {
    source: { kind: 'activations', activationSetId: set.id },
    hook: HOOK,
    hyperparameters: { expansionFactor: 2, batchSize: 64, totalSteps: 20, learningRate: 1e-3, lrWarmupSteps: 2, l1WarmupSteps: 5, ...over },
    checkpointEvery: 0,
    metricsEvery: 10,
    evalEvery: 20,
    evalTokens: 256,
    engine: 'ort',
    ...extra,
  };
}

const create = (args: { name?: string; base: TrainingConfigInput; points: SweepPoint[] }) => call<SweepDetail>(core, 'sweeps.create', args);
const get = (id: string) => call<SweepDetail>(core, 'sweeps.get', { id });
const waitSweep = (id: string, statuses: SweepStatus[], ready: (s: SweepDetail) => boolean = () => true) =>
  waitFor(
    `sweep ${id} ${statuses.join('|')}`,
    () => {
      const s = core.sweeps.get(id);
      return statuses.includes(s.status) && ready(s) ? s : null;
    },
    300_000,
  );

/** The demo model, a small KJV corpus tokenized for it and one activation set of layer 2's residual stream (4,000 tokens). */
beforeAll(async () => {
  dir = tempDir();
  core = await openTestCore(dir);
  const { modelId, datasetId } = await setUpCorpus(core, dir, 12, 2);
  const r = await call<{ set: ActivationSetRecord; job: JobRecord }>(core, 'activations.extract', {
    config: { modelId, datasetId, layers: [2], hookTypes: ['hook_resid_post'], batchSize: 4, maxTokens: 4000, contextSize: 64 },
  });
  await waitForJob(core, r.job.id, ['completed'], 120_000);
  set = await waitFor('set ready', () => (core.activations.get(r.set.id).status === 'ready' ? core.activations.get(r.set.id) : null));
}, 240_000);

afterAll(async () => {
  await core.close();
  removeDir(dir);
});

describe('sweeps', () => {
  let grid: SweepDetail;

  it('a 2×2 sweep queues four runs in point order, trains them one at a time and fills every figure and SAE', async () => {
    const changes: string[] = [];
    const off = core.events.onAny((e, p) => {
      if (e === 'sweeps.changed') changes.push((p as { id: string }).id);
    });
    const points = gridPoints([
      { parameter: 'architecture', values: ['topk', 'batchtopk'] },
      { parameter: 'k', values: [8, 16] },
    ]);
    const made = await create({ name: 'Grid', base: base(), points });
    expect(made.runs.map((r) => r.name)).toEqual([
      'Grid · architecture=topk, k=8',
      'Grid · architecture=topk, k=16',
      'Grid · architecture=batchtopk, k=8',
      'Grid · architecture=batchtopk, k=16',
    ]);
    expect(made.runs.map((r) => r.point)).toEqual(points);
    expect(made.runs.every((r) => r.status === 'queued' && r.saeId === null && r.l0 === null && r.seconds === null)).toBe(true);
    expect(made).toMatchObject({ name: 'Grid', hook: HOOK, runCount: 4, completedCount: 0, status: 'queued' });
    expect(made.axes).toEqual([
      { parameter: 'architecture', values: ['topk', 'batchtopk'] },
      { parameter: 'k', values: [8, 16] },
    ]);
    const runs = await Promise.all(made.runs.map((r) => call<TrainingRecord>(core, 'training.get', { id: r.trainingId })));
    expect(runs.map((t) => [t.sweepId, t.architecture, t.hyperparameters.k, t.activationSetId, t.hook])).toEqual(
      points.map((p) => [made.id, p.architecture, p.k, set.id, HOOK]),
    );

    grid = await waitSweep(made.id, ['completed', 'failed'], (s) => s.runs.every((r) => r.saeId !== null));
    off();
    expect(grid).toMatchObject({ status: 'completed', completedCount: 4, failedCount: 0 });
    const done = await Promise.all(grid.runs.map((r) => call<TrainingRecord>(core, 'training.get', { id: r.trainingId })));
    // One at a time, in point order: each run started after the one before it completed.
    for (let i = 1; i < done.length; i++) expect(done[i]!.startedAt!).toBeGreaterThanOrEqual(done[i - 1]!.completedAt!);
    for (const [i, r] of grid.runs.entries()) {
      const t = done[i]!;
      expect(r).toMatchObject({ status: 'completed', currentStep: 20, totalSteps: 20, dSae: 512 });
      expect(r.explainedVariance).toBe(t.latest!.explainedVariance);
      expect(r.l0).toBe(t.latest!.l0);
      expect(r.l0!).toBeGreaterThan(0);
      // TopK keeps at most k per token; BatchTopK k on average over the batch (and its threshold at inference).
      if (r.architecture === 'topk') expect(r.l0!).toBeLessThanOrEqual(r.point.k!);
      expect(r.ceDelta).toBe(t.latestEval!.ceDelta);
      expect(r.ceDeltaPercent).toBe(t.latestEval!.ceDeltaPercent);
      expect(r.ceLossRecovered).toBe(t.latestEval!.ceLossRecovered);
      expect(r.deadFeatures).toBe(t.latest!.deadFeatures);
      expect(r.denseFeatures).toBe(t.latest!.denseFeatures);
      expect(r.seconds).toBeCloseTo((t.completedAt! - t.startedAt!) / 1000, 6);
      expect(r.seconds!).toBeGreaterThan(0);
      const sae = core.saes.get(r.saeId!);
      expect(sae).toMatchObject({ trainingId: t.id, dSae: 512, hook: HOOK });
    }
    // The sweep's updatedAt follows its runs'.
    expect(grid.updatedAt).toBeGreaterThanOrEqual(Math.max(...done.map((t) => t.completedAt!)));
    expect(new Set(changes)).toEqual(new Set([made.id]));
    expect(changes.length).toBeGreaterThan(8);
    const listed = await call<SweepRecord[]>(core, 'sweeps.list', {});
    expect(listed.find((s) => s.id === made.id)).toMatchObject({ status: 'completed', runCount: 4, completedCount: 4 });
    expect(listed.find((s) => s.id === made.id)).not.toHaveProperty('runs');
  }, 360_000);

  it('checks every point before creating any run: one bad point creates nothing and the error names it', async () => {
    const before = { runs: core.training.store.list().length, sweeps: core.sweeps.list().length };
    await expect(create({ base: base({ architecture: 'topk' }), points: [{ k: 8 }, { k: 600 }, { k: 16 }] })).rejects.toMatchObject({
      code: 'VALIDATION',
      message: 'Point 2 of 3 (k=600): k = 600 is more than the 512 features of this SAE',
    });
    // A check of the merged config, not of the point alone: ghost gradients are for standard SAEs.
    await expect(
      create({ base: base({ ghostGradients: true }, { engine: 'tfjs' }), points: [{ l1Coefficient: 2 }, { architecture: 'topk' }] }),
    ).rejects.toThrow(/^Point 2 of 2 \(architecture=topk\): Ghost gradients apply to standard/);
    // The boundary: repeated points, parameters a sweep does not vary, no points.
    await expect(create({ base: base(), points: [{ k: 8 }, { k: 8 }] })).rejects.toThrow(/point 2 \(k=8\) repeats point 1/);
    await expect(create({ base: base(), points: [{ optimizer: 'sgd' } as SweepPoint] })).rejects.toMatchObject({ code: 'VALIDATION' });
    await expect(create({ base: base(), points: [] })).rejects.toMatchObject({ code: 'VALIDATION' });
    expect({ runs: core.training.store.list().length, sweeps: core.sweeps.list().length }).toEqual(before);
  });

  it('stop cancels the queued runs and stops the running one with a checkpoint; delete is refused until then and keeps the runs', async () => {
    const long = base({ totalSteps: 5000 }, { evalEvery: 0 });
    const s = await create({ name: 'Long', base: long, points: [{ seed: 1 }, { seed: 2 }, { seed: 3 }] });
    await waitSweep(s.id, ['running'], (d) => (d.runs[0]?.currentStep ?? 0) >= 10);
    await expect(call(core, 'sweeps.delete', { id: s.id })).rejects.toMatchObject({ code: 'CONFLICT' });
    await call<SweepDetail>(core, 'sweeps.stop', { id: s.id });
    const stopped = await waitSweep(s.id, ['stopped']);
    expect(stopped.runs.map((r) => r.status)).toEqual(['cancelled', 'cancelled', 'cancelled']);
    const [first, ...rest] = await Promise.all(stopped.runs.map((r) => call<TrainingRecord>(core, 'training.get', { id: r.trainingId })));
    expect(core.training.lastCheckpoint(first!.id)?.step).toBeGreaterThanOrEqual(10);
    // The queued ones never started.
    expect(rest.map((t) => [t.startedAt, t.currentStep])).toEqual([
      [null, 0],
      [null, 0],
    ]);
    await expect(call(core, 'sweeps.stop', { id: s.id })).rejects.toMatchObject({ code: 'CONFLICT' });

    // Without deleteRuns the runs stay, as plain runs — and say so to every window showing them.
    const runChanges: string[] = [];
    const off = core.events.onAny((e, p) => {
      if (e === 'training.changed') runChanges.push((p as { id: string }).id);
    });
    expect(await call(core, 'sweeps.delete', { id: s.id })).toEqual({ freedBytes: 0 });
    off();
    await expect(get(s.id)).rejects.toMatchObject({ code: 'NOT_FOUND' });
    for (const r of stopped.runs) expect(core.training.get(r.trainingId).sweepId).toBeNull();
    expect([...new Set(runChanges)].sort()).toEqual(stopped.runs.map((r) => r.trainingId).sort());
  }, 240_000);

  it('delete with deleteRuns deletes the runs and their folders; their SAEs stay', async () => {
    const { freedBytes } = await call<{ freedBytes: number }>(core, 'sweeps.delete', { id: grid.id, deleteRuns: true });
    expect(freedBytes).toBeGreaterThan(0);
    for (const r of grid.runs) {
      expect(core.training.store.get(r.trainingId)).toBeNull();
      expect(existsSync(core.training.dir(r.trainingId))).toBe(false);
      expect(core.saes.get(r.saeId!).trainingId).toBeNull();
    }
    expect(core.sweeps.list().find((s) => s.id === grid.id)).toBeUndefined();
  });
});
