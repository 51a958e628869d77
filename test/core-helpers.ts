import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createCore, type Core, type CoreOptions } from '../src/main/core';
import { appRoot } from '../src/main/core/paths';
import type { JobKind, JobRecord, JobStatus } from '../src/shared/types/jobs';

export function tempDir(prefix = 'mistudio-test-'): string {
  return mkdtempSync(path.join(os.tmpdir(), prefix));
}

export const TEST_WORKER = path.join(appRoot(), 'dist', 'test', 'job-test-worker.js');

/**
 * The test worker's own kind (test/job-test-worker.ts): not a product kind, so not in
 * src/shared/jobs/kinds.ts; tests start and watch it through these, the one untyped door.
 */
export const TEST_STEPS = 'test.steps' as JobKind;
export interface TestStepsParams {
  steps: number;
  stepMs: number;
  failAtStep?: number;
}
export function startTestSteps(core: Core, params: TestStepsParams): JobRecord {
  return core.jobs.start(TEST_STEPS, params as never);
}

/** A core on a fresh data dir running the test worker (real job machinery, test tasks). */
export async function createTestCore(dataDir = tempDir(), extra: Partial<CoreOptions> = {}): Promise<Core> {
  return createCore({
    dataDir,
    mode: 'serve',
    workerFile: TEST_WORKER,
    extraJobKinds: { 'test.steps': { pool: 'gpu', title: () => 'Test steps' } },
    demoModelDir: null,
    demoDatasetDir: null,
    demoSaeDir: null,
    ...extra,
  });
}

export function waitForJob(core: Core, id: string, statuses: JobStatus[], timeoutMs = 30_000): Promise<JobRecord> {
  return new Promise((resolve, reject) => {
    const current = core.jobs.get(id);
    if (statuses.includes(current.status)) return resolve(current);
    const timer = setTimeout(() => {
      off();
      reject(new Error(`job ${id} not ${statuses.join('|')} within ${timeoutMs} ms (is ${core.jobs.get(id).status})`));
    }, timeoutMs);
    const off = core.events.onAny((event, payload) => {
      if (event === 'job.updated' && (payload as JobRecord).id === id && statuses.includes((payload as JobRecord).status)) {
        clearTimeout(timer);
        off();
        resolve(payload as JobRecord);
      }
    });
  });
}

export function removeDir(dir: string): void {
  rmSync(dir, { recursive: true, force: true });
}

/** One contract call through the dispatcher; an error envelope becomes a thrown Error with its code. */
export async function call<T>(c: Core, method: string, args: unknown): Promise<T> {
  const env = await c.dispatch(method as never, args as never);
  if (!env.ok) throw Object.assign(new Error(env.error.message), { code: env.error.code });
  return env.result as T;
}

/** Polls until `get` returns something truthy. */
export async function waitFor<T>(what: string, get: () => T | null | undefined | false, timeoutMs = 120_000): Promise<T> {
  const t0 = Date.now();
  for (;;) {
    const v = get();
    if (v) return v;
    if (Date.now() - t0 > timeoutMs) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}
