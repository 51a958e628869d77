export const JOB_STATUSES = [
  'queued',
  'running',
  'paused',
  'completed',
  'failed',
  'cancelled',
  'interrupted',
] as const;
export type JobStatus = (typeof JOB_STATUSES)[number];

/** Statuses a job never leaves by itself. */
export const FINISHED_JOB_STATUSES: readonly JobStatus[] = ['completed', 'failed', 'cancelled', 'interrupted'];

/** Which worker pool runs a job kind: gpu = one at a time (training, extraction), io = downloads, cpu = N. */
export type PoolName = 'gpu' | 'io' | 'cpu';

export interface JobRecord {
  id: string;
  kind: string;
  /** Human title shown in the job tray, e.g. "Doctor self-test". */
  title: string;
  pool: PoolName;
  params: unknown;
  status: JobStatus;
  /** 0..1 */
  progress: number;
  message: string | null;
  result: unknown;
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
