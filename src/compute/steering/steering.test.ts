import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_MODEL_DIR } from '../../../test/task-support';
import { generate } from '../model/generate';
import { LanguageModel } from '../model/language-model';
import { graphOf, initializerMap } from '../onnx/graph/inspect';
import { readFloat32 } from '../onnx/graph/tensor-data';
import { modelFixtureDir } from '../onnx/hooks/test-support';
import { decodeModel } from '../onnx/proto/codec';
import { decodeDirect, encodeDirect } from '../sae/math';
import { compareSteering, generateStreaming } from './compare';
import { clampStrategy, steeredForward, unsteeredForward, type SteeringSetup } from './forward';
import { clampDeltas, steeringVector, type SteeringSpec } from './intervention';
import { meanKl } from './metrics';
import { featureActivations, loadSteeringSae, type SteeringSae } from './sae';
import { randomWeights, writeJumpReluTestSae, writeTestSae, type TestSae } from './test-support';

/**
 * Steering on the GPT-2 fixture (3 layers, d_model 32, vocab 256, KV cache) with a random
 * SAE written as a SAELens folder, and on the demo model. Sampling at temperature 1 so the
 * identity checks are not greedy ties.
 */
const GPT2 = modelFixtureDir('gpt2-tiny');
const LAST = 'blocks.2.hook_resid_post';
const MID = 'blocks.1.hook_resid_pre';
const PROMPT = [3, 17, 42, 99, 7, 64];
const SAMPLING = { maxNewTokens: 12, temperature: 1, topK: 0, topP: 1, seed: 5, stopAtEos: false };

let lm: LanguageModel;
const saes: TestSae[] = [];
const toRelease: LanguageModel[] = [];
let sae: SteeringSae;
let saeMid: SteeringSae;

beforeAll(async () => {
  lm = LanguageModel.load(GPT2, { provider: 'cpu' });
  toRelease.push(lm);
  const a = await writeTestSae({ dIn: 32, dSae: 64, hook: LAST, seed: 21 });
  const b = await writeTestSae({ dIn: 32, dSae: 64, hook: MID, architecture: 'topk', k: 8, seed: 22 });
  saes.push(a, b);
  sae = await loadSteeringSae(a.dir);
  saeMid = await loadSteeringSae(b.dir);
});
afterAll(async () => {
  saes.forEach((s) => s.cleanup());
  for (const m of toRelease) await m.release();
});

const setupOf = (s: SteeringSae, hook: string, spec: SteeringSpec): SteeringSetup => ({ lm, sae: s, hook, spec });

/** Final LayerNorm (ε 1e-5) then the tied unembedding, in float64: logits of one resid row. */
function directLogits(x: Float64Array, lnW: Float32Array, lnB: Float32Array, wu: Float32Array, vocab: number): Float64Array {
  const d = x.length;
  const mean = x.reduce((s, v) => s + v, 0) / d;
  const variance = x.reduce((s, v) => s + (v - mean) ** 2, 0) / d;
  const h = Array.from(x, (v, i) => ((v - mean) / Math.sqrt(variance + 1e-5)) * lnW[i]! + lnB[i]!);
  const out = new Float64Array(vocab);
  for (let i = 0; i < d; i++) for (let v = 0; v < vocab; v++) out[v]! += h[i]! * wu[i * vocab + v]!;
  return out;
}

