import type { MessagePort } from 'node:worker_threads';
import { TaskCancelledError, type ControlMessage, type LogLevel, type WorkerMessage } from './protocol';

/**
 * What a task sees: report progress/logs and its kind's reports, and call `checkpoint()` between
 * steps so pause and cancel take effect at a clean boundary. `Report` is the kind's report union
 * (JobReport<K>, src/shared/jobs/kinds.ts); a helper that takes a plain `TaskContext` (Report =
 * never) cannot report, and any task's context can be handed to it.
 */
export interface TaskContext<Report = never> {
  readonly jobId: string;
  readonly dataDir: string;
  /** Secrets handed to this run only (never in params, rows or logs). */
  readonly secrets: Readonly<Record<string, string>>;
  progress(fraction: number, message?: string): void;
  log(level: LogLevel, message: string): void;
  /** One report of the task's kind (main hands it to the domain's onReport listener). A property, not a method, so the compiler checks it contravariantly. */
  readonly report: (data: Report) => void;
  /**
   * Step boundary. Throws TaskCancelledError after a cancel; while paused, first runs
   * `onPause` (e.g. write a checkpoint), then waits for resume or cancel.
   */
  checkpoint(onPause?: () => Promise<void> | void): Promise<void>;
  readonly cancelled: boolean;
  /** Requests main sent since the last call (e.g. 'save-checkpoint'), oldest first; clears them. */
  takeRequests(): string[];
}

export function createTaskContext<Report>(
  jobId: string,
  dataDir: string,
  port: MessagePort,
  secrets: Record<string, string> = {},
): TaskContext<Report> {
  let paused = false;
  let cancelled = false;
  let wake: (() => void) | null = null;
  let requests: string[] = [];
  const send = (msg: WorkerMessage) => port.postMessage(msg);

  port.on('message', (msg: ControlMessage) => {
    if (msg.type === 'pause') paused = true;
    else if (msg.type === 'resume') paused = false;
    else if (msg.type === 'cancel') cancelled = true;
    else if (msg.type === 'request') requests.push(msg.name);
    wake?.();
  });
  // Let the worker thread exit when the task ends even if the port stays open.
  port.unref();

  return {
    jobId,
    dataDir,
    secrets,
    progress(fraction, message) {
      send({ type: 'progress', progress: Math.min(1, Math.max(0, fraction)), ...(message ? { message } : {}) });
    },
    log(level, message) {
      send({ type: 'log', level, message });
    },
    report(data) {
      send({ type: 'report', data });
    },
    get cancelled() {
      return cancelled;
    },
    takeRequests() {
      const taken = requests;
      requests = [];
      return taken;
    },
    async checkpoint(onPause) {
      if (cancelled) throw new TaskCancelledError();
      if (!paused) return;
      await onPause?.();
      send({ type: 'paused' });
      port.ref(); // keep the thread alive while we wait for a control message
      while (paused && !cancelled) {
        await new Promise<void>((resolve) => {
          wake = resolve;
        });
        wake = null;
      }
      port.unref();
      if (cancelled) throw new TaskCancelledError();
      send({ type: 'resumed' });
    },
  };
}

/** A view of `ctx` whose progress(0..1) lands in [from, to] of the job's: for sub-steps. */
export function scaledProgress<Report>(ctx: TaskContext<Report>, from: number, to: number): TaskContext<Report> {
  return Object.create(ctx, {
    progress: { value: (fraction: number, message?: string) => ctx.progress(from + (to - from) * fraction, message) },
  }) as TaskContext<Report>;
}
