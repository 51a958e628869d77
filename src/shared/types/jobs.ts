import type { JobKind, JobParams, JobReport, JobResult, PoolName } from '../jobs/kinds';

// In a file of its own so record types (features, saes) can name a status without importing the job map.
import type { JobStatus } from './job-status';
export { JOB_STATUSES, type JobStatus } from './job-status';

/** Statuses a job never leaves by itself. */
export const FINISHED_JOB_STATUSES: readonly JobStatus[] = ['completed', 'failed', 'cancelled', 'interrupted'];

export type { JobKind, JobParams, JobReport, JobResult, PoolName };

/** A job row as main stores it and the renderer sees it; `kind` tells its params and result apart. */
export type JobRecord<K extends JobKind = JobKind> = { [P in K]: JobRecordOf<P> }[K];

/** Narrows a job to one of these kinds, so its params and result read typed. */
export function isJobOf<K extends JobKind>(job: JobRecord, ...kinds: K[]): job is Extract<JobRecord, { kind: K }> {
  const of: readonly JobKind[] = kinds;
  return of.includes(job.kind);
}

interface JobRecordOf<K extends JobKind> extends JobRecordFields {
  kind: K;
  params: JobParams<K>;
  result: JobResult<K> | null;
}

interface JobRecordFields {
  id: string;
  /** Human title shown in the job tray, e.g. "Doctor self-test". */
  title: string;
  pool: PoolName;
  status: JobStatus;
  /** 0..1 */
  progress: number;
  message: string | null;
  error: { code: string; message: string } | null;
  createdAt: number; // ms since epoch
  startedAt: number | null;
  finishedAt: number | null;
  updatedAt: number;
}

export interface JobLogLine {
  jobId: string;
  level: 'debug' | 'info' | 'warn' | 'error';
  message: string;
  at: number;
}
