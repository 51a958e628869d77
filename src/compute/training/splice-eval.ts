import type { SpliceEval } from '../../shared/types/training';
import type { LanguageModel } from '../model/language-model';
import { ceDeltaOf, ceLossRecovered, crossEntropy, klDivergence } from '../sae/metrics';
import { TrainingError } from './types';

/**
 * Periodic splice evaluation of an SAE during training (docs/training.md; CE-recovered as SAELens
 * `get_recons_loss`): run the LM on held-out rows clean, with the hook's activation replaced by
 * the SAE's reconstruction, with it replaced by zeros, and (given the training mean) with it
 * replaced by that mean, and compare next-token losses. All values in nats, averaged over scored positions: position p of a row
 * predicts token p + 1, so a row of L real tokens scores L − 1 positions.
 */
/** Fields: see SpliceEval (src/shared/types/training.ts); all means share the denominator `tokens`. */
export type SpliceEvalResult = SpliceEval;

/** The SAE's forward pass: x [n, d_in] raw hook activations → x̂ [n, d_in] (same units as x). */
export type Reconstruct = (x: Float32Array, n: number) => Promise<Float32Array>;

export interface SpliceEvalOptions {
  /** Mean-ablation baseline: the hook's mean activation over the training data [d_in], raw units. */
  meanActivation?: Float32Array;
  /** Rows per forward pass; bounds memory at ~3 × batchRows × seq × vocab floats. Default 8. */
  batchRows?: number;
  /** Filler id at pad positions (masked out, never scored). Default 0. */
  padTokenId?: number;
}

/** What the evaluation needs of a LanguageModel (narrow, so callers can pass a worker's model). */
export type SpliceModel = Pick<LanguageModel, 'forward' | 'hook' | 'architecture'>;

/**
 * Splice evaluation over `rows` (input ids, real tokens only, any lengths). Rows are batched
 * `batchRows` at a time, right-padded with an attention mask; only sums and counts are kept
 * across batches, never the logits.
 */
export async function spliceEval(
  lm: SpliceModel,
  hook: string,
  rows: readonly (readonly number[])[],
  reconstruct: Reconstruct,
  opts: SpliceEvalOptions = {},
): Promise<SpliceEvalResult> {
  const batchRows = opts.batchRows ?? 8;
  if (!Number.isInteger(batchRows) || batchRows < 1)
    throw new TrainingError('BAD_PARAMS', `splice eval batchRows must be a positive integer (got ${batchRows})`);
  lm.hook(hook); // throws a researcher-readable error for an unknown hook
  // Rows under 2 tokens score nothing; sorting by length keeps padding per batch small.
  const scored = rows.filter((r) => r.length >= 2).sort((a, b) => a.length - b.length);
  if (scored.length === 0) throw new TrainingError('BAD_PARAMS', 'splice eval needs at least one held-out row of 2 or more tokens');

  const mean = opts.meanActivation ?? null;
  if (mean && mean.length !== lm.architecture.dModel)
    throw new TrainingError('BAD_PARAMS', `mean activation has ${mean.length} values; expected d_in = ${lm.architecture.dModel}`);
  const sums = { ceClean: 0, ceSae: 0, ceZero: 0, ceMean: 0, kl: 0, tokens: 0 };
  for (let start = 0; start < scored.length; start += batchRows) {
    await evalBatch(lm, hook, scored.slice(start, start + batchRows), reconstruct, opts.padTokenId ?? 0, mean, sums);
  }
  const n = sums.tokens;
  const ceClean = sums.ceClean / n;
  const ceWithSae = sums.ceSae / n;
  const ceZeroAblation = sums.ceZero / n;
  const ceMeanAblation = mean ? sums.ceMean / n : null;
  return {
    ceClean,
    ceWithSae,
    ...ceDeltaOf(ceClean, ceWithSae),
    ceZeroAblation,
    ceLossRecovered: ceLossRecovered(ceClean, ceWithSae, ceZeroAblation),
    ceMeanAblation,
    ceLossRecoveredMean: ceMeanAblation === null ? null : ceLossRecovered(ceClean, ceWithSae, ceMeanAblation),
    klWithSae: sums.kl / n,
    tokens: n,
  };
}

