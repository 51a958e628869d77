import type { JobRecord, JobStatus } from '../../shared/types/jobs';

/**
 * What the tray calls a job's status. A stopped training keeps its checkpoint and can be
 * resumed, so it reads "stopped" as in the run list; other cancelled jobs read "cancelled".
 */
export function jobStatusLabel(job: Pick<JobRecord, 'kind' | 'status'>): string {
  if (job.status === 'cancelled' && job.kind === 'training.run') return 'stopped';
  return job.status;
}

/** The line under a job's bar; a stopped training says where it continues (its job reads "Cancelled"). */
export function jobMessage(job: Pick<JobRecord, 'kind' | 'status' | 'message' | 'error'>): string | null {
  if (job.error) return job.error.message;
  if (job.status === 'cancelled' && job.kind === 'training.run') return 'Stopped with a checkpoint; Resume on the run continues from it';
  return job.message;
}

/** Quick, frequent jobs (each Try-it generation, statistics, probes): shown while running, not kept in the tray's recent list. */
const TRANSIENT_KINDS = new Set(['models.generate', 'datasets.statistics', 'system.probes']);

/** Long jobs that end with a "finished" toast (the researcher may have looked away). */
const TOAST_KINDS = new Set([
  'models.import',
  'models.download',
  'datasets.import',
  'datasets.download',
  'datasets.tokenize',
  'activations.extract',
  'training.run',
  'system.selftest',
]);

export function keepInRecent(job: Pick<JobRecord, 'kind' | 'status'>): boolean {
  return !TRANSIENT_KINDS.has(job.kind) || job.status === 'failed' || job.status === 'interrupted';
}

/** The bundled demo's imports on first start are not the researcher's doing: no toast for them. */
export function toastsWhenDone(job: Pick<JobRecord, 'kind'> & { params: object | null }): boolean {
  // The demo model's and dataset's imports at first start carry `bundled: true` (src/shared/jobs/models.ts, datasets.ts).
  const p: object | null = job.params;
  const bundled = p !== null && 'bundled' in p && p.bundled === true;
  return TOAST_KINDS.has(job.kind) && !bundled;
}

export const FINISHED: readonly JobStatus[] = ['completed', 'failed', 'cancelled', 'interrupted'];
