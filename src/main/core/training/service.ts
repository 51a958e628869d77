import { existsSync, promises as fs } from 'node:fs';
import path from 'node:path';
import { ApiError } from '../../../shared/contract/errors';
import type { TrainingConfig } from '../../../shared/contract/training';
import type { SweepPoint } from '../../../shared/types/sweeps';
import type { JobLogLine, JobRecord } from '../../../shared/types/jobs';
import type { CheckpointInfo, TrainingRecord, TrainingStatus } from '../../../shared/types/training';
import type { TrainingReport } from '../../../shared/jobs/training';
import { SAVE_CHECKPOINT_REQUEST } from '../../../compute/training/request';
import type { ActivationsService } from '../activations/service';
import type { Db } from '../db/connection';
import type { DatasetsService } from '../datasets/service';
import type { EventBus } from '../events';
import type { JobService } from '../jobs/service';
import type { ModelsService } from '../models/service';
import type { SettingsService } from '../settings/service';
import { folderBytes } from '../util/folder-size';
import { newId } from '../util/ids';
import type { Logger } from '../util/logger';
import { trainJobParams, type TrainJobParams } from './job-params';
import { recordReport } from './reports';
import { checkRunConfig } from './run-checks';
import { TrainingStore } from './store';

export type { TrainJobParams } from './job-params';

type TrainJob = JobRecord<'training.run'>;

/** A run still on the gpu pool (queued, training or paused): it cannot be deleted, and its sweep cannot either. */
export const ACTIVE: TrainingStatus[] = ['queued', 'running', 'paused'];

/** A sweep run's place in its sweep (columns of `trainings`). */
export interface SweepMembership {
  sweepId: string;
  sweepIndex: number;
  sweepPoint: SweepPoint;
}

/**
 * SAE training runs (docs/training.md, "Runs in the app"): a `trainings` row per run, a `training.run` job on the gpu
 * pool per stretch of training (start, and each resume from a checkpoint); metrics, logs and
 * checkpoints the worker reports are persisted and re-emitted as events (docs/architecture.md, "Durable jobs").
 */
export class TrainingService {
  readonly store: TrainingStore;

  constructor(
    db: Db,
    private readonly jobs: JobService,
    private readonly events: EventBus,
    readonly models: ModelsService,
    readonly datasets: DatasetsService,
    readonly activations: ActivationsService,
    readonly settings: SettingsService,
    private readonly saesDir: string,
    private readonly dbPath: string,
    private readonly log: Logger,
  ) {
    this.store = new TrainingStore(db);
    jobs.onReport('training.run', (job, r) => this.onReport(job, r));
    jobs.onLog('training.run', (job, line) => this.onLog(job, line));
    jobs.onSettled('training.run', (job) => this.onSettled(job));
    // Mirror queued/running/paused from the job onto the run.
    events.onAny((event, payload) => {
      if (event !== 'job.updated') return;
      const job = payload as JobRecord;
      if (job.kind !== 'training.run') return;
      const t = this.current(job);
      if (t && ACTIVE.includes(job.status as TrainingStatus) && t.status !== job.status) {
        this.store.update(t.id, {
          status: job.status as TrainingStatus,
          ...(job.status === 'running' && !t.startedAt ? { startedAt: Date.now() } : {}),
        });
        if (job.status === 'paused')
          this.runLog(
            t.id,
            `paused at step ${this.get(t.id).currentStep}; the checkpoint at step ${this.lastCheckpoint(t.id)?.step ?? '—'} is what Resume continues from`,
          );
        if (job.status === 'running' && t.status === 'paused') this.runLog(t.id, `resumed at step ${t.currentStep}`);
        this.changed(t.id);
      }
    });
  }

  /** A line in the run's own log (controls, as the worker's lines are). */
  private runLog(id: string, message: string, level: 'info' | 'warn' = 'info'): void {
    this.events.emit('training.log', this.store.addLog(id, level, message, Date.now()));
  }

  private changed(id: string): void {
    this.events.emit('training.changed', { id });
  }

  /** The run a job trains, when that job is still the run's current one. */
  private current(job: TrainJob): TrainingRecord | null {
    const { trainingId } = job.params;
    const t = this.store.get(trainingId);
    return t && t.jobId === job.id ? t : null;
  }

  get(id: string): TrainingRecord {
    const t = this.store.get(id);
    if (!t) throw new ApiError('NOT_FOUND', `No training with id ${id}`);
    return t;
  }

  dir(id: string): string {
    return path.join(this.saesDir, id);
  }