interface Sums {
  ceClean: number;
  ceSae: number;
  ceZero: number;
  ceMean: number;
  kl: number;
  tokens: number;
}

async function evalBatch(
  lm: SpliceModel,
  hook: string,
  rows: readonly (readonly number[])[],
  reconstruct: Reconstruct,
  padId: number,
  mean: Float32Array | null,
  sums: Sums,
): Promise<void> {
  const d = lm.architecture.dModel;
  const seq = Math.max(...rows.map((r) => r.length));
  const inputIds = rows.map((r) => [...r, ...new Array<number>(seq - r.length).fill(padId)]); // [b, seq]
  const attentionMask = rows.map((r) => [...new Array<number>(r.length).fill(1), ...new Array<number>(seq - r.length).fill(0)]);
  const batch = { inputIds, attentionMask };

  const clean = await lm.forward(batch, { read: [hook] });
  const x = clean.activations[hook]; // [b, seq, d]
  if (!x) throw new Error(`the model returned no activations for ${hook}`);

  // Gather real positions into [n, d_in] for the SAE; pads never reach it.
  const real = rows.reduce((s, r) => s + r.length, 0);
  const xReal = new Float32Array(real * d);
  let k = 0;
  rows.forEach((r, b) => {
    xReal.set(x.subarray(b * seq * d, (b * seq + r.length) * d), k * d);
    k += r.length;
  });
  const xHat = await reconstruct(xReal, real);
  if (xHat.length !== real * d)
    throw new TrainingError('BAD_PARAMS', `SAE reconstruction has ${xHat.length} values; expected n×d_in = ${real}×${d}`);

  // Deltas [b, seq, d]: x' = x + delta, so delta = x̂ − x splices x̂, −x splices 0 and x̄ − x the mean. Pads stay 0.
  const deltaSae = new Float32Array(rows.length * seq * d);
  const deltaZero = new Float32Array(rows.length * seq * d);
  const deltaMean = mean ? new Float32Array(rows.length * seq * d) : null;
  k = 0;
  rows.forEach((r, b) => {
    for (let i = 0; i < r.length * d; i++) {
      const at = b * seq * d + i;
      const xi = x[at] ?? 0;
      deltaSae[at] = (xHat[k * d + i] ?? 0) - xi;
      deltaZero[at] = -xi;
      if (deltaMean && mean) deltaMean[at] = (mean[i % d] ?? 0) - xi;
    }
    k += r.length;
  });
  const withSae = await lm.forward(batch, { deltas: { [hook]: deltaSae } });
  const zero = await lm.forward(batch, { deltas: { [hook]: deltaZero } });
  const meaned = deltaMean ? await lm.forward(batch, { deltas: { [hook]: deltaMean } }) : null;

  const v = clean.vocab;
  rows.forEach((r, b) => {
    // Right padding: a row's scored positions 0 … L−2 are contiguous in [b, seq, vocab].
    const m = r.length - 1;
    const span = (logits: Float32Array) => logits.subarray(b * seq * v, (b * seq + m) * v); // [m, vocab]
    const targets = r.slice(1);
    sums.ceClean += crossEntropy(span(clean.logits), targets, m, v) * m;
    sums.ceSae += crossEntropy(span(withSae.logits), targets, m, v) * m;
    sums.ceZero += crossEntropy(span(zero.logits), targets, m, v) * m;
    if (meaned) sums.ceMean += crossEntropy(span(meaned.logits), targets, m, v) * m;
    sums.kl += klDivergence(span(clean.logits), span(withSae.logits), m, v) * m;
    sums.tokens += m;
  });
}
