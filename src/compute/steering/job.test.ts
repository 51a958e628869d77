import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Core } from '../../main/core';
import { createTestCore, removeDir, tempDir, waitForJob } from '../../../test/core-helpers';
import { DEMO_MODEL_DIR } from '../../../test/task-support';
import type { SteeringGenerateJobParams, SteeringGenerateReport, SteeringGenerateResult } from './protocol';
import { writeTestSae, type TestSae } from './test-support';

/** The job kinds through the real job system: piscina worker, MessagePort reports, cooperative cancel. */
let core: Core;
let dataDir: string;
let sae: TestSae;
beforeAll(async () => {
  dataDir = tempDir();
  core = await createTestCore(dataDir);
  sae = await writeTestSae({ dIn: 256, dSae: 256, hook: 'blocks.2.hook_resid_post', seed: 31 });
});
afterAll(async () => {
  await core.close();
  removeDir(dataDir);
  sae.cleanup();
});

const params = (maxNewTokens: number, samples: number): SteeringGenerateJobParams => ({
  saeId: 'sae-job-test',
  name: 'job test',
  modelDir: DEMO_MODEL_DIR,
  provider: 'cpu',
  saeDir: sae.dir,
  prompt: 'And God said',
  positions: 'all',
  features: [{ feature: 2, coefficient: 2, scale: 3, mode: 'clamp' as const }],
  options: { maxNewTokens, temperature: 0.7, topK: 40, topP: 0.9, seed: 11 },
  samples,
});

describe('steering jobs', () => {
  it('steering.generate completes on the cpu pool, streaming token reports', async () => {
    const reports: SteeringGenerateReport[] = [];
    core.jobs.onReport('steering.generate', (_job, r) => reports.push(r));
    const job = core.jobs.start('steering.generate', params(5, 1));
    expect(job).toMatchObject({ pool: 'cpu', title: 'Steer with job test' });
    const done = await waitForJob(core, job.id, ['completed', 'failed'], 60_000);
    expect(done.error ?? null).toBeNull();
    const r = done.result as SteeringGenerateResult;
    expect(r.pairs[0]!.steered.tokenIds).toHaveLength(5);
    expect(reports.filter((x) => x.type === 'token')).toHaveLength(10);
    expect(done.progress).toBe(1);
  });

  it('a cancel stops it at the next token: the job ends cancelled, the worker survives', async () => {
    let tokens = 0;
    let cancelled = false;
    const job = core.jobs.start('steering.generate', params(200, 4));
    core.jobs.onReport('steering.generate', (j) => {
      if (j.id !== job.id) return;
      tokens++;
      if (tokens === 3 && !cancelled) {
        cancelled = true;
        core.jobs.cancel(job.id);
      }
    });
    expect((await waitForJob(core, job.id, ['cancelled', 'completed', 'failed'], 60_000)).status).toBe('cancelled');
    expect(tokens).toBeLessThan(50);
    const again = core.jobs.start('steering.generate', params(3, 1));
    expect((await waitForJob(core, again.id, ['completed', 'failed'], 60_000)).status).toBe('completed');
  });
});
