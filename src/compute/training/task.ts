import { promises as fs } from 'node:fs';
import path from 'node:path';
import type { TaskContext } from '../runtime/context';
import { TaskCancelledError } from '../runtime/protocol';
import { FeatureFiringTracker } from '../sae/firing';
import { scaleBatch } from '../sae/normalize';
import { Rng } from '../sae/rng';
import { l1CoefficientAt, learningRateAt } from '../sae/schedule';
import type { StepMetrics } from '../sae/types';
import { allFinite, checkpointDir, saveCheckpoint } from './checkpoint';
import { featureDensityHistogram } from './density';
import { SpliceEvaluator } from './evaluate';
import { resampleNow } from './resample-step';
import { SAVE_CHECKPOINT_REQUEST } from './request';
import { formatBytes } from '../../shared/format';
import { meanActivation } from '../sae/normalize';
import { createEngine, openSource, runCfg, sampleBatches, startState, validateParams } from './setup';
import {
  TrainingError,
  type CheckpointRecord,
  type TrainingMetrics,
  type TrainingReport,
  type TrainSaeParams,
  type TrainSaeResult,
} from './types';

/**
 * SAE training job, worker side (docs/training.md, "The loop"): streams batches from an activation set
 * (or the model, live), steps the engine with the LR / L1 schedules, reports metrics every
 * `metricsEvery` steps, a splice evaluation and a feature-density histogram periodically,
 * checkpoints every `checkpointEvery` steps, on request, on pause, on stop and at the end,
 * and stops with NAN_LOSS on a non-finite loss, keeping the last good checkpoint.
 * Resume (`resumeFrom`) is exact: N steps straight ≡ pause at k + resume (deterministic backend).
 */
