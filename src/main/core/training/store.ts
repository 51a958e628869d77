import { and, asc, desc, eq, gt } from 'drizzle-orm';
import type { Db } from '../db/connection';
import { checkpoints, models, trainingLogs, trainingMetrics, trainings, type CheckpointRow, type TrainingMetricRow, type TrainingRow } from '../db/schema';
import type { TrainingConfig } from '../../../shared/contract/training';
import type { CheckpointInfo, DensityHistogram, SpliceEval, TrainingHyperparameters, TrainingLogLine, TrainingMetricPoint, TrainingRecord } from '../../../shared/types/training';

export function toMetricPoint(r: TrainingMetricRow): TrainingMetricPoint {
  return {
    step: r.step,
    loss: r.loss ?? NaN,
    mse: r.mse ?? NaN,
    l1: r.l1 ?? NaN,
    l0: r.l0 ?? NaN,
    explainedVariance: r.explainedVariance ?? NaN,
    deadFeatures: r.deadFeatures ?? 0,
    denseFeatures: r.denseFeatures ?? 0,
    learningRate: r.learningRate ?? NaN,
    tokensPerSecond: r.tokensPerSecond ?? 0,
    memoryBytes: r.memoryBytes ?? 0,
    eval: (r.extra as SpliceEval | null) ?? null,
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
    architecture: r.architecture as TrainingRecord['architecture'],
    engine: r.engine,
    hyperparameters: r.hyperparameters as TrainingHyperparameters,
    config: r.runConfig as TrainingConfig,
    dIn: r.dIn,
    dSae: r.dSae,
    status: r.status,
    currentStep: r.currentStep,
    totalSteps: r.totalSteps,
    latest: (r.latestMetrics as TrainingMetricPoint | null) ?? null,
    latestEval: (r.latestEval as SpliceEval | null) ?? null,
    density: (r.density as DensityHistogram | null) ?? null,
    error: r.error,
    jobId: r.jobId,
    parentTrainingId: r.parentTrainingId,
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
        extra: p.eval as Record<string, number> | null,
        at: p.at,
      })
      .run();
  }

  /** Attach a splice evaluation to the metrics record of the same step; false when there is none. */
  attachEval(trainingId: string, step: number, e: SpliceEval): boolean {
    const r = this.db
      .update(trainingMetrics)
      .set({ extra: e as unknown as Record<string, number> })
      .where(and(eq(trainingMetrics.trainingId, trainingId), eq(trainingMetrics.step, step)))
      .run();
    return r.changes > 0;
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
    return this.db.select().from(checkpoints).where(eq(checkpoints.trainingId, trainingId)).orderBy(asc(checkpoints.step)).all().map(toCheckpoint);
  }

  checkpoint(id: string): CheckpointInfo | null {
    const r = this.db.select().from(checkpoints).where(eq(checkpoints.id, id)).get();
    return r ? toCheckpoint(r) : null;
  }

  deleteCheckpoint(id: string): void {
    this.db.delete(checkpoints).where(eq(checkpoints.id, id)).run();
  }
}