  /** Start-up: runs that were training when the app stopped are `interrupted` (resume continues from the last checkpoint). */
  reconcile(): void {
    for (const t of this.store.list()) {
      if (!ACTIVE.includes(t.status)) continue;
      const last = this.lastCheckpoint(t.id);
      this.store.update(t.id, {
        status: 'interrupted',
        error: `miStudio stopped while this run was training; Resume continues from ${last ? `the checkpoint at step ${last.step}` : 'the start (no checkpoint yet)'}.`,
      });
    }
  }

  /** Name of an unfinished run reading this activation set (deleting the set would strand it). */
  userOfActivationSet(setId: string): string | null {
    return this.store.list().find((t) => t.activationSetId === setId && t.status !== 'completed')?.name ?? null;
  }

  /**
   * Check the config (checkRunConfig), insert the run and queue its job. `member` places it in a
   * sweep (docs/training.md, "Sweeps"); the sweep has checked every point with checkRunConfig first.
   */
  create(config: TrainingConfig, parentTrainingId: string | null = null, member?: SweepMembership): TrainingRecord {
    const hp = config.hyperparameters;
    const run = checkRunConfig(config, this);
    const id = newId('tr');
    const now = Date.now();
    this.store.insert({
      id,
      name: run.name,
      modelId: run.model.id,
      datasetId: run.dataset.id,
      activationSetId: run.activationSetId,
      hook: config.hook,
      architecture: hp.architecture,
      hyperparameters: hp,
      config: { ...config, engine: run.engine, tokenizedAt: run.dataset.tokenization.createdAt },
      dIn: run.dIn,
      dSae: run.dSae,
      status: 'queued',
      totalSteps: hp.totalSteps,
      parentTrainingId,
      ...(member ?? {}),
      createdAt: now,
      updatedAt: now,
    });
    try {
      this.startJob(this.get(id), this.jobParams(this.get(id), null));
    } catch (err) {
      this.store.delete(id);
      throw err;
    }
    return this.get(id);
  }

  private jobParams(t: TrainingRecord, resumeFrom: string | null): TrainJobParams {
    return trainJobParams(t, resumeFrom, {
      models: this.models,
      datasets: this.datasets,
      activations: this.activations,
      settings: this.settings,
      dbPath: this.dbPath,
      outDir: this.dir(t.id),
    });
  }

  private startJob(t: TrainingRecord, params: TrainJobParams): void {
    const job = this.jobs.start('training.run', params);
    this.store.update(t.id, { jobId: job.id, status: 'queued', error: null, completedAt: null });
    this.changed(t.id);
  }

  /** Runs with a control call in flight (async file work before the job starts): a second call is refused. */
  private busy = new Set<string>();

  private async exclusive<T>(id: string, fn: () => Promise<T> | T): Promise<T> {
    if (this.busy.has(id)) throw new ApiError('CONFLICT', 'This run is already being changed; wait a moment.');
    this.busy.add(id);
    try {
      return await fn();
    } finally {
      this.busy.delete(id);
    }
  }

  private onReport(job: TrainJob, r: TrainingReport): void {
    const t = this.current(job);
    if (!t) return;
    recordReport(this.store, this.events, t, r);
    this.changed(t.id);
  }

  private onLog(job: TrainJob, line: JobLogLine): void {
    const { trainingId } = job.params;
    if (!this.store.get(trainingId)) return;
    this.events.emit('training.log', this.store.addLog(trainingId, line.level, line.message, line.at));
  }

  private onSettled(job: TrainJob): void {
    const t = this.current(job);
    if (!t) return;
    const now = Date.now();
    if (job.status === 'completed') {
      const r = job.result;
      if (r) this.store.update(t.id, { status: 'completed', currentStep: r.finalStep, completedAt: now, error: null, engine: r.engine });
    } else if (job.status === 'cancelled') {
      const last = this.lastCheckpoint(t.id);
      this.store.update(t.id, { status: 'cancelled', error: null, ...(last ? { currentStep: last.step } : {}) });
      this.runLog(
        t.id,
        `stopped at step ${last?.step ?? t.currentStep}${last ? ` (checkpoint step-${last.step}); Resume continues from it` : ''}`,
      );
    } else if (job.status === 'interrupted') {
      const last = this.lastCheckpoint(t.id);
      this.store.update(t.id, {
        status: 'interrupted',
        error: `${job.error?.message ?? 'The worker stopped'}; Resume continues from ${last ? `the checkpoint at step ${last.step}` : 'the start'}.`,
      });
    } else {
      this.store.update(t.id, { status: 'failed', error: job.error?.message ?? 'failed' });
    }
    this.changed(t.id);
  }

