/**
 * Messages between main (job service) and a piscina worker, over the MessagePort
 * transferred with each task (docs/architecture.md, "Durable jobs"). Plain data only: structured-clonable.
 */
import type { MessagePort } from 'node:worker_threads';

export type LogLevel = 'debug' | 'info' | 'warn' | 'error';

/** The task object handed to `pool.run`. */
export interface WorkerTask {
  jobId: string;
  kind: string;
  params: unknown;
  /** Data dir of the running app, so tasks can find files. */
  dataDir: string;
  /** Secrets for this run only (e.g. the HF token): never persisted, logged or emitted. */
  secrets?: Record<string, string>;
  port: MessagePort;
}

export type WorkerMessage =
  | { type: 'started' }
  | { type: 'progress'; progress: number; message?: string }
  | { type: 'log'; level: LogLevel; message: string }
  | { type: 'metrics'; data: unknown }
  | { type: 'paused' }
  | { type: 'resumed' };

/** `request` carries a task-defined request (e.g. training's "save a checkpoint now"), taken with ctx.takeRequests(). */
export type ControlMessage = { type: 'pause' } | { type: 'resume' } | { type: 'cancel' } | { type: 'request'; name: string };

/** Thrown inside a task when the job was cancelled; the job ends `cancelled`, not `failed`. */
export class TaskCancelledError extends Error {
  constructor() {
    super('cancelled');
    this.name = 'TaskCancelledError';
  }
}

/** Serialized failure a task returns to main (Error objects lose fields across threads). */
export interface TaskFailure {
  code: string;
  message: string;
}
