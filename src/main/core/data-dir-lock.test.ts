import { existsSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createTestCore, startTestSteps } from '../../../test/core-helpers';
import { killHard, runScript, testScope, spawnScript, waitForOutput } from '../../../test/process-helpers';
import { DataDirLockedError, LOCK_INFO_FILE } from './data-dir-lock';

const scope = testScope();
const dir = scope.dir;
afterEach(() => scope.cleanup());

describe('finding 5: one process per data dir', () => {
  it('a second core on the same data dir is refused, naming the holder; after close the dir is free again', async () => {
    const d = dir();
    const first = await createTestCore(d);
    const second = createTestCore(d);
    await expect(second).rejects.toBeInstanceOf(DataDirLockedError);
    await expect(second).rejects.toThrow(new RegExp(`in use by process ${process.pid} \\(mistudio serve, started \\d{4}-\\d\\d-\\d\\dT`));
    await first.close();
    expect(existsSync(path.join(d, LOCK_INFO_FILE))).toBe(false);
    scope.keep(await createTestCore(d));
  });

  it('a second `mistudio serve` process prints which process holds the data dir and exits non-zero, touching no job', async () => {
    const d = dir();
    const holder = scope.keep(await createTestCore(d));
    const job = startTestSteps(holder, { steps: 100_000, stepMs: 10 });
    const { code, out } = await runScript('src/main/cli/index.ts', ['serve', '--port', '0', '--data-dir', d]);
    expect(code).toBe(1);
    expect(out).toContain(`The data dir ${d} is in use by process ${process.pid} (mistudio serve, started`);
    expect(out).not.toContain('Open: http');
    // The first process's running job was not marked interrupted by the refused one.
    expect(holder.jobs.get(job.id).status).toBe('running');
    expect(holder.jobs.get(job.id).error).toBeNull();
    holder.jobs.cancel(job.id);
  });

  it('a lock left by a process killed with SIGKILL is not stale: the next start takes the data dir', async () => {
    const d = dir();
    const child = spawnScript('test/lock-holder-child.ts', [d]);
    const pid = Number((await waitForOutput(child, /HOLDING (\d+)/))[1]);
    await expect(createTestCore(d)).rejects.toThrow(`in use by process ${pid}`);
    await killHard(child);
    const core = scope.keep(await createTestCore(d));
    expect(core.dataDir).toBe(d);
  });
});