  /** The newest checkpoint whose folder is still on disk (rows of removed folders are dropped). */
  lastCheckpoint(id: string): CheckpointInfo | null {
    const all = this.store.checkpoints(id);
    for (const c of [...all].reverse()) {
      if (existsSync(path.join(c.path, 'cfg.json'))) return c;
      this.store.deleteCheckpoint(c.id);
    }
    return null;
  }

  private requireJob(t: TrainingRecord, verb: string): string {
    if (!t.jobId || !this.jobs.isActive(t.jobId)) throw new ApiError('CONFLICT', `Cannot ${verb} "${t.name}": it is ${t.status}`);
    return t.jobId;
  }

  pause(id: string): TrainingRecord {
    const t = this.get(id);
    this.jobs.pause(this.requireJob(t, 'pause'));
    this.runLog(id, `pause requested at step ${t.currentStep}: a checkpoint is written at the next step`);
    return this.get(id);
  }

  /** Paused → resume the live job; interrupted/cancelled/failed → a new job from the last checkpoint. */
  resume(id: string): Promise<TrainingRecord> {
    return this.exclusive(id, () => {
      const t = this.get(id);
      if (t.status === 'paused' && t.jobId && this.jobs.isActive(t.jobId)) {
        this.jobs.resume(t.jobId);
        return this.get(id);
      }
      if (!['interrupted', 'cancelled', 'failed'].includes(t.status))
        throw new ApiError('CONFLICT', `Cannot resume "${t.name}": it is ${t.status}`);
      const last = this.lastCheckpoint(id);
      this.continueFrom(t, last);
      this.runLog(id, `resume requested: continuing from ${last ? `the checkpoint at step ${last.step}` : 'the start (no checkpoint)'}`);
      return this.get(id);
    });
  }

  retry(id: string): Promise<TrainingRecord> {
    return this.exclusive(id, () => {
      const t = this.get(id);
      if (t.status !== 'failed' && t.status !== 'interrupted')
        throw new ApiError('CONFLICT', `Only a failed or interrupted run can be retried; "${t.name}" is ${t.status}`);
      this.continueFrom(t, this.lastCheckpoint(id));
      return this.get(id);
    });
  }

  /**
   * Rewind the run to the checkpoint (or the start) and train on from there: the job's
   * parameters are checked first, so a refusal drops nothing; then metrics after the
   * checkpoint go and the run's latest values fall back to the last kept record.
   */
  private continueFrom(t: TrainingRecord, cp: CheckpointInfo | null, before?: () => void): void {
    const params = this.jobParams(t, cp?.path ?? null);
    before?.();
    const step = cp?.step ?? 0;
    this.store.dropMetricsAfter(t.id, cp ? step : -1);
    const kept = this.store.metrics(t.id, -1).at(-1) ?? null;
    this.store.update(t.id, { currentStep: step, latest: kept, latestEval: null, density: null });
    this.startJob(this.get(t.id), params);
  }

  stop(id: string): TrainingRecord {
    const t = this.get(id);
    this.jobs.cancel(this.requireJob(t, 'stop'));
    this.runLog(id, `stop requested at step ${t.currentStep}: a checkpoint is written at the next step, then the run ends`);
    return this.get(id);
  }

  saveCheckpoint(id: string): TrainingRecord {
    const t = this.get(id);
    if (t.status !== 'running')
      throw new ApiError('CONFLICT', `"${t.name}" is ${t.status}; a checkpoint can be saved while it trains (pausing also saves one).`);
    this.jobs.request(this.requireJob(t, 'checkpoint'), SAVE_CHECKPOINT_REQUEST);
    return this.get(id);
  }

  checkpoints(id: string): CheckpointInfo[] {
    this.get(id);
    this.lastCheckpoint(id); // drops rows whose folders are gone
    return this.store.checkpoints(id);
  }

  private checkpointOrThrow(checkpointId: string): { cp: CheckpointInfo; t: TrainingRecord } {
    const cp = this.store.checkpoint(checkpointId);
    if (!cp) throw new ApiError('NOT_FOUND', `No checkpoint with id ${checkpointId}`);
    if (!existsSync(path.join(cp.path, 'cfg.json'))) {
      this.store.deleteCheckpoint(cp.id);
      throw new ApiError('NOT_FOUND', `The checkpoint folder ${cp.path} is gone`);
    }
    return { cp, t: this.get(cp.trainingId) };
  }

