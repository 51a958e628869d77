import { ApiError } from '../../../shared/contract/errors';
import type { TrainingConfig } from '../../../shared/contract/training';
import { pointLabel, sweepAxesOf } from '../../../shared/sweeps/grid';
import type { SweepDetail, SweepPoint, SweepRecord } from '../../../shared/types/sweeps';
import { hyperparametersSchema } from '../../../shared/types/training-config';
import type { Db } from '../db/connection';
import type { SweepRow } from '../db/schema';
import type { EventBus } from '../events';
import type { JobService } from '../jobs/service';
import type { SaesService } from '../saes/service';
import { checkRunConfig } from '../training/run-checks';
import { ACTIVE, type TrainingService } from '../training/service';
import { newId } from '../util/ids';
import type { Logger } from '../util/logger';
import { runSummary, sweepStatusOf } from './summary';
import { SweepStore } from './store';

/**
 * Hyperparameter sweeps (docs/training.md, "Sweeps"): one base config, a list of points, one
 * ordinary training run per point on the same source and hook, queued on the gpu pool in point
 * order. The sweep row holds the name, base and points; status and figures come from the runs.
 */
export class SweepsService {
  readonly store: SweepStore;
  /** training id → sweep id: routes a run's change (even its deletion) to its sweep. */
  private readonly memberOf: Map<string, string>;

  constructor(
    db: Db,
    private readonly jobs: JobService,
    private readonly events: EventBus,
    private readonly training: TrainingService,
    private readonly saes: SaesService,
    private readonly log: Logger,
  ) {
    this.store = new SweepStore(db);
    this.memberOf = this.store.memberships();
    events.onAny((event, payload) => {
      if (event === 'training.changed') this.runChanged((payload as { id: string }).id);
      else if (event === 'saes.changed') {
        const trainingId = saes.store.get((payload as { id: string }).id)?.trainingId;
        if (trainingId) this.runChanged(trainingId);
      }
    });
  }

  private runChanged(trainingId: string): void {
    const sweepId = this.memberOf.get(trainingId);
    if (!sweepId) return;
    if (!this.training.store.get(trainingId)) this.memberOf.delete(trainingId);
    if (this.store.get(sweepId)) this.changed(sweepId);
  }

  private changed(id: string): void {
    this.events.emit('sweeps.changed', { id });
  }

  private row(id: string): SweepRow {
    const row = this.store.get(id);
    if (!row) throw new ApiError('NOT_FOUND', `No sweep with id ${id}`);
    return row;
  }

  list(): SweepRecord[] {
    return this.store.list().map((row) => this.record(this.detailOf(row)));
  }

  get(id: string): SweepDetail {
    return this.detailOf(this.row(id));
  }

  private record({ runs: _runs, ...record }: SweepDetail): SweepRecord {
    return record;
  }

  private detailOf(row: SweepRow): SweepDetail {
    const members = this.store.members(row.id).flatMap((m) => {
      const t = this.training.store.get(m.trainingId);
      return t ? [{ t, summary: runSummary(t, m.point, this.finalSae(t.id)) }] : [];
    });
    const runs = members.map((m) => m.summary);
    return {
      id: row.id,
      name: row.name,
      hook: row.hook,
      axes: sweepAxesOf(row.points),
      runCount: runs.length,
      completedCount: runs.filter((r) => r.status === 'completed').length,
      failedCount: runs.filter((r) => r.status === 'failed').length,
      status: sweepStatusOf(runs.map((r) => r.status)),
      createdAt: row.createdAt,
      // The sweep changes when a run does: its newest run change (nothing is written per step).
      updatedAt: Math.max(row.updatedAt, ...members.map((m) => m.t.updatedAt)),
      runs,
    };
  }

  /** The SAE made automatically when the run completed (src/main/core/saes/service.ts), if made yet. */
  private finalSae(trainingId: string): string | null {
    return this.saes.store.list({ trainingId }).find((s) => s.provenance.createdBy === 'training-completed')?.id ?? null;
  }