describe('steering identities (token for token)', () => {
  it('additive with coefficient 0 reproduces the unsteered run exactly, over several samples', async () => {
    const r = await compareSteering(
      setupOf(sae, LAST, { positions: 'all', features: [{ feature: 3, coefficient: 0, scale: 5, mode: 'additive' as const }] }),
      PROMPT,
      SAMPLING,
      { samples: 3 },
    );
    expect(r.pairs).toHaveLength(3);
    for (const p of r.pairs) {
      expect(p.steered.tokenIds).toEqual(p.unsteered.tokenIds);
      expect(p.metrics.meanKl).toBe(0);
      expect(p.metrics.perplexityDelta).toBe(0);
      expect(p.metrics.wordJaccard).toBe(1);
    }
    // Different seeds per sample, so the samples are not one run repeated.
    expect(new Set(r.pairs.map((p) => p.unsteered.tokenIds.join(','))).size).toBeGreaterThan(1);
    expect(r.aggregate.meanKl).toMatchObject({ mean: 0, sd: 0, n: 3 });
  });

  it("clamp to the feature's own value reproduces the unsteered run exactly", async () => {
    // Feature 0 reads nothing (W_enc column 0 = 0) and has b_enc = 1.25: a_0 = 1.25 at every
    // position, so clamping it to 1.25 (coefficient 0.5 × scale 2.5) is clamping to its own value.
    const w = saes[0]!.weights;
    const W_enc = Float32Array.from(w.W_enc);
    for (let c = 0; c < 32; c++) W_enc[c * 64] = 0;
    const b_enc = Float32Array.from(w.b_enc);
    b_enc[0] = 1.25;
    const own = await writeTestSae({ dIn: 32, dSae: 64, hook: LAST, weights: { ...w, W_enc, b_enc } });
    saes.push(own);
    const s = await loadSteeringSae(own.dir);
    const r = await compareSteering(
      setupOf(s, LAST, { positions: 'all', features: [{ feature: 0, coefficient: 0.5, scale: 2.5, mode: 'clamp' as const }] }),
      PROMPT,
      SAMPLING,
      { samples: 2 },
    );
    for (const p of r.pairs) {
      expect(p.steered.tokenIds).toEqual(p.unsteered.tokenIds);
      expect(p.metrics.meanKl).toBe(0);
    }
    // The same feature clamped to another value does move the run (the check can fail).
    const moved = await compareSteering(
      setupOf(s, LAST, { positions: 'all', features: [{ feature: 0, coefficient: 8, scale: 2.5, mode: 'clamp' as const }] }),
      PROMPT,
      SAMPLING,
      { samples: 1 },
    );
    expect(moved.pairs[0]!.metrics.meanKl).toBeGreaterThan(0);
  });
});

