import { createTaskContext, type TaskContext } from './context';
import { TaskCancelledError, type WorkerTask } from './protocol';

export type TaskFn = (params: unknown, ctx: TaskContext) => Promise<unknown>;

/** What a worker returns to main for every task. */
export type TaskOutcome =
  | { status: 'completed'; result: unknown }
  | { status: 'cancelled' }
  | { status: 'failed'; error: { code: string; message: string } };

/**
 * Builds the piscina entry function over a registry of task kinds. Errors are turned
 * into a plain outcome here because Error subclasses and codes do not survive the
 * thread boundary intact.
 */
export function createWorkerEntry(tasks: Record<string, TaskFn>) {
  return async function runTask(task: WorkerTask): Promise<TaskOutcome> {
    const ctx = createTaskContext(task.jobId, task.dataDir, task.port, task.secrets);
    task.port.postMessage({ type: 'started' });
    const fn = tasks[task.kind];
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