export async function trainSaeTask(p: TrainSaeParams, ctx: TaskContext<TrainingReport>): Promise<TrainSaeResult> {
  validateParams(p);
  const report = (r: TrainingReport) => ctx.report(r);
  const hp = p.hyperparameters;
  const cfg = await runCfg(p);
  const start = await startState(p, cfg);
  const stream = await openSource(p, hp.seed, start.cursor);
  const { engine, reason } = await createEngine(p);
  const evaluator = p.evaluation ? await SpliceEvaluator.open(p.evaluation, p.hook) : null;
  // Mean-ablation baseline: the hook's mean over the first training batches, raw units [d_in].
  const trainingMean = evaluator ? meanActivation(start.sample ?? (await sampleBatches(p)), hp.dIn) : undefined;
  const inputScale = start.state.inputScale;
  const total = hp.totalSteps;
  const bs = hp.batchSize;
  const densityEvery = p.densityEvery ?? p.metricsEvery * 10;
  const rng = new Rng(start.state.rngState);
  const tracker = new FeatureFiringTracker(cfg.d_sae, hp.deadWindowTokens, hp.denseThreshold, start.state.tokensSinceFired);
  // Fire counts since the last density histogram (tokens per feature).
  let densityCounts = new Float64Array(cfg.d_sae);
  let densityTokens = 0;
  const checkpoints: CheckpointRecord[] = [];
  let step = start.state.step;
  let lastSavedStep = start.resumed ? step : -1;
  let lastLoss = NaN;
  let lastMetrics: TrainingMetrics | null = null;
  let windowStart = performance.now();
  let windowTokens = 0;

  const save = async (): Promise<void> => {
    if (lastSavedStep === step) return;
    const exp = await engine.exportState();
    if (!allFinite(exp.weights))
      throw new TrainingError('NAN_WEIGHTS', `non-finite weights at step ${step}; not checkpointed`, checkpoints.at(-1) ?? null);
    const state = {
      step,
      moments: exp.moments,
      tokensSinceFired: exp.tokensSinceFired ?? Float32Array.from(tracker.tokensSinceFired),
      inputScale,
      rngState: rng.state,
      dataCursor: { shard: stream.cursor.shard, row: stream.cursor.row },
      ...(exp.topkThreshold !== undefined ? { topkThreshold: exp.topkThreshold } : {}),
    };
    const rec = await saveCheckpoint(p.outDir, p.trainingId, cfg, { weights: exp.weights, state, cursor: stream.cursor }, lastLoss);
    checkpoints.push(rec);
    lastSavedStep = step;
    report({ type: 'checkpoint', record: rec });
    ctx.log('info', `checkpoint step ${step} → ${rec.path} (${formatBytes(rec.sizeBytes)})`);
  };

  const emit = (m: StepMetrics): void => {
    const now = performance.now();
    lastMetrics = {
      step,
      loss: m.loss,
      mse: m.mse,
      mseRawPerElement: m.mse / (inputScale * inputScale * cfg.d_in),
      l1: m.l1,
      l0: m.l0,
      explainedVariance: m.explainedVariance,
      deadFeatures: tracker.deadCount(),
      denseFeatures: tracker.denseCount(),
      dSae: cfg.d_sae,
      learningRate: m.learningRate,
      l1Coefficient: m.l1Coefficient,
      tokensPerSecond: windowTokens / Math.max(1e-9, (now - windowStart) / 1000),
      memoryBytes: process.memoryUsage().rss,
      epoch: stream.cursor.epoch,
      ...(m.auxLoss !== undefined ? { auxLoss: m.auxLoss } : {}),
    };
    report({ type: 'step', ...lastMetrics });
    ctx.progress(
      step / total,
      `step ${step}/${total} · loss ${m.loss.toPrecision(4)} · EV ${m.explainedVariance.toFixed(3)} · L0 ${m.l0.toFixed(1)}`,
    );
    windowStart = now;
    windowTokens = 0;
  };

  const evaluate = async (): Promise<void> => {
    if (!evaluator) return;
    const t0 = performance.now();
    // The SAE takes raw activations: scale in, reconstruct, scale back (scale = 1 without normalisation).
    const r = await evaluator.run(async (x, n) => {
      const xs = inputScale === 1 ? x : scaleBatch(x, inputScale);
      const rec = await engine.decode(await engine.encode(xs, n), n);
      return inputScale === 1 ? rec : scaleBatch(rec, 1 / inputScale);
    }, trainingMean);
    report({ type: 'eval', step, eval: r, split: evaluator.split });
    const mean =
      r.ceMeanAblation === null
        ? ''
        : `, ${r.ceMeanAblation.toFixed(4)} mean-ablated (recovered ${r.ceLossRecoveredMean?.toFixed(4) ?? '—'})`;
    ctx.log(
      'info',
      `step ${step}${step === 0 ? ' (untrained baseline)' : ''}: splice eval on ${r.tokens} held-out tokens (${evaluator.split}): ΔCE ${r.ceDelta >= 0 ? '+' : ''}${r.ceDelta.toFixed(4)} nats (${r.ceDeltaPercent.toFixed(2)} %); ` +
        `CE ${r.ceClean.toFixed(4)} clean, ${r.ceWithSae.toFixed(4)} with SAE, ${r.ceZeroAblation.toFixed(4)} zero-ablated (recovered ${r.ceLossRecovered.toFixed(4)})${mean}, KL ${r.klWithSae.toFixed(4)} (${((performance.now() - t0) / 1000).toFixed(1)} s)`,
    );
    windowStart += performance.now() - t0; // evaluation time is not training throughput
  };

  const density = (): void => {
    if (densityTokens === 0) return;
    const h = featureDensityHistogram(densityCounts, densityTokens);
    report({ type: 'density', step, edges: h.edges, counts: h.counts, deadCount: h.deadCount, tokens: densityTokens });
    densityCounts = new Float64Array(cfg.d_sae);
    densityTokens = 0;
  };

  try {
    await engine.init(hp, start.weights, start.state);
    report({ type: 'started', step, engine: `${engine.name}/${engine.backend}`, reason, dIn: cfg.d_in, dSae: cfg.d_sae });
    ctx.log(
      'info',
      `${start.resumed ? `resuming from ${p.resumeFrom} at step ${step}` : 'starting'}: ${hp.architecture} SAE ${cfg.d_in}→${cfg.d_sae} on ${engine.name}/${engine.backend} (${reason}), ` +
        `${stream.totalRows.toLocaleString('en-US')} rows of ${p.hook} (${p.source.kind === 'model' ? 'streamed from the model' : 'activation set'}), batch ${bs}, ${total} steps, input scale ${inputScale.toPrecision(6)}`,
    );
    if (evaluator && !start.resumed) await evaluate(); // the untrained baseline
    while (step < total) {
      try {
        await ctx.checkpoint(save);
      } catch (err) {
        // Stop = keep what was learned: write a checkpoint at this step, then end.
        if (err instanceof TaskCancelledError) {
          await save();
          ctx.log('info', `stopped at step ${step}`);
        }
        throw err;
      }
      if (ctx.takeRequests().includes(SAVE_CHECKPOINT_REQUEST)) await save();
      const batchRaw = await stream.next(bs);
      const x = inputScale === 1 ? batchRaw : scaleBatch(batchRaw, inputScale);
      const m = await engine.step(x, learningRateAt(step, hp), l1CoefficientAt(step, hp));
      if (!Number.isFinite(m.loss)) await failNonFinite(p.outDir, step, m.loss, checkpoints);
      step++;
      windowTokens += bs;
      lastLoss = m.loss;
      tracker.update(m.fireCounts, bs);
      for (let i = 0; i < cfg.d_sae; i++) densityCounts[i]! += m.fireCounts[i] ?? 0;
      densityTokens += bs;
      if (step % p.metricsEvery === 0 || step === total) emit(m);
      if (step % densityEvery === 0 || step === total) density();
      if (evaluator && p.evaluation && (step % p.evaluation.every === 0 || step === total)) await evaluate();
      if (hp.resampleEvery > 0 && step % hp.resampleEvery === 0 && step < total) {
        const rb = await stream.next(bs);
        const n = await resampleNow(engine, hp, tracker, rng, inputScale === 1 ? rb : scaleBatch(rb, inputScale), {
          step,
          inputScale,
          dataCursor: stream.cursor,
        });
        if (n > 0) ctx.log('info', `step ${step}: resampled ${n} dead features`);
      }
      if (p.checkpointEvery > 0 && step % p.checkpointEvery === 0 && step < total) await save();
    }
    await save();
    ctx.progress(1, `done: ${step} steps`);
    const lm = lastMetrics as TrainingMetrics | null;
    ctx.log(
      'info',
      `training finished at step ${step}${lm ? `: loss ${lm.loss.toPrecision(5)}, explained variance ${lm.explainedVariance.toFixed(4)}, L0 ${lm.l0.toFixed(1)}` : ''}`,
    );
    return { finalStep: step, checkpoints, metrics: lastMetrics, engine: `${engine.name}/${engine.backend}` };
  } catch (err) {
    if (err instanceof TrainingError) ctx.log('error', err.message);
    throw err;
  } finally {
    await engine.dispose();
  }
}