describe('steered forward = direct computation', () => {
  it('additive at the last resid_post: logits = LN_f(x + Σ c·s·W_dec[f]) · W_U, at every position', async () => {
    const model = decodeModel(new Uint8Array(readFileSync(path.join(GPT2, 'onnx', 'model.onnx'))));
    const inits = initializerMap(graphOf(model));
    const lnW = readFloat32(inits.get('transformer.ln_f.weight')!);
    const lnB = readFloat32(inits.get('transformer.ln_f.bias')!);
    const { weights: wu, vocab } = lm.unembedding();
    const spec: SteeringSpec = {
      positions: 'all',
      features: [
        { feature: 5, coefficient: 2, scale: 3, mode: 'additive' as const },
        { feature: 40, coefficient: -1, scale: 1.5, mode: 'additive' as const },
      ],
    };
    const v = steeringVector(sae, spec.features);
    const x = (await lm.forward({ inputIds: [PROMPT] }, { read: [LAST] })).activations[LAST]!;
    const steered = await steeredForward(setupOf(sae, LAST, spec), PROMPT.length)(PROMPT, 0, undefined);
    let maxErr = 0;
    let moved = 0;
    const plain = await unsteeredForward(setupOf(sae, LAST, spec))(PROMPT, 0, undefined);
    for (let t = 0; t < PROMPT.length; t++) {
      const row = Float64Array.from({ length: 32 }, (_, i) => x[t * 32 + i]! + v[i]!);
      const want = directLogits(row, lnW, lnB, wu, vocab);
      for (let j = 0; j < vocab; j++) {
        maxErr = Math.max(maxErr, Math.abs(steered.logits[t * vocab + j]! - want[j]!));
        moved = Math.max(moved, Math.abs(steered.logits[t * vocab + j]! - plain.logits[t * vocab + j]!));
      }
    }
    expect(maxErr).toBeLessThanOrEqual(1e-4);
    expect(moved).toBeGreaterThan(0.1); // the delta is not negligible
  });

  it.each([
    ['TopK SAE: two passes per step', 'topk', 'clamp-two-pass', false],
    ['standard SAE: in-graph, one pass', 'standard', 'clamp-in-graph', false],
    ['TopK SAE, mixed with an additive feature: two passes', 'topk', 'clamp-two-pass', true],
    ['standard SAE, mixed with an additive feature: in-graph', 'standard', 'clamp-in-graph', true],
  ] as const)(
    'clamp with the KV cache (%s) = a teacher-forced direct computation on the generated text',
    async (_label, architecture, strategy, mixed) => {
      // SAE at a middle hook: the delta changes the KV entries of later layers, so a stale or
      // unsteered cache would show. Direct: read x on the whole steered text (no delta),
      // δ = x̂(a with a_f ← target) − x̂(a) by math.ts (+ c·scale·W_dec[f] of the additive
      // feature, when mixed), one forward with δ.
      const t = architecture === 'topk' ? saes[1]! : await writeTestSae({ dIn: 32, dSae: 64, hook: MID, seed: 23 });
      if (architecture === 'standard') saes.push(t);
      const s = architecture === 'topk' ? saeMid : await loadSteeringSae(t.dir);
      const clamped = [
        { feature: 11, coefficient: 3, scale: 1, mode: 'clamp' as const },
        { feature: 30, coefficient: 0, scale: 1, mode: 'clamp' as const },
      ];
      const added = mixed ? [{ feature: 5, coefficient: 2, scale: 1.5, mode: 'additive' as const }] : [];
      const features = [added, clamped].flat();
      const setup = setupOf(s, MID, { positions: 'all', features });
      expect(clampStrategy(setup)).toBe(strategy);
      const rows: Float32Array[] = [];
      const result = await generate(lm, PROMPT, SAMPLING, steeredForward(setup, PROMPT.length), { onStep: (st) => rows.push(st.logits) });
      const stepLogits = Float32Array.from(rows.flatMap((r) => Array.from(r)));
      const ids = [...PROMPT, ...result.tokenIds];
      const n = ids.length;
      const x = (await lm.forward({ inputIds: [ids] }, { read: [MID] })).activations[MID]!;
      const shape = { architecture, dIn: 32, dSae: 64, k: 8 };
      const a = encodeDirect(t.weights, shape, x, n);
      const edited = Float64Array.from(a);
      for (let r = 0; r < n; r++) for (const f of clamped) edited[r * 64 + f.feature] = f.coefficient * f.scale;
      const before = decodeDirect(t.weights, shape, a, n);
      const after = decodeDirect(t.weights, shape, edited, n);
      const addedAt = (c: number) => added.reduce((sum, f) => sum + f.coefficient * f.scale * t.weights.W_dec[f.feature * 32 + c]!, 0);
      const delta = Float32Array.from(after, (v, i) => v - before[i]! + addedAt(i % 32));
      const direct = await lm.forward({ inputIds: [ids] }, { deltas: { [MID]: delta } });
      const V = direct.vocab;
      const P = PROMPT.length;
      let maxErr = 0;
      for (let i = 0; i < result.tokenIds.length; i++) {
        for (let j = 0; j < V; j++) maxErr = Math.max(maxErr, Math.abs(stepLogits[i * V + j]! - direct.logits[(P - 1 + i) * V + j]!));
      }
      expect(maxErr).toBeLessThanOrEqual(1e-4);
      // And the clamp really acted: the steered distributions differ from the unsteered model's on that text.
      const plain = await lm.forward({ inputIds: [ids] });
      expect(meanKl(plain.logits.slice((P - 1) * V, (n - 1) * V), stepLogits, V)).toBeGreaterThan(1e-3);
    },
  );

  it('JumpReLU clamp in-graph (threshold from the weights) = the JS clamp deltas, teacher-forced', async () => {
    const w = randomWeights(32, 64, 41);
    // Thresholds around the typical pre-activation, so the gate is open at some positions and shut at others.
    const threshold = Float32Array.from({ length: 64 }, (_, j) => 0.05 * (j % 7));
    const jumpRelu = writeJumpReluTestSae({ dIn: 32, dSae: 64, hook: MID, weights: w, threshold });
    saes.push(jumpRelu);
    const s = await loadSteeringSae(jumpRelu.dir);
    const features = [
      { feature: 6, coefficient: 2, scale: 1.5, mode: 'clamp' as const },
      { feature: 13, coefficient: 0, scale: 1, mode: 'clamp' as const },
      { feature: 20, coefficient: 0, scale: 1, mode: 'clamp' as const },
    ];
    const setup = setupOf(s, MID, { positions: 'all', features });
    expect(clampStrategy(setup)).toBe('clamp-in-graph');
    const rows: Float32Array[] = [];
    const result = await generate(lm, PROMPT, SAMPLING, steeredForward(setup, PROMPT.length), { onStep: (st) => rows.push(st.logits) });
    const ids = [...PROMPT, ...result.tokenIds];
    const x = (await lm.forward({ inputIds: [ids] }, { read: [MID] })).activations[MID]!;
    const a = featureActivations(s, x, ids.length, [13, 20]);
    expect(a.some((v) => v > 0) && a.some((v) => v === 0)).toBe(true); // the gate both opens and shuts
    const direct = await lm.forward({ inputIds: [ids] }, { deltas: { [MID]: clampDeltas(s, features, x, ids.length) } });
    const V = direct.vocab;
    let maxErr = 0;
    rows.forEach((r, i) => r.forEach((v, j) => (maxErr = Math.max(maxErr, Math.abs(v - direct.logits[(PROMPT.length - 1 + i) * V + j]!)))));
    expect(maxErr).toBeLessThanOrEqual(1e-4);
  });

  it('positions: "generated" leaves the first generated token\'s distribution unsteered, "prompt" does not', async () => {
    const features = [{ feature: 5, coefficient: 4, scale: 3, mode: 'additive' as const }];
    const first = async (positions: SteeringSpec['positions']) => {
      const setup = setupOf(sae, LAST, { positions, features });
      return (await generateStreaming(setup, steeredForward(setup, PROMPT.length), PROMPT, { ...SAMPLING, maxNewTokens: 3 }, () => {}))
        .firstLogits;
    };
    const setup = setupOf(sae, LAST, { positions: 'all', features });
    const base = (await generateStreaming(setup, unsteeredForward(setup), PROMPT, { ...SAMPLING, maxNewTokens: 3 }, () => {})).firstLogits;
    expect(await first('generated')).toEqual(base);
    expect(await first('prompt')).not.toEqual(base);
  });
});

