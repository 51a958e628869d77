/**
 * The piscina worker entry: every task kind the app runs off the main thread.
 * Each domain adds its tasks here (extraction, training, tokenization, …).
 */
import { createWorkerEntry } from './runtime/harness';
import { computeProbes, selfTestTask } from './selftest/task';

export default createWorkerEntry({
  'system.selftest': selfTestTask,
  'system.probes': () => computeProbes(),
});
