/**
 * Logit lens of a feature: scores W_dec[f] · W_U over the vocabulary (docs/steering.md) —
 * the direct effect of the feature's decoder direction on the logits, final norm ignored.
 */
import type { Unembedding } from '../model/unembedding';
import { decoderRow, type SteeringSae } from './sae';
import type { LensToken, FeatureLogitLens } from '../../shared/types/steering';
export type { LensToken, FeatureLogitLens };

/** W_dec[f] · W_U: [vocab], float64 accumulation. W_U is [d_model, vocab] row-major. */
export function logitLensScores(sae: SteeringSae, unembedding: Unembedding, feature: number): Float64Array {
  if (unembedding.dModel !== sae.dIn) throw new Error(`the SAE's d_in (${sae.dIn}) is not the model's d_model (${unembedding.dModel})`);
  const row = decoderRow(sae, feature);
  const { vocab, weights } = unembedding;
  const scores = new Float64Array(vocab);
  for (let d = 0; d < sae.dIn; d++) {
    const w = row[d]!;
    if (w === 0) continue;
    const base = d * vocab;
    for (let v = 0; v < vocab; v++) scores[v]! += w * weights[base + v]!;
  }
  return scores;
}

export function featureLogitLens(sae: SteeringSae, unembedding: Unembedding, feature: number, n = 10): FeatureLogitLens {
  const scores = logitLensScores(sae, unembedding, feature);
  const order = Array.from(scores.keys()).sort((a, b) => scores[b]! - scores[a]! || a - b);
  const pick = (ids: number[]) => ids.map((tokenId) => ({ tokenId, score: scores[tokenId]! }));
  return { feature, top: pick(order.slice(0, n)), bottom: pick(order.slice(-n).reverse()) };
}
