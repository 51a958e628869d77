import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_MODEL_DIR } from '../../../test/task-support';
import { LanguageModel } from '../model/language-model';
import { spliceEval, type Reconstruct } from './splice-eval';

/**
 * Splice eval on the demo model against direct computations: rows of different lengths are
 * batched two at a time (so padding is exercised) and checked against each row run alone,
 * unpadded, with CE and KL worked out here in float64.
 */
const HOOK = 'blocks.2.hook_resid_post';
const TEXTS = [
  'Once upon a time there was a little cat.',
  'The dog ran home.',
  'She said hello to her friend and they played in the park all day long.',
];

let lm: LanguageModel;
let rows: number[][];

beforeAll(() => {
  lm = LanguageModel.load(DEMO_MODEL_DIR, { provider: 'cpu' });
  rows = TEXTS.map((t) => lm.tokenizer.encode(t));
});
afterAll(async () => {
  await lm.release();
});

const identity: Reconstruct = (x) => Promise.resolve(x);
const zeros: Reconstruct = (x) => Promise.resolve(new Float32Array(x.length));
const half: Reconstruct = (x) => Promise.resolve(x.map((v) => v * 0.5));

/** log-softmax of one logits row, float64. */
function logProbs(logits: Float32Array, off: number, vocab: number): Float64Array {
  let max = -Infinity;
  for (let i = 0; i < vocab; i++) max = Math.max(max, logits[off + i]!);
  let sum = 0;
  for (let i = 0; i < vocab; i++) sum += Math.exp(logits[off + i]! - max);
  const lse = max + Math.log(sum);
  return Float64Array.from(logits.subarray(off, off + vocab), (z) => z - lse);
}

/**
 * Each row alone, unpadded: Σ CE clean, Σ CE with x → x/2 spliced, Σ CE with x → `mean` at every
 * position, Σ KL, and the count.
 */
async function direct(mean?: Float32Array): Promise<{ ceClean: number; ceSae: number; ceMean: number; kl: number; tokens: number }> {
  const out = { ceClean: 0, ceSae: 0, ceMean: 0, kl: 0, tokens: 0 };
  for (const row of rows) {
    const clean = await lm.forward({ inputIds: [row] }, { read: [HOOK] });
    const x = clean.activations[HOOK]!; // [1, L, d]
    const d = lm.architecture.dModel;
    const spliced = await lm.forward({ inputIds: [row] }, { deltas: { [HOOK]: x.map((v) => -0.5 * v) } }); // x + (x/2 − x)
    const meaned = mean ? await lm.forward({ inputIds: [row] }, { deltas: { [HOOK]: x.map((v, i) => mean[i % d]! - v) } }) : null;
    const v = clean.vocab;
    for (let p = 0; p + 1 < row.length; p++) {
      const a = logProbs(clean.logits, p * v, v);
      const b = logProbs(spliced.logits, p * v, v);
      out.ceClean -= a[row[p + 1]!]!;
      out.ceSae -= b[row[p + 1]!]!;
      if (meaned) out.ceMean -= logProbs(meaned.logits, p * v, v)[row[p + 1]!]!;
      for (let i = 0; i < v; i++) out.kl += Math.exp(a[i]!) * (a[i]! - b[i]!);
      out.tokens++;
    }
  }
  return out;
}

