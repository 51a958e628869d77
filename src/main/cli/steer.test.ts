import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { DEMO_MODEL_DIR } from '../../../test/task-support';
import { LanguageModel } from '../../compute/model/language-model';
import { maxActivationsOnPrompt } from '../../compute/steering/prompt-scale';
import { loadSteeringSae } from '../../compute/steering/sae';
import { randomWeights, writeTestSae, type TestSae } from '../../compute/steering/test-support';
import { runSteer, steeredFeature, type SteerCliOptions } from './steer';

const HOOK = 'blocks.2.hook_resid_post';
const PROMPT = 'And the evening and the morning were';
let sae: TestSae;

beforeAll(async () => {
  // Feature 1 never fires (zero encoder column, negative bias): its scale cannot default.
  const w = randomWeights(256, 128, 12);
  for (let c = 0; c < 256; c++) w.W_enc[c * 128 + 1] = 0;
  w.b_enc[1] = -1;
  sae = await writeTestSae({ dIn: 256, dSae: 128, hook: HOOK, weights: w });
});
afterAll(() => sae.cleanup());

const base = (over: Partial<SteerCliOptions>): SteerCliOptions => ({
  dataDir: '/tmp',
  model: DEMO_MODEL_DIR,
  sae: sae.dir,
  prompt: PROMPT,
  feature: [],
  scale: [],
  maxTokens: '6',
  json: true,
  provider: 'cpu',
  ...over,
});

async function captureJson(o: SteerCliOptions): Promise<Record<string, unknown>> {
  const chunks: string[] = [];
  const spy = vi.spyOn(process.stdout, 'write').mockImplementation((c: string | Uint8Array) => {
    chunks.push(String(c));
    return true;
  });
  try {
    expect(await runSteer(o)).toBe(0);
  } finally {
    spy.mockRestore();
  }
  return JSON.parse(chunks.join('')) as Record<string, unknown>;
}

describe('mistudio steer', () => {
  it('--json: both outputs and the metrics; the scale defaults to the max activation on the prompt', async () => {
    const lm = LanguageModel.load(DEMO_MODEL_DIR, { provider: 'cpu' });
    const [expected] = await maxActivationsOnPrompt(lm, await loadSteeringSae(sae.dir), HOOK, lm.tokenizer.encode(PROMPT), [0]);
    await lm.release();
    expect(expected).toBeGreaterThan(0);
    const out = await captureJson(base({ feature: ['0:3'], samples: '2' }));
    const features = out.features as { feature: number; coefficient: number; scale: number; mode: string; scaleSource: string }[];
    expect(features).toEqual([
      { feature: 0, coefficient: 3, mode: 'additive', scale: expected, scaleSource: 'max activation on the prompt' },
    ]);
    const pairs = out.pairs as { unsteered: { tokenIds: number[] }; steered: { tokenIds: number[] }; metrics: { meanKl: number } }[];
    expect(pairs).toHaveLength(2);
    expect(pairs[0]!.steered.tokenIds).toHaveLength(6);
    expect(out.hook).toBe(HOOK);
    expect((out.aggregate as { meanKl: { n: number } }).meanKl.n).toBe(2);
  });

  it('--sweep with --scale: one point per coefficient', async () => {
    const out = await captureJson(base({ sweep: '3', scale: ['3:2.5'], coefficients: '-1,0,1', targets: '10,20' }));
    expect((out.points as { coefficient: number }[]).map((p) => p.coefficient)).toEqual([-1, 0, 1]);
    expect(out.targetTokenIds).toEqual([10, 20]);
    expect(out.scale).toBe(2.5);
  });

  it('says what to do when a feature does not fire on the prompt, or a flag is malformed', async () => {
    await expect(runSteer(base({ feature: ['1:2'] }))).rejects.toThrow(/does not fire on this prompt.*--scale 1:VALUE/);
    await expect(runSteer(base({ feature: ['1=2'] }))).rejects.toThrow(/FEATURE:VALUE/);
    await expect(runSteer(base({ feature: ['0:1'], mode: 'boost' }))).rejects.toThrow(/additive, clamp/);
    await expect(runSteer(base({ feature: ['0:1:boost'] }))).rejects.toThrow(/FEATURE:COEF:additive\|clamp/);
  });

  it("--feature F:COEF:MODE sets that feature's mode; without one it takes --mode", () => {
    expect(steeredFeature('12:-2.5:clamp', 'additive')).toEqual({ feature: 12, coefficient: -2.5, mode: 'clamp' });
    expect(steeredFeature('7:1e-2', 'clamp')).toEqual({ feature: 7, coefficient: 0.01, mode: 'clamp' });
    expect(steeredFeature('7:3:additive', 'clamp')).toEqual({ feature: 7, coefficient: 3, mode: 'additive' });
  });
});
