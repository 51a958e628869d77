import type { JobKind, JobParams, JobReport, JobResult } from '../../shared/jobs/kinds';
import { createTaskContext, type TaskContext } from './context';
import { TaskCancelledError, type WorkerTask } from './protocol';

/** A task of kind K: its params, reports and result as src/shared/jobs/kinds.ts declares them. */
export type TaskFn<K extends JobKind> = (params: JobParams<K>, ctx: TaskContext<JobReport<K>>) => Promise<JobResult<K>>;

/** One task per job kind, and no task without a kind (src/compute/tasks.ts). */
export type TaskRegistry = { [K in JobKind]: TaskFn<K> };

/** What a worker returns to main for every task. */
export type TaskOutcome<Result = unknown> =
  { status: 'completed'; result: Result } | { status: 'cancelled' } | { status: 'failed'; error: { code: string; message: string } };

/**
 * Builds the piscina entry function over a registry of task kinds. Errors are turned
 * into a plain outcome here because Error subclasses and codes do not survive the
 * thread boundary intact.
 */
export function createWorkerEntry(tasks: TaskRegistry) {
  // Looked up by a kind that crossed a thread boundary: params arrive as structured-cloned data
  // that main typed at JobService.start, so here the registry is read as one untyped signature.
  const byKind = tasks as Partial<Record<string, (params: unknown, ctx: TaskContext<unknown>) => Promise<unknown>>>;
  return async function runTask(task: WorkerTask): Promise<TaskOutcome> {
    const ctx = createTaskContext<unknown>(task.jobId, task.dataDir, task.port, task.secrets);
    task.port.postMessage({ type: 'started' });
    const fn = byKind[task.kind];
    try {
      if (!fn) throw Object.assign(new Error(`no task of kind "${task.kind}" in this worker`), { code: 'UNKNOWN_TASK' });
      const result = await fn(task.params, ctx);
      return { status: 'completed', result };
    } catch (err) {
      if (err instanceof TaskCancelledError) return { status: 'cancelled' };
      const e = err instanceof Error ? err : new Error(String(err));
      const code = typeof (e as { code?: unknown }).code === 'string' ? String((e as { code?: unknown }).code) : 'TASK_FAILED';
      return { status: 'failed', error: { code, message: e.message } };
    } finally {
      task.port.close();
    }
  };
}
