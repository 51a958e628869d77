/**
 * Run by a test as a separate process: opens a core on the given data dir (taking its
 * lock), prints "HOLDING <pid>" — and waits to be SIGKILLed.
 */
import { createTestCore } from './core-helpers';

const dir = process.argv[2];
if (!dir) throw new Error('usage: lock-holder-child.ts <data dir>');
await createTestCore(dir);
process.stdout.write(`HOLDING ${process.pid}\n`);
setInterval(() => undefined, 1000);
