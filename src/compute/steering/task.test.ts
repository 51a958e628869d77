import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_MODEL_DIR } from '../../../test/task-support';
import { cachedModel } from '../model/model-cache';
import type { TaskContext } from '../runtime/context';
import { TaskCancelledError } from '../runtime/protocol';
import { l2Norm, steeringVector } from './intervention';
import type { SteeringGenerateParams, SteeringGenerateReport, SteeringSweepParams, SteeringSweepReport } from './protocol';
import { loadSteeringSae } from './sae';
import { SteeringError, steeringGenerateTask, steeringSweepTask } from './task';
import { writeTestSae, type TestSae } from './test-support';

/** A task context that records what the task reports; cancels at the n-th checkpoint() if asked. */
function recording(cancelAt?: number) {
  const reports: unknown[] = [];
  const progress: number[] = [];
  let checkpoints = 0;
  let cancelled = false;
  const ctx: TaskContext<unknown> = {
    jobId: 'job-steer',
    dataDir: '/tmp',
    secrets: {},
    progress: (f) => progress.push(f),
    log: () => {},
    report: (d) => reports.push(d),
    takeRequests: () => [],
    get cancelled() {
      return cancelled;
    },
    async checkpoint() {
      checkpoints++;
      if (cancelAt !== undefined && checkpoints >= cancelAt) {
        cancelled = true;
        throw new TaskCancelledError();
      }
    },
  };
  return { ctx, reports, progress };
}

const HOOK = 'blocks.2.hook_resid_post';
let sae: TestSae;
beforeAll(async () => {
  sae = await writeTestSae({ dIn: 256, dSae: 512, hook: HOOK, seed: 8 });
});
afterAll(async () => {
  sae.cleanup();
  await cachedModel(DEMO_MODEL_DIR, 'cpu').release();
});

const options = { maxNewTokens: 8, temperature: 0.8, topK: 50, topP: 0.95, seed: 3 };
const generateParams = (over: Partial<SteeringGenerateParams> = {}): SteeringGenerateParams => ({
  name: 'test SAE',
  modelDir: DEMO_MODEL_DIR,
  provider: 'cpu',
  saeDir: sae.dir,
  prompt: 'In the beginning God created',
  positions: 'all',
  features: [{ feature: 4, coefficient: 3, scale: 2, mode: 'additive' as const }],
  options,
  samples: 2,
  ...over,
});

