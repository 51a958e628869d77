import { and, asc, desc, eq, gt } from 'drizzle-orm';
import type { Db } from '../db/connection';
import {
  checkpoints,
  models,
  trainingLogs,
  trainingMetrics,
  trainings,
  type CheckpointRow,
  type MetricExtra,
  type TrainingMetricRow,
  type TrainingRow,
} from '../db/schema';
import { ceDeltaOf } from '../../../compute/sae/metrics';
import type { CheckpointInfo, SpliceEval, TrainingLogLine, TrainingMetricPoint, TrainingRecord } from '../../../shared/types/training';

/** Rows written before ΔCE and the mean-ablation baseline existed get ΔCE derived and the baseline as null. */
export function toSpliceEval(e: MetricExtra): SpliceEval {
  const num = (v: number | null | undefined) => (typeof v === 'number' ? v : NaN);
  const ceClean = num(e.ceClean);
  const ceWithSae = num(e.ceWithSae);
  const derived = ceDeltaOf(ceClean, ceWithSae);
  return {
    ceClean,
    ceWithSae,
    ceDelta: typeof e.ceDelta === 'number' ? e.ceDelta : derived.ceDelta,
    ceDeltaPercent: typeof e.ceDeltaPercent === 'number' ? e.ceDeltaPercent : derived.ceDeltaPercent,
    ceZeroAblation: num(e.ceZeroAblation),
    ceLossRecovered: num(e.ceLossRecovered),
    ceMeanAblation: e.ceMeanAblation ?? null,
    ceLossRecoveredMean: e.ceLossRecoveredMean ?? null,
    klWithSae: num(e.klWithSae),
    tokens: num(e.tokens),
  };
}

/** The step values kept in `extra` (no column of their own). */
type ExtraStepValues = Pick<TrainingMetricPoint, 'mseRawPerElement' | 'l1Coefficient' | 'auxLoss'>;

function extraOf(p: ExtraStepValues & Pick<TrainingMetricPoint, 'eval'>): MetricExtra | null {
  const e: MetricExtra = { ...(p.eval ?? {}) };
  for (const k of ['mseRawPerElement', 'l1Coefficient', 'auxLoss'] as const) if (p[k] !== null) e[k] = p[k];
  return Object.keys(e).length > 0 ? e : null;
}

function stepValuesOf(extra: MetricExtra): ExtraStepValues {
  const num = (v: number | null | undefined) => (typeof v === 'number' ? v : null);
  return { mseRawPerElement: num(extra.mseRawPerElement), l1Coefficient: num(extra.l1Coefficient), auxLoss: num(extra.auxLoss) };
}

export function toMetricPoint(r: TrainingMetricRow): TrainingMetricPoint {
  const extra = r.extra ?? {};
  const values = stepValuesOf(extra);
  return {
    step: r.step,
    loss: r.loss ?? NaN,
    mse: r.mse ?? NaN,
    mseRawPerElement: values.mseRawPerElement,
    l1: r.l1 ?? NaN,
    l0: r.l0 ?? NaN,
    explainedVariance: r.explainedVariance ?? NaN,
    // NaN where not measured (the step-0 baseline's eval-only record): charts skip it rather than plot a 0.
    deadFeatures: r.deadFeatures ?? NaN,
    denseFeatures: r.denseFeatures ?? NaN,
    learningRate: r.learningRate ?? NaN,
    l1Coefficient: values.l1Coefficient,
    auxLoss: values.auxLoss,
    tokensPerSecond: r.tokensPerSecond ?? 0,
    memoryBytes: r.memoryBytes ?? 0,
    eval: typeof extra.ceClean === 'number' ? toSpliceEval(extra) : null,
    at: r.at,
  };
}

function toCheckpoint(r: CheckpointRow): CheckpointInfo {
  return { id: r.id, trainingId: r.trainingId, step: r.step, loss: r.loss, path: r.path, sizeBytes: r.sizeBytes, createdAt: r.createdAt };
}

function toRecord(r: TrainingRow, modelName: string | null): TrainingRecord {
  return {
    id: r.id,
    name: r.name,
    modelId: r.modelId,
    modelName,
    datasetId: r.datasetId,
    activationSetId: r.activationSetId,
    hook: r.hook,
    architecture: r.architecture,
    engine: r.engine,
    hyperparameters: r.hyperparameters,
    // Written with every run (create and branch); the column is nullable only because it came in a later migration.
    config: r.config!,
    dIn: r.dIn,
    dSae: r.dSae,
    status: r.status,
    currentStep: r.currentStep,
    totalSteps: r.totalSteps,
    // Records written before l1Coefficient and auxLoss were kept lack them: not measured.
    latest: r.latest ? { ...r.latest, l1Coefficient: r.latest.l1Coefficient ?? null, auxLoss: r.latest.auxLoss ?? null } : null,
    latestEval: r.latestEval ? toSpliceEval(r.latestEval) : null,
    latestEvalStep: typeof r.latestEval?.step === 'number' ? r.latestEval.step : null,
    density: r.density ?? null,
    error: r.error,
    jobId: r.jobId,
    parentTrainingId: r.parentTrainingId,
    sweepId: r.sweepId,
    createdAt: r.createdAt,
    startedAt: r.startedAt,
    completedAt: r.completedAt,
    updatedAt: r.updatedAt,
  };
}

