/**
 * Every task kind the app runs off the main thread, by job kind. Each domain adds its
 * tasks here (extraction, training, tokenization, …); main registers the job kinds in
 * src/main/core/jobs/registry.ts.
 */
import { downloadModelTask } from './model/download-task';
import { generateTask, importModelTask } from './model/tasks';
import type { TaskFn } from './runtime/harness';
import { computeProbes, selfTestTask } from './selftest/task';

export const tasks: Record<string, TaskFn> = {
  'system.selftest': selfTestTask,
  'system.probes': () => computeProbes(),
  'models.import': importModelTask,
  'models.generate': generateTask,
  'models.download': downloadModelTask,
};
