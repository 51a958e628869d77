/** The piscina worker entry: runs every task kind in ./tasks. */
import { createWorkerEntry } from './runtime/harness';
import { tasks } from './tasks';

export default createWorkerEntry(tasks);