  async loadCheckpoint(checkpointId: string, mode: 'continue' | 'branch', name?: string, totalSteps?: number): Promise<TrainingRecord> {
    const { cp, t } = this.checkpointOrThrow(checkpointId);
    const steps = totalSteps ?? t.totalSteps;
    if (steps <= cp.step)
      throw new ApiError('VALIDATION', `Training steps (${steps}) must be more than the checkpoint's step (${cp.step}).`);
    if (mode === 'continue') {
      return this.exclusive(t.id, async () => {
        const now = this.get(t.id);
        if (ACTIVE.includes(now.status))
          throw new ApiError('CONFLICT', `"${t.name}" is ${now.status}; stop it before continuing from an earlier checkpoint.`);
        const later = this.store.checkpoints(t.id).filter((c) => c.step > cp.step);
        const rewound = { ...now, totalSteps: steps, hyperparameters: { ...now.hyperparameters, totalSteps: steps } };
        // Checked (jobParams) before the later checkpoints — the stretch being rewound — are dropped.
        this.continueFrom(rewound, cp, () => {
          this.store.update(t.id, { totalSteps: steps, hyperparameters: rewound.hyperparameters });
          for (const c of later) this.store.deleteCheckpoint(c.id);
        });
        for (const c of later) await fs.rm(c.path, { recursive: true, force: true });
        return this.get(t.id);
      });
    }
    // Branch: a new run that starts from a copy of the checkpoint (independent of the parent's files).
    const config: TrainingConfig = {
      ...t.config,
      name: name ?? `${t.name} (branch @ step ${cp.step})`,
      hyperparameters: { ...t.hyperparameters, totalSteps: steps },
    };
    const id = newId('tr');
    const now = Date.now();
    const copy = path.join(this.dir(id), 'checkpoints', `step-${cp.step}`);
    this.jobParams({ ...t, id, config }, cp.path); // refuse before copying anything
    await fs.mkdir(path.dirname(copy), { recursive: true });
    await fs.cp(cp.path, copy, { recursive: true });
    this.store.insert({
      id,
      name: config.name ?? t.name,
      modelId: t.modelId,
      datasetId: t.datasetId,
      activationSetId: t.activationSetId,
      hook: t.hook,
      architecture: t.architecture,
      hyperparameters: config.hyperparameters,
      config,
      dIn: t.dIn,
      dSae: t.dSae,
      status: 'queued',
      currentStep: cp.step,
      totalSteps: steps,
      parentTrainingId: t.id,
      createdAt: now,
      updatedAt: now,
    });
    this.store.copyMetrics(t.id, id, cp.step);
    this.store.addCheckpoint({
      id: newId('ckpt'),
      trainingId: id,
      step: cp.step,
      loss: cp.loss,
      path: copy,
      sizeBytes: cp.sizeBytes,
      createdAt: now,
    });
    try {
      this.startJob(this.get(id), this.jobParams(this.get(id), copy));
    } catch (err) {
      this.store.delete(id);
      await fs.rm(this.dir(id), { recursive: true, force: true });
      throw err;
    }
    return this.get(id);
  }

  async deleteCheckpoint(checkpointId: string): Promise<{ freedBytes: number }> {
    const cp = this.store.checkpoint(checkpointId);
    if (!cp) throw new ApiError('NOT_FOUND', `No checkpoint with id ${checkpointId}`);
    const t = this.get(cp.trainingId);
    if (ACTIVE.includes(t.status) && this.lastCheckpoint(t.id)?.id === cp.id) {
      throw new ApiError(
        'CONFLICT',
        `The newest checkpoint of "${t.name}" is what it resumes from while it is ${t.status}; stop it first.`,
      );
    }
    const freedBytes = await folderBytes(cp.path);
    this.store.deleteCheckpoint(cp.id);
    await fs.rm(cp.path, { recursive: true, force: true });
    this.changed(cp.trainingId);
    return { freedBytes };
  }

  delete(id: string): Promise<{ freedBytes: number }> {
    return this.exclusive(id, async () => {
      const t = this.get(id);
      if (ACTIVE.includes(t.status)) throw new ApiError('CONFLICT', `"${t.name}" is ${t.status}; stop it first.`);
      const freedBytes = await folderBytes(this.dir(id));
      this.store.delete(id);
      await fs.rm(this.dir(id), { recursive: true, force: true });
      this.changed(id);
      return { freedBytes };
    });
  }

  /** A run that is training with (or may resume on) this model / dataset: refuse deleting or re-tokenizing it. */
  userOf(what: 'model' | 'dataset', id: string): string | null {
    const t = this.store
      .list()
      .find((r) => (what === 'model' ? r.modelId === id : r.datasetId === id) && (ACTIVE.includes(r.status) || this.busy.has(r.id)));
    return t?.name ?? null;
  }
}