describe('spliceEval', () => {
  it('rows have different lengths (padding is exercised)', () => {
    expect(new Set(rows.map((r) => r.length)).size).toBe(rows.length);
    expect(Math.min(...rows.map((r) => r.length))).toBeGreaterThanOrEqual(2);
  });

  it('identity reconstruction: CE with SAE = clean, KL 0, recovered 1', async () => {
    const r = await spliceEval(lm, HOOK, rows, identity, { batchRows: 2 });
    expect(r.tokens).toBe(rows.reduce((s, row) => s + row.length - 1, 0));
    expect(Math.abs(r.ceWithSae - r.ceClean)).toBeLessThan(1e-5);
    expect(Math.abs(r.klWithSae)).toBeLessThan(1e-6);
    expect(r.ceLossRecovered).toBeCloseTo(1, 5);
    expect(r.ceZeroAblation).toBeGreaterThan(r.ceClean);
  });

  it('zero reconstruction: CE with SAE = zero ablation, recovered 0', async () => {
    const r = await spliceEval(lm, HOOK, rows, zeros, { batchRows: 2 });
    expect(Math.abs(r.ceWithSae - r.ceZeroAblation)).toBeLessThan(1e-5);
    expect(r.ceLossRecovered).toBeCloseTo(0, 5);
    expect(r.klWithSae).toBeGreaterThan(0);
  });

  it('x/2 reconstruction: CE and KL match each row run alone, unpadded, in float64', async () => {
    const r = await spliceEval(lm, HOOK, rows, half, { batchRows: 2 });
    const d = await direct();
    expect(r.tokens).toBe(d.tokens);
    expect(r.ceClean).toBeCloseTo(d.ceClean / d.tokens, 6);
    expect(r.ceWithSae).toBeCloseTo(d.ceSae / d.tokens, 6);
    expect(r.klWithSae).toBeCloseTo(d.kl / d.tokens, 6);
    expect(r.ceLossRecovered).toBeCloseTo((r.ceZeroAblation - r.ceWithSae) / (r.ceZeroAblation - r.ceClean), 10);
    // Batch size changes only the order of the sums.
    const one = await spliceEval(lm, HOOK, rows, half, { batchRows: 1 });
    expect(one.ceWithSae).toBeCloseTo(r.ceWithSae, 4);
    expect(one.klWithSae).toBeCloseTo(r.klWithSae, 4);
  });

  it('ΔCE and the mean-ablation baseline match a direct computation (x/2 reconstruction, a fixed mean vector)', async () => {
    // The mean of the fixture rows' own activations stands in for the training mean.
    const d = lm.architecture.dModel;
    const mean = new Float32Array(d);
    let count = 0;
    for (const row of rows) {
      const x = (await lm.forward({ inputIds: [row] }, { read: [HOOK] })).activations[HOOK]!;
      for (let i = 0; i < x.length; i++) mean[i % d]! += x[i]!;
      count += row.length;
    }
    for (let i = 0; i < d; i++) mean[i]! /= count;
    const r = await spliceEval(lm, HOOK, rows, half, { batchRows: 2, meanActivation: mean });
    const dir = await direct(mean);
    const ceClean = dir.ceClean / dir.tokens;
    const ceSae = dir.ceSae / dir.tokens;
    const ceMean = dir.ceMean / dir.tokens;
    expect(r.ceDelta).toBeCloseTo(ceSae - ceClean, 6);
    expect(r.ceDeltaPercent).toBeCloseTo((100 * (ceSae - ceClean)) / ceClean, 4);
    expect(r.ceMeanAblation).not.toBeNull();
    expect(r.ceMeanAblation!).toBeCloseTo(ceMean, 6);
    expect(r.ceLossRecoveredMean!).toBeCloseTo((ceMean - ceSae) / (ceMean - ceClean), 5);
    // The mean is a far stronger baseline than zeros on this model: less loss to recover from.
    expect(ceMean).toBeLessThan(r.ceZeroAblation);
    // Without a mean the baseline is not measured.
    const none = await spliceEval(lm, HOOK, rows, half, { batchRows: 2 });
    expect(none.ceMeanAblation).toBeNull();
    expect(none.ceLossRecoveredMean).toBeNull();
    await expect(spliceEval(lm, HOOK, rows, half, { meanActivation: new Float32Array(3) })).rejects.toThrow(/expected d_in/);
  });

  it('rejects an unknown hook, no scorable rows, and a wrong-sized reconstruction', async () => {
    await expect(spliceEval(lm, 'blocks.99.hook_resid_post', rows, identity)).rejects.toThrow(/no hook/);
    await expect(spliceEval(lm, HOOK, [[1]], identity)).rejects.toThrow(/2 or more tokens/);
    await expect(spliceEval(lm, HOOK, rows, (x) => Promise.resolve(x.subarray(1)))).rejects.toThrow(/expected n×d_in/);
  });
});
