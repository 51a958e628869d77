import Database from 'better-sqlite3';
import { spawn } from 'node:child_process';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { Core } from '..';
import { appRoot } from '../paths';
import { createTestCore, removeDir, startTestSteps, tempDir, TEST_STEPS, waitForJob } from '../../../../test/core-helpers';
import type { JobRecord } from '../../../shared/types/jobs';

let core: Core | null = null;
let dir = '';

async function start(): Promise<Core> {
  dir = tempDir();
  core = await createTestCore(dir);
  return core;
}

afterEach(async () => {
  await core?.close();
  core = null;
  removeDir(dir);
});

function collectStatuses(c: Core, id: string): string[] {
  const seen: string[] = [];
  c.events.onAny((event, p) => {
    if (event === 'job.updated' && (p as JobRecord).id === id) seen.push((p as JobRecord).status);
  });
  return seen;
}

describe('job lifecycle', () => {
  it('completes: queued → running → completed, with progress, logs and result persisted', async () => {
    const c = await start();
    const metrics: unknown[] = [];
    c.jobs.onReport(TEST_STEPS, (_job, data) => metrics.push(data));
    const job = startTestSteps(c, { steps: 5, stepMs: 5 });
    expect(job.status).toBe('queued');
    const statuses = collectStatuses(c, job.id);
    const done = await waitForJob(c, job.id, ['completed', 'failed']);
    expect(done.status).toBe('completed');
    expect(done.progress).toBe(1);
    expect(done.result).toEqual({ sum: 0 + 1 + 2 + 3 + 4 });
    expect(statuses).toContain('running');
    expect(metrics).toHaveLength(5);
    expect(c.jobs.store.logs(job.id, 100).map((l) => l.message)).toContain('all steps done');
    // Persisted, not just emitted.
    expect(c.jobs.get(job.id).status).toBe('completed');
  });

  it('fails with the task’s code and message', async () => {
    const c = await start();
    const job = startTestSteps(c, { steps: 5, stepMs: 5, failAtStep: 2 });
    const done = await waitForJob(c, job.id, ['completed', 'failed']);
    expect(done.status).toBe('failed');
    expect(done.error).toEqual({ code: 'TEST_FAILURE', message: 'step 2 failed on purpose' });
  });

  it('cancels a running job at a step boundary', async () => {
    const c = await start();
    const job = startTestSteps(c, { steps: 1000, stepMs: 10 });
    await waitForJob(c, job.id, ['running']);
    c.jobs.cancel(job.id);
    const done = await waitForJob(c, job.id, ['cancelled', 'completed', 'failed']);
    expect(done.status).toBe('cancelled');
    expect(done.progress).toBeLessThan(1);
    expect(() => c.jobs.cancel(job.id)).toThrow(/already cancelled/);
  });

  it('cancels a queued job before it starts (gpu pool runs one at a time)', async () => {
    const c = await start();
    const first = startTestSteps(c, { steps: 1000, stepMs: 10 });
    const second = startTestSteps(c, { steps: 3, stepMs: 1 });
    await waitForJob(c, first.id, ['running']);
    expect(c.jobs.get(second.id).status).toBe('queued');
    c.jobs.cancel(second.id);
    expect((await waitForJob(c, second.id, ['cancelled', 'completed'])).status).toBe('cancelled');
    c.jobs.cancel(first.id);
    await waitForJob(c, first.id, ['cancelled']);
  });

  it('pauses and resumes; the result is the same as an uninterrupted run', async () => {
    const c = await start();
    const job = startTestSteps(c, { steps: 40, stepMs: 10 });
    await waitForJob(c, job.id, ['running']);
    c.jobs.pause(job.id);
    const paused = await waitForJob(c, job.id, ['paused']);
    const progressAtPause = paused.progress;
    await new Promise((r) => setTimeout(r, 150));
    expect(c.jobs.get(job.id).progress).toBe(progressAtPause); // no steps while paused
    expect(() => c.jobs.pause(job.id)).toThrow(/paused/);
    c.jobs.resume(job.id);
    const done = await waitForJob(c, job.id, ['completed', 'failed']);
    expect(done.status).toBe('completed');
    expect(done.result).toEqual({ sum: (39 * 40) / 2 });
    expect(c.jobs.store.logs(job.id, 100).some((l) => l.message.startsWith('pausing at step'))).toBe(true);
  });

  it('a worker killed mid-job leaves the job interrupted with a reason, and the DB intact', async () => {
    const c = await start();
    const job = startTestSteps(c, { steps: 1000, stepMs: 10 });
    await waitForJob(c, job.id, ['running']);
    // Kill the gpu pool's only thread, as a crash or the OOM killer would.
    const pools = (c.jobs as unknown as { pools: { gpu: { threads: { terminate(): Promise<number> }[] } } }).pools;
    expect(pools.gpu.threads).toHaveLength(1);
    await pools.gpu.threads[0]!.terminate();
    const done = await waitForJob(c, job.id, ['interrupted', 'failed']);
    expect(done.status).toBe('interrupted');
    expect(done.error?.code).toBe('WORKER_EXITED');
    // The pool recovers: the next job runs on a fresh thread.
    const next = startTestSteps(c, { steps: 2, stepMs: 1 });
    expect((await waitForJob(c, next.id, ['completed', 'failed'])).status).toBe('completed');
    await c.close();
    core = null;
    const db = new Database(path.join(dir, 'mistudio.db'), { readonly: true });
    expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
    expect(db.prepare('SELECT status FROM jobs WHERE id = ?').get(job.id)).toEqual({ status: 'interrupted' });
    db.close();
  });

  it('after the app process is killed (SIGKILL) mid-job, the next start shows the job interrupted and the DB intact', async () => {
    dir = tempDir();
    const child = spawn(process.execPath, ['--import', 'tsx', 'test/crash-child.ts', dir], {
      cwd: appRoot(),
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    const jobId = await new Promise<string>((resolve, reject) => {
      let out = '';
      child.stdout.on('data', (d: Buffer) => {
        out += d.toString();
        const m = /RUNNING (\S+)/.exec(out);
        if (m?.[1]) resolve(m[1]);
      });
      child.on('exit', (code) => reject(new Error(`child exited early (${code}): ${out}`)));
    });
    const exited = new Promise((r) => child.once('exit', r));
    child.kill('SIGKILL');
    await exited;
    core = await createTestCore(dir);
    const after = core.jobs.get(jobId);
    expect(after.status).toBe('interrupted');
    expect(after.error?.code).toBe('INTERRUPTED');
    expect(core.database.sqlite.pragma('integrity_check', { simple: true })).toBe('ok');
  });

  it('runs the real doctor self-test job with every check passing', async () => {
    const c = await start();
    const env = await c.dispatch('system.runSelfTest', {});
    expect(env.ok).toBe(true);
    const job = (env as { ok: true; result: JobRecord }).result;
    const done = await waitForJob(c, job.id, ['completed', 'failed'], 60_000);
    expect(done.status).toBe('completed');
    const result = done.result as { passed: boolean; checks: { name: string; passed: boolean }[] };
    expect(result.checks.length).toBeGreaterThanOrEqual(3);
    expect(result.passed).toBe(true);
  });
});
