import { existsSync, rmSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TaskCancelledError } from '../runtime/protocol';
import { readSaeLensFolder } from '../sae/saelens-reader';
import { readTrainerState } from '../sae/trainer-state';
import { loadCheckpoint } from './checkpoint';
import { trainSaeTask } from './task';
import { buildActivationSet, recordingContext, trainParams } from './test-support';
import { TrainingError } from './types';
import { SAVE_CHECKPOINT_REQUEST } from './request';
import { DEMO_MODEL_DIR } from '../../../test/task-support';

let set: Awaited<ReturnType<typeof buildActivationSet>>;

beforeAll(async () => {
  set = await buildActivationSet();
});
afterAll(() => set.cleanup());

describe('trainSaeTask (tfjs cpu, demo model blocks.2.hook_resid_post)', () => {
  it('trains a standard SAE: explained variance rises, metrics and checkpoints are written', async () => {
    const outDir = path.join(set.dir, 'sae-a');
    const ctx = recordingContext();
    const t0 = performance.now();
    // wasm: the pure-JS cpu backend takes ~1.5 s per step at this size (256→1024, batch 128) on 2 cores.
    const r = await trainSaeTask(trainParams(set.activationsDir, outDir, {}, { tfjsBackend: 'wasm' }), ctx);
    console.info(`${set.totalRows} rows; 150 steps in ${((performance.now() - t0) / 1000).toFixed(1)} s; last metrics`, r.metrics);
    expect(r.finalStep).toBe(150);
    expect(ctx.metricsSeen.map((m) => m.step)).toEqual(Array.from({ length: 15 }, (_, i) => (i + 1) * 10));
    const first = ctx.metricsSeen[0]!;
    const last = ctx.metricsSeen.at(-1)!;
    expect(last.explainedVariance).toBeGreaterThan(0.8);
    expect(last.explainedVariance).toBeGreaterThan(first.explainedVariance);
    expect(last.l0).toBeGreaterThan(0);
    expect(last.tokensPerSecond).toBeGreaterThan(0);
    expect(last.memoryBytes).toBeGreaterThan(0);
    expect(r.checkpoints.map((c) => c.step)).toEqual([50, 100, 150]);
    const saved = await readSaeLensFolder(r.checkpoints.at(-1)!.path);
    expect(saved).toMatchObject({ dIn: 256, dSae: 1024, architecture: 'standard' });
    expect(r.checkpoints.at(-1)!.sizeBytes).toBeGreaterThan(4 * 2 * 256 * 1024);
    const st = await readTrainerState(r.checkpoints.at(-1)!.path);
    expect(st.step).toBe(150);
    expect(st.inputScale).not.toBe(1);
  });

  it('the ort and tfjs-wasm engines, same seed and data, reach the same explained variance (± 0.01)', async () => {
    const run = async (engine: 'ort' | 'tfjs', name: string) => {
      const ctx = recordingContext();
      const r = await trainSaeTask(
        trainParams(set.activationsDir, path.join(set.dir, name), {}, { engine, tfjsBackend: 'wasm', checkpointEvery: 0 }),
        ctx,
      );
      expect(ctx.logs.some((l) => l.includes(`on ${engine}/`))).toBe(true);
      return r.metrics!.explainedVariance;
    };
    const ort = await run('ort', 'sae-ort');
    const tfjs = await run('tfjs', 'sae-tfjs');
    console.info(`explained variance after 150 steps: ort ${ort.toFixed(4)}, tfjs-wasm ${tfjs.toFixed(4)}`);
    expect(ort).toBeGreaterThan(0.8);
    expect(Math.abs(ort - tfjs)).toBeLessThanOrEqual(0.01);
  });

  it('N steps straight ≡ pause at k, resume from that checkpoint, continue to N (bit-identical)', async () => {
    const N = 14;
    const over = {
      totalSteps: N,
      batchSize: 32,
      expansionFactor: 1,
      resampleEvery: 6,
      deadWindowTokens: 32,
      l1Coefficient: 10,
      lrWarmupSteps: 3,
      l1WarmupSteps: 4,
      lrSchedule: 'cosine' as const,
    };
    const straightCtx = recordingContext();
    const straight = await trainSaeTask(
      trainParams(set.activationsDir, path.join(set.dir, 'sae-straight'), over, { checkpointEvery: 0 }),
      straightCtx,
    );
    expect(straightCtx.logs.some((l) => /resampled \d+ dead features/.test(l))).toBe(true); // resampling is part of what resumes exactly
    const pausedOut = path.join(set.dir, 'sae-paused');
    const k = 9; // the 9th checkpoint() call is at step 8
    await expect(
      trainSaeTask(trainParams(set.activationsDir, pausedOut, over, { checkpointEvery: 0 }), recordingContext(k)),
    ).rejects.toBeInstanceOf(TaskCancelledError);
    const pauseDir = path.join(pausedOut, 'checkpoints', `step-${k - 1}`);
    const resumed = await trainSaeTask(
      trainParams(set.activationsDir, pausedOut, over, { checkpointEvery: 0, resumeFrom: pauseDir }),
      recordingContext(),
    );
    expect(resumed.finalStep).toBe(N);
    const a = await loadCheckpoint(straight.checkpoints.at(-1)!.path);
    const b = await loadCheckpoint(resumed.checkpoints.at(-1)!.path);
    expect(b.cursor).toEqual(a.cursor);
    for (const p of ['W_enc', 'b_enc', 'W_dec', 'b_dec'] as const)
      expect(Buffer.from(b.weights[p].buffer).equals(Buffer.from(a.weights[p].buffer))).toBe(true);
    expect(Buffer.from(b.state.moments!.v.W_enc.buffer).equals(Buffer.from(a.state.moments!.v.W_enc.buffer))).toBe(true);
    expect(b.state.rngState).toBe(a.state.rngState);
    const exported = [
      await readSaeLensFolder(straight.checkpoints.at(-1)!.path),
      await readSaeLensFolder(resumed.checkpoints.at(-1)!.path),
    ];
    expect(Buffer.from(exported[1]!.weights.W_dec.buffer).equals(Buffer.from(exported[0]!.weights.W_dec.buffer))).toBe(true);
  });

  it('a diverging run stops with NAN_LOSS and the last good checkpoint stays readable', async () => {
    const outDir = path.join(set.dir, 'sae-nan');
    const over = { optimizer: 'sgd' as const, learningRate: 50, totalSteps: 60, batchSize: 32, expansionFactor: 1 };
    const err = await trainSaeTask(trainParams(set.activationsDir, outDir, over, { checkpointEvery: 1 }), recordingContext()).catch(
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(TrainingError);
    const e = err as TrainingError;
    expect(e.code).toBe('NAN_LOSS');
    console.info(e.message);
    expect(e.lastCheckpoint).not.toBeNull();
    // The checkpoint holding the weights that produced the bad loss is gone; the one before remains.
    expect(existsSync(path.join(outDir, 'checkpoints', `step-${e.lastCheckpoint!.step + 1}`))).toBe(false);
    const saved = await readSaeLensFolder(e.lastCheckpoint!.path);
    expect(saved.weights.W_enc.every(Number.isFinite)).toBe(true);
    const c = await loadCheckpoint(e.lastCheckpoint!.path);
    expect(c.state.step).toBe(e.lastCheckpoint!.step);
    rmSync(outDir, { recursive: true, force: true });
  });

  it('streams from the model (no disk cache) with splice evaluations, density histograms, and a checkpoint saved on request', async () => {
    const outDir = path.join(set.dir, 'sae-stream');
    const ctx = recordingContext();
    ctx.pendingRequests.push(SAVE_CHECKPOINT_REQUEST); // taken at the first step boundary → a checkpoint at step 0
    const params = trainParams(
      set.activationsDir,
      outDir,
      { totalSteps: 40, batchSize: 64 },
      {
        engine: 'ort',
        checkpointEvery: 0,
        source: { kind: 'model', modelDir: DEMO_MODEL_DIR, tokensDir: set.tokensDir, bufferRows: 256 },
        evaluation: {
          modelDir: DEMO_MODEL_DIR,
          every: 20,
          tokens: 200,
          contextSize: 32,
          text: { dbPath: set.dbPath, datasetId: set.datasetId },
        },
        densityEvery: 20,
      },
    );
    const r = await trainSaeTask(params, ctx);
    expect(r.finalStep).toBe(40);
    const evals = ctx.reports.filter((x) => x.type === 'eval');
    expect(evals.map((e) => e.step)).toEqual([0, 20, 40]); // baseline, then every 20 steps
    for (const e of evals) {
      const v = e.eval;
      expect(v.tokens).toBeGreaterThan(100);
      expect(v.ceZeroAblation).toBeGreaterThan(v.ceClean);
      expect(v.ceLossRecovered).toBeCloseTo((v.ceZeroAblation - v.ceWithSae) / (v.ceZeroAblation - v.ceClean), 10);
      expect(v.klWithSae).toBeGreaterThanOrEqual(0);
    }
    // Training helps: the SAE spliced in at step 40 recovers more of the clean loss than the untrained one.
    expect(evals[2]!.eval.ceLossRecovered).toBeGreaterThan(evals[0]!.eval.ceLossRecovered);
    const dens = ctx.reports.filter((x) => x.type === 'density');
    expect(dens.map((d) => d.step)).toEqual([20, 40]);
    for (const d of dens) {
      expect(d.tokens).toBe(20 * 64);
      expect(d.counts.reduce((a, b) => a + b, 0) + d.deadCount).toBe(256 * 4); // every feature counted once
    }
    const cps = ctx.reports.filter((x) => x.type === 'checkpoint').map((x) => x.record.step);
    expect(cps).toEqual([0, 40]);
    expect(ctx.logs.some((l) => l.includes('streamed from the model'))).toBe(true);
  });
});
