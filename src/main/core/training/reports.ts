import type { SpliceEval, TrainingMetricPoint, TrainingRecord } from '../../../shared/types/training';
import type { TrainingMetrics, TrainingReport } from '../../../shared/jobs/training';
import type { EventBus } from '../events';
import { newId } from '../util/ids';
import type { TrainingStore } from './store';

/** A metrics record holding only a splice evaluation (training metrics not measured at that step: NaN). */
function evalOnlyPoint(step: number, e: SpliceEval, at: number): TrainingMetricPoint {
  return {
    step,
    loss: NaN,
    mse: NaN,
    mseRawPerElement: null,
    l1: NaN,
    l0: NaN,
    explainedVariance: NaN,
    deadFeatures: NaN,
    denseFeatures: NaN,
    learningRate: NaN,
    l1Coefficient: null,
    auxLoss: null,
    tokensPerSecond: 0,
    memoryBytes: 0,
    eval: e,
    at,
  };
}

/** The one mapping from what the worker measured at a step (TrainingMetrics) to the point main keeps and charts. */
export function metricPointOf(m: TrainingMetrics, at: number): TrainingMetricPoint {
  return {
    step: m.step,
    loss: m.loss,
    mse: m.mse,
    mseRawPerElement: m.mseRawPerElement,
    l1: m.l1,
    l0: m.l0,
    explainedVariance: m.explainedVariance,
    deadFeatures: m.deadFeatures,
    denseFeatures: m.denseFeatures,
    learningRate: m.learningRate,
    l1Coefficient: m.l1Coefficient,
    auxLoss: m.auxLoss ?? null,
    tokensPerSecond: m.tokensPerSecond,
    memoryBytes: m.memoryBytes,
    eval: null,
    at,
  };
}

/**
 * Persist one record a training worker reported (docs/training.md, "Runs in the app") and re-emit it as a contract
 * event: step metrics → training_metrics + `training.metrics`; a splice eval attached to its
 * step's record; the density histogram; a checkpoint row; the engine that started.
 */
export function recordReport(store: TrainingStore, events: EventBus, t: TrainingRecord, r: TrainingReport): void {
  const now = Date.now();
  switch (r.type) {
    case 'started':
      store.update(t.id, { engine: r.engine, dIn: r.dIn, dSae: r.dSae, currentStep: r.step });
      break;
    case 'step': {
      const point = metricPointOf(r, now);
      store.addMetric(t.id, point);
      store.update(t.id, { currentStep: r.step, latest: point });
      events.emit('training.metrics', { trainingId: t.id, point });
      break;
    }
    case 'eval': {
      // The step goes with the latest evaluation so the dashboard can say which step it shows.
      store.update(t.id, { latestEval: { ...r.eval, step: r.step } });
      // The step-0 baseline (and an eval off the metrics cadence) has no metrics record: it gets one of its own, eval only.
      if (!store.attachEval(t.id, r.step, r.eval)) store.addMetric(t.id, evalOnlyPoint(r.step, r.eval, now));
      const point = store.metrics(t.id, r.step - 1).find((p) => p.step === r.step);
      if (point) events.emit('training.metrics', { trainingId: t.id, point });
      break;
    }
    case 'density': {
      const histogram = { step: r.step, edges: r.edges, counts: r.counts, deadCount: r.deadCount, tokens: r.tokens };
      store.update(t.id, { density: histogram });
      events.emit('training.density', { trainingId: t.id, histogram });
      break;
    }
    case 'checkpoint':
      // Metrics arrive every N steps; a checkpoint (pause, stop, save-now) can fall between two,
      // so the shown step follows the checkpoint's — what Resume continues from.
      if (r.record.step > t.currentStep) store.update(t.id, { currentStep: r.record.step });
      store.addCheckpoint({
        id: newId('ckpt'),
        trainingId: t.id,
        step: r.record.step,
        loss: Number.isFinite(r.record.loss) ? r.record.loss : null,
        path: r.record.path,
        sizeBytes: r.record.sizeBytes,
        createdAt: now,
      });
      // A run stopping on shutdown writes its checkpoint after it was marked interrupted.
      if (t.status === 'interrupted')
        store.update(t.id, {
          error: `miStudio closed while this run was training; Resume continues from the checkpoint at step ${r.record.step}.`,
        });
      break;
  }
}