  /**
   * Check every point merged over the base (the hyperparameter schema, then every check of
   * training.create), and only then create the runs, in point order. A failure while creating
   * (the source vanished meanwhile) takes back the runs made so far: all or nothing.
   */
  create(base: TrainingConfig, points: SweepPoint[], name?: string): SweepDetail {
    const checked = points.map((point, i) => {
      const where = `Point ${i + 1} of ${points.length} (${pointLabel(point) || 'the base config'})`;
      const hp = hyperparametersSchema.safeParse({ ...base.hyperparameters, ...point });
      if (!hp.success) throw new ApiError('VALIDATION', `${where}: ${hp.error.issues.map((x) => x.message).join('; ')}`, { point: i });
      const config: TrainingConfig = { ...base, hyperparameters: hp.data };
      try {
        return { config, run: checkRunConfig(config, this.training) };
      } catch (err) {
        if (err instanceof ApiError) throw new ApiError(err.code, `${where}: ${err.message}`, { point: i });
        throw err;
      }
    });
    const model = checked[0]?.run.model.name ?? 'SAE';
    const sweepName = name ?? base.name ?? `${model} · ${base.hook} · sweep`;
    const configs = checked.map(({ config }, i): TrainingConfig => ({ ...config, name: `${sweepName} · ${pointLabel(points[i] ?? {})}` }));
    const id = newId('sw');
    const now = Date.now();
    this.store.insert({ id, name: sweepName, hook: base.hook, baseConfig: base, points, createdAt: now, updatedAt: now });
    const made: string[] = [];
    try {
      configs.forEach((config, i) => {
        const run = this.training.create(config, null, { sweepId: id, sweepIndex: i, sweepPoint: points[i] ?? {} });
        made.push(run.id);
        this.memberOf.set(run.id, id);
      });
    } catch (err) {
      this.takeBack(id, made);
      throw err;
    }
    this.log.info(`sweep "${sweepName}": ${points.length} runs queued`);
    this.changed(id);
    return this.get(id);
  }

  /** Undo a half-made sweep: cancel the runs' jobs, drop their rows and the sweep's. */
  private takeBack(id: string, trainingIds: string[]): void {
    for (const tid of trainingIds) {
      const jobId = this.training.store.get(tid)?.jobId;
      if (jobId && this.jobs.isActive(jobId)) this.jobs.cancel(jobId);
      this.training.store.delete(tid);
      this.memberOf.delete(tid);
    }
    this.store.delete(id);
  }

  /** Cancel the queued runs first (so none starts when the running one ends), then stop the running one with a checkpoint. */
  stop(id: string): SweepDetail {
    const sweep = this.get(id);
    const active = sweep.runs.filter((r) => ACTIVE.includes(r.status));
    if (active.length === 0)
      throw new ApiError('CONFLICT', `Sweep "${sweep.name}" has no queued or running run to stop (it is ${sweep.status}).`);
    for (const r of active.filter((x) => x.status === 'queued')) {
      const jobId = this.training.get(r.trainingId).jobId;
      if (jobId && this.jobs.isActive(jobId)) this.jobs.cancel(jobId);
    }
    for (const r of active.filter((x) => x.status !== 'queued')) this.training.stop(r.trainingId);
    this.log.info(`sweep "${sweep.name}" stopped`);
    return this.get(id);
  }

  /** Refused while any run is queued, running or paused; deleteRuns also deletes the runs (their SAEs stay, as with training.delete). */
  async delete(id: string, deleteRuns: boolean): Promise<{ freedBytes: number }> {
    const sweep = this.get(id);
    const active = sweep.runs.find((r) => ACTIVE.includes(r.status));
    if (active) throw new ApiError('CONFLICT', `Sweep "${sweep.name}" still has "${active.name}" ${active.status}; stop the sweep first.`);
    let freedBytes = 0;
    if (deleteRuns) for (const r of sweep.runs) freedBytes += (await this.training.delete(r.trainingId)).freedBytes;
    this.store.delete(id);
    for (const r of sweep.runs) this.memberOf.delete(r.trainingId);
    // Kept runs lost their sweepId (ON DELETE SET NULL): run lists in every window drop the badge.
    if (!deleteRuns) for (const r of sweep.runs) this.events.emit('training.changed', { id: r.trainingId });
    this.changed(id);
    return { freedBytes };
  }
}
