import type { SweepPoint, SweepRunSummary, SweepStatus } from '../../../shared/types/sweeps';
import type { TrainingRecord, TrainingStatus } from '../../../shared/types/training';

/** A measured figure, or null where it was not measured (NaN in a metrics record: docs/training.md). */
const figure = (v: number | null | undefined): number | null => (typeof v === 'number' && Number.isFinite(v) ? v : null);

/**
 * One row of a sweep's table (docs/training.md, "Sweeps"): EV, L0, dead and dense from the run's
 * latest metrics record; ΔCE and CE recovered from its latest splice evaluation; seconds from
 * start to completion; the SAE made from its final checkpoint.
 */
export function runSummary(t: TrainingRecord, point: SweepPoint, saeId: string | null): SweepRunSummary {
  const m = t.latest;
  const e = t.latestEval;
  return {
    trainingId: t.id,
    name: t.name,
    point,
    architecture: t.architecture,
    status: t.status,
    currentStep: t.currentStep,
    totalSteps: t.totalSteps,
    dSae: t.dSae,
    explainedVariance: figure(m?.explainedVariance),
    l0: figure(m?.l0),
    ceDelta: figure(e?.ceDelta),
    ceDeltaPercent: figure(e?.ceDeltaPercent),
    ceLossRecovered: figure(e?.ceLossRecovered),
    deadFeatures: figure(m?.deadFeatures),
    denseFeatures: figure(m?.denseFeatures),
    seconds: t.status === 'completed' && t.startedAt !== null && t.completedAt !== null ? (t.completedAt - t.startedAt) / 1000 : null,
    saeId: t.status === 'completed' ? saeId : null,
  };
}

const ENDED: TrainingStatus[] = ['completed', 'failed', 'cancelled', 'interrupted'];

/**
 * A sweep's status from its runs' (docs/training.md, "Sweeps"): queued while none started,
 * running while any is on the pool and some started, then completed (all), failed (≥1 failed)
 * or stopped (≥1 cancelled or interrupted). A sweep whose runs were all deleted counts as stopped.
 */
export function sweepStatusOf(statuses: TrainingStatus[]): SweepStatus {
  if (statuses.length === 0) return 'stopped';
  if (statuses.every((s) => s === 'queued')) return 'queued';
  if (!statuses.every((s) => ENDED.includes(s))) return 'running';
  if (statuses.every((s) => s === 'completed')) return 'completed';
  return statuses.includes('failed') ? 'failed' : 'stopped';
}