/**
 * A non-finite loss at step s means the weights going into step s are bad, so a checkpoint
 * at step s (written from those weights) is removed; the previous one is the last good one.
 */
async function failNonFinite(outDir: string, step: number, loss: number, checkpoints: CheckpointRecord[]): Promise<never> {
  const bad = checkpointDir(outDir, step);
  await fs.rm(bad, { recursive: true, force: true });
  const good = checkpoints.filter((c) => c.step < step);
  const last = good.at(-1) ?? (await lastCheckpointOnDisk(outDir, step));
  throw new TrainingError(
    'NAN_LOSS',
    `loss became ${loss} at step ${step}; training stopped${last ? `, last good checkpoint: step ${last.step}` : ' (no good checkpoint yet)'}`,
    last,
  );
}

async function lastCheckpointOnDisk(outDir: string, before: number): Promise<CheckpointRecord | null> {
  const names = await fs.readdir(path.join(outDir, 'checkpoints')).catch(() => [] as string[]);
  const steps = names
    .map((n) => /^step-(\d+)$/.exec(n)?.[1])
    .filter((s): s is string => s !== undefined)
    .map(Number)
    .filter((s) => s < before);
  if (steps.length === 0) return null;
  const s = Math.max(...steps);
  return { step: s, path: checkpointDir(outDir, s), loss: NaN, sizeBytes: 0 };
}