/** Rows of trainings, their metrics, logs and checkpoints. */
export class TrainingStore {
  constructor(private readonly db: Db) {}

  private query() {
    return this.db.select({ t: trainings, modelName: models.name }).from(trainings).leftJoin(models, eq(models.id, trainings.modelId));
  }

  list(): TrainingRecord[] {
    return this.query()
      .orderBy(desc(trainings.createdAt))
      .all()
      .map((r) => toRecord(r.t, r.modelName));
  }

  get(id: string): TrainingRecord | null {
    const r = this.query().where(eq(trainings.id, id)).get();
    return r ? toRecord(r.t, r.modelName) : null;
  }

  insert(row: typeof trainings.$inferInsert): void {
    this.db.insert(trainings).values(row).run();
  }

  update(id: string, patch: Partial<typeof trainings.$inferInsert>): void {
    this.db
      .update(trainings)
      .set({ ...patch, updatedAt: Date.now() })
      .where(eq(trainings.id, id))
      .run();
  }

  delete(id: string): void {
    this.db.delete(trainings).where(eq(trainings.id, id)).run();
  }

  addMetric(trainingId: string, p: TrainingMetricPoint): void {
    this.db
      .insert(trainingMetrics)
      .values({
        trainingId,
        step: p.step,
        loss: p.loss,
        mse: p.mse,
        l1: p.l1,
        l0: p.l0,
        deadFeatures: p.deadFeatures,
        denseFeatures: p.denseFeatures,
        explainedVariance: p.explainedVariance,
        learningRate: p.learningRate,
        tokensPerSecond: p.tokensPerSecond,
        memoryBytes: p.memoryBytes,
        extra: extraOf(p),
        at: p.at,
      })
      .run();
  }

  /** Attach a splice evaluation to the metrics record of the same step (kept beside its other extras); false when there is none. */
  attachEval(trainingId: string, step: number, e: SpliceEval): boolean {
    const at = and(eq(trainingMetrics.trainingId, trainingId), eq(trainingMetrics.step, step));
    const row = this.db.select({ extra: trainingMetrics.extra }).from(trainingMetrics).where(at).get();
    if (!row) return false;
    this.db
      .update(trainingMetrics)
      .set({ extra: extraOf({ eval: e, ...stepValuesOf(row.extra ?? {}) }) })
      .where(at)
      .run();
    return true;
  }

  metrics(trainingId: string, afterStep: number): TrainingMetricPoint[] {
    return this.db
      .select()
      .from(trainingMetrics)
      .where(and(eq(trainingMetrics.trainingId, trainingId), gt(trainingMetrics.step, afterStep)))
      .orderBy(asc(trainingMetrics.step), asc(trainingMetrics.id))
      .all()
      .map(toMetricPoint);
  }

  /** Drop metrics after `step` (a rewind to a checkpoint: those steps will be trained again). */
  dropMetricsAfter(trainingId: string, step: number): void {
    this.db
      .delete(trainingMetrics)
      .where(and(eq(trainingMetrics.trainingId, trainingId), gt(trainingMetrics.step, step)))
      .run();
  }

  copyMetrics(fromId: string, toId: string, upToStep: number): void {
    for (const p of this.metrics(fromId, -1)) if (p.step <= upToStep) this.addMetric(toId, p);
  }

  addLog(trainingId: string, level: TrainingLogLine['level'], message: string, at: number): TrainingLogLine {
    const r = this.db.insert(trainingLogs).values({ trainingId, level, message, at }).returning({ id: trainingLogs.id }).get();
    return { id: r.id, trainingId, level, message, at };
  }

  logs(trainingId: string, afterId: number, limit: number, newest = false): TrainingLogLine[] {
    const rows = this.db
      .select()
      .from(trainingLogs)
      .where(and(eq(trainingLogs.trainingId, trainingId), gt(trainingLogs.id, afterId)))
      .orderBy(newest ? desc(trainingLogs.id) : asc(trainingLogs.id))
      .limit(limit)
      .all();
    return newest ? rows.reverse() : rows;
  }

  addCheckpoint(row: typeof checkpoints.$inferInsert): void {
    // A re-save at the same step (resume, then stop at once) replaces the row.
    this.db
      .delete(checkpoints)
      .where(and(eq(checkpoints.trainingId, row.trainingId), eq(checkpoints.step, row.step)))
      .run();
    this.db.insert(checkpoints).values(row).run();
  }

  checkpoints(trainingId: string): CheckpointInfo[] {
    return this.db
      .select()
      .from(checkpoints)
      .where(eq(checkpoints.trainingId, trainingId))
      .orderBy(asc(checkpoints.step))
      .all()
      .map(toCheckpoint);
  }

  checkpoint(id: string): CheckpointInfo | null {
    const r = this.db.select().from(checkpoints).where(eq(checkpoints.id, id)).get();
    return r ? toCheckpoint(r) : null;
  }

  deleteCheckpoint(id: string): void {
    this.db.delete(checkpoints).where(eq(checkpoints.id, id)).run();
  }
}
