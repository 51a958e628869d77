/**
 * Run by a test as a separate process: opens a core on the given data dir, starts a
 * long job, prints "RUNNING <job id>" once it runs — and waits to be SIGKILLed.
 */
import { createTestCore, startTestSteps, waitForJob } from './core-helpers';

const dir = process.argv[2];
if (!dir) throw new Error('usage: crash-child.ts <data dir>');
const core = await createTestCore(dir);
const job = startTestSteps(core, { steps: 100_000, stepMs: 10 });
await waitForJob(core, job.id, ['running']);
process.stdout.write(`RUNNING ${job.id}\n`);
setInterval(() => undefined, 1000);
