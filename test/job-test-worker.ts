/**
 * Test-only worker tasks: controllable real work (a loop of timed steps) that
 * exercises the job machinery — progress, logs, pause/resume, cancel, failure, a
 * thread killed mid-job — without waiting on a long real computation. It also carries
 * every real task, so a test core runs real work too.
 */
import type { TaskContext } from '../src/compute/runtime/context';
import { createWorkerEntry } from '../src/compute/runtime/harness';
import { tasks } from '../src/compute/tasks';

interface StepsParams {
  steps: number;
  stepMs: number;
  failAtStep?: number;
}

/** Test-only kinds: not product kinds (src/shared/jobs/kinds.ts), so typed here and merged in untyped. */
const testTasks: Record<string, (params: StepsParams, ctx: TaskContext<unknown>) => Promise<unknown>> = {
  async 'test.steps'(params, ctx) {
    const { steps, stepMs, failAtStep } = params;
    let sum = 0;
    for (let i = 0; i < steps; i++) {
      await ctx.checkpoint(() => ctx.log('info', `pausing at step ${i}`));
      if (i === failAtStep) throw Object.assign(new Error(`step ${i} failed on purpose`), { code: 'TEST_FAILURE' });
      await new Promise((r) => setTimeout(r, stepMs));
      sum += i;
      ctx.progress((i + 1) / steps, `step ${i + 1}/${steps}`);
      ctx.report({ step: i, sum });
    }
    ctx.log('info', 'all steps done');
    return { sum };
  },
};

export default createWorkerEntry({ ...tasks, ...testTasks });