describe('demo model', () => {
  it('coefficient 0 and the unsteered run agree token for token on text (BPE tokenizer, KV cache)', async () => {
    const demo = LanguageModel.load(DEMO_MODEL_DIR, { provider: 'cpu' });
    toRelease.push(demo);
    const t = await writeTestSae({ dIn: 256, dSae: 512, hook: 'blocks.2.hook_resid_post', seed: 4 });
    saes.push(t);
    const s = await loadSteeringSae(t.dir);
    const prompt = demo.tokenizer.encode('And God said, Let there be');
    const tokens: string[] = [];
    const r = await compareSteering(
      {
        lm: demo,
        sae: s,
        hook: 'blocks.2.hook_resid_post',
        spec: { positions: 'all', features: [{ feature: 9, coefficient: 0, scale: 4, mode: 'additive' as const }] },
      },
      prompt,
      { ...SAMPLING, maxNewTokens: 16, topK: 50, topP: 0.95 },
      { samples: 2, onToken: (tk) => tokens.push(`${tk.sample}${tk.run[0]}`) },
    );
    for (const p of r.pairs) {
      expect(p.steered.text).toBe(p.unsteered.text);
      expect(p.steered.tokenIds).toEqual(p.unsteered.tokenIds);
      expect(p.metrics.similarity).toBe(1);
    }
    // Streamed: each sample's unsteered tokens, then its steered ones.
    expect(tokens.slice(0, 17)).toEqual([...new Array<string>(16).fill('0u'), '0s']);
  });
});