describe('steering.generate task', () => {
  it('streams both runs token by token, reports each pair, and returns the metrics', async () => {
    const { ctx, reports, progress } = recording();
    const r = await steeringGenerateTask(generateParams(), ctx);
    expect(r.hook).toBe(HOOK); // the SAE's own hook from cfg.json
    expect(r.pairs).toHaveLength(2);
    const tokens = reports.filter(
      (x): x is Extract<SteeringGenerateReport, { type: 'token' }> => (x as SteeringGenerateReport).type === 'token',
    );
    expect(tokens).toHaveLength(2 * 2 * 8);
    expect(tokens.filter((t) => t.sample === 1 && t.run === 'steered').map((t) => t.tokenId)).toEqual(r.pairs[1]!.steered.tokenIds);
    expect(reports.filter((x) => (x as SteeringGenerateReport).type === 'pair')).toHaveLength(2);
    expect(progress.every((p, i) => i === 0 || p >= progress[i - 1]!)).toBe(true);
    expect(progress.at(-1)).toBe(1);
    expect(r.firstTokenShifts).toHaveLength(10);
    expect(r.firstTokenShifts[0]!.text.length).toBeGreaterThan(0);
    const loaded = await loadSteeringSae(sae.dir);
    expect(r.steeringVectorNorm).toBeCloseTo(l2Norm(steeringVector(loaded, [{ feature: 4, coefficient: 3, scale: 2 }])), 6);
    expect(r.aggregate.meanKl.n).toBe(2);
    // Mean ‖x_t‖ over the prompt at the hook, directly.
    const lm = cachedModel(DEMO_MODEL_DIR, 'cpu');
    const x = (await lm.forward({ inputIds: [r.promptTokenIds] }, { read: [HOOK] })).activations[HOOK]!;
    const norms = r.promptTokenIds.map((_, t) => Math.hypot(...x.subarray(t * 256, (t + 1) * 256)));
    expect(r.promptResidualNorm).toBeCloseTo(norms.reduce((a, b) => a + b, 0) / norms.length, 4);
    expect(r.aggregate.meanKl.mean).toBeGreaterThan(0);
  });

  it('cancel is cooperative: it stops at the next token and the task ends cancelled', async () => {
    const { ctx, reports } = recording(5);
    await expect(steeringGenerateTask(generateParams({ samples: 3 }), ctx)).rejects.toBeInstanceOf(TaskCancelledError);
    const streamed = reports.filter((x) => (x as SteeringGenerateReport).type === 'token').length;
    expect(streamed).toBeGreaterThan(0);
    expect(streamed).toBeLessThan(8);
  });

  it('refuses bad input with an actionable message', async () => {
    await expect(steeringGenerateTask(generateParams({ samples: 0 }), recording().ctx)).rejects.toBeInstanceOf(SteeringError);
    await expect(
      steeringGenerateTask(
        generateParams({ features: [{ feature: 512, coefficient: 1, scale: 1, mode: 'additive' as const }] }),
        recording().ctx,
      ),
    ).rejects.toThrow(/not in this SAE/);
    await expect(
      steeringGenerateTask(
        generateParams({ features: [{ feature: 1, coefficient: 1, scale: 0, mode: 'additive' as const }] }),
        recording().ctx,
      ),
    ).rejects.toThrow(/scale/);
    await expect(steeringGenerateTask(generateParams({ hook: 'blocks.9.hook_resid_post' }), recording().ctx)).rejects.toThrow(/no hook/);
    await expect(steeringGenerateTask(generateParams({ options: { ...options, topP: 0 } }), recording().ctx)).rejects.toThrow(/top-p/);
    await expect(steeringGenerateTask(generateParams({ positions: 'middle' as 'all' }), recording().ctx)).rejects.toThrow(/positions/);
  });
});

describe('steering.sweep task', () => {
  it('one point per coefficient; c = 0 is the unsteered run; targets default to the logit lens top 10', async () => {
    const { ctx, reports } = recording();
    const params: SteeringSweepParams = {
      name: 'test SAE',
      modelDir: DEMO_MODEL_DIR,
      provider: 'cpu',
      saeDir: sae.dir,
      prompt: 'And God said',
      positions: 'all',
      options: { ...options, maxNewTokens: 6 },
      feature: { feature: 7, scale: 3, mode: 'additive' as const },
      coefficients: [-2, 0, 2],
    };
    const r = await steeringSweepTask(params, ctx);
    expect(r.points.map((p) => p.coefficient)).toEqual([-2, 0, 2]);
    expect(reports.filter((x) => (x as SteeringSweepReport).type === 'point')).toHaveLength(3);
    const zero = r.points[1]!;
    expect(zero.tokenIds).toEqual(r.unsteered.tokenIds);
    expect(zero.meanKl).toBe(0);
    expect(zero.targetProbabilityFirst).toBe(r.unsteered.targetProbabilityFirst);
    expect(zero.targetProbabilityMean).toBeCloseTo(r.unsteered.targetProbabilityMean, 12);
    expect(r.targetTokenIds).toEqual(r.logitLens.top.map((t) => t.tokenId));
    expect(r.targetTokenTexts).toHaveLength(10);
    // The lens score of the top token, computed directly: Σ_d W_dec[f, d] · W_U[d, token].
    const lm = cachedModel(DEMO_MODEL_DIR, 'cpu');
    const { weights, vocab } = lm.unembedding();
    const top = r.logitLens.top[0]!;
    let direct = 0;
    for (let d = 0; d < 256; d++) direct += sae.weights.W_dec[7 * 256 + d]! * weights[d * vocab + top.tokenId]!;
    expect(top.score).toBeCloseTo(direct, 4);
    expect(r.logitLens.top[0]!.score).toBeGreaterThanOrEqual(r.logitLens.top[9]!.score);
    expect(r.logitLens.bottom[0]!.score).toBeLessThanOrEqual(r.logitLens.bottom[9]!.score);
  });
});
