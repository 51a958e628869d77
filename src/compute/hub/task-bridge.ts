/**
 * Glue between the hub client and a job's TaskContext (docs/architecture.md, "Durable jobs"): download progress
 * becomes job progress, and a job cancel becomes an AbortSignal (the .part files
 * stay, so re-running the job resumes).
 */
import type { TaskContext } from '../runtime/context';
import type { DownloadProgress } from './types';

const MB = 1024 * 1024; // bytes

/** A DownloadProgress listener that reports `overallLoaded / overallTotal` to the job. */
export function reportDownloadProgress(ctx: Pick<TaskContext, 'progress'>): (p: DownloadProgress) => void {
  return (p) => {
    const fraction = p.overallTotal > 0 ? p.overallLoaded / p.overallTotal : 0;
    const mb = (n: number) => (n / MB).toFixed(1);
    ctx.progress(
      fraction,
      `${p.file}: ${mb(p.loadedBytes)} / ${mb(p.totalBytes)} MB (all files ${mb(p.overallLoaded)} / ${mb(p.overallTotal)} MB)`,
    );
  };
}

/**
 * An AbortSignal that fires once the job is cancelled. TaskContext exposes cancel as a
 * flag, so it is polled every `intervalMs` (default 200 ms); call `dispose()` when done.
 */
export function abortOnCancel(ctx: Pick<TaskContext, 'cancelled'>, intervalMs = 200): { signal: AbortSignal; dispose: () => void } {
  const controller = new AbortController();
  const timer = setInterval(() => {
    if (ctx.cancelled) controller.abort();
  }, intervalMs);
  timer.unref();
  return { signal: controller.signal, dispose: () => clearInterval(timer) };
}
