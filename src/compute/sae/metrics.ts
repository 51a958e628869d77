import { decoderRowNorms } from './math';

/**
 * Batch metrics, definitions as SAELens (docs/training.md), all over a batch of n tokens:
 *  mse  = mean over tokens of Σ_d (x − x̂)²   — SAELens's mse_loss (per-element squared error
 *         summed over d_in, averaged over the batch); this is also the loss term.
 *  l1   = mean over tokens of Σ_i f_i ‖W_dec[i]‖ (before the coefficient)
 *  l0   = mean over tokens of #{i : f_i > 0}
 *  explainedVariance = 1 − Σ‖x − x̂‖² / Σ‖x − x̄‖²   (x̄ = batch mean; SAELens "explained_variance")
 *  fireCounts[i] = #tokens with f_i > 0
 */
export interface BatchMetrics {
  mse: number;
  l1: number;
  l0: number;
  explainedVariance: number;
  fireCounts: Float32Array;
}

export function batchMetrics(
  x: ArrayLike<number>, // [n, d_in]
  xHat: ArrayLike<number>, // [n, d_in]
  f: ArrayLike<number>, // [n, d_sae]
  W_dec: Float32Array, // [d_sae, d_in]
  n: number,
  dIn: number,
  dSae: number,
): BatchMetrics {
  const mean = new Float64Array(dIn);
  for (let r = 0; r < n; r++) for (let c = 0; c < dIn; c++) mean[c] = (mean[c] ?? 0) + (x[r * dIn + c] ?? 0) / n;
  let sse = 0;
  let sst = 0;
  for (let r = 0; r < n; r++) {
    for (let c = 0; c < dIn; c++) {
      const xi = x[r * dIn + c] ?? 0;
      sse += (xi - (xHat[r * dIn + c] ?? 0)) ** 2;
      sst += (xi - (mean[c] ?? 0)) ** 2;
    }
  }
  const norms = decoderRowNorms(W_dec, dSae, dIn);
  const fireCounts = new Float32Array(dSae);
  let l1 = 0;
  let active = 0;
  for (let r = 0; r < n; r++) {
    for (let j = 0; j < dSae; j++) {
      const v = f[r * dSae + j] ?? 0;
      if (v > 0) {
        active++;
        fireCounts[j] = (fireCounts[j] ?? 0) + 1;
      }
      l1 += Math.abs(v) * (norms[j] ?? 0);
    }
  }
  return { mse: sse / n, l1: l1 / n, l0: active / n, explainedVariance: sst > 0 ? 1 - sse / sst : 0, fireCounts };
}

/** CE loss recovered (SAELens ce_loss_score): (CE_zero − CE_sae) / (CE_zero − CE_clean). */
export function ceLossRecovered(ceClean: number, ceSae: number, ceZeroAblation: number): number {
  const denom = ceZeroAblation - ceClean;
  return denom === 0 ? 0 : (ceZeroAblation - ceSae) / denom;
}

/** ΔCE = CE_sae − CE_clean (nats the SAE adds per token) and as a percentage of CE_clean. */
export function ceDeltaOf(ceClean: number, ceWithSae: number): { ceDelta: number; ceDeltaPercent: number } {
  const ceDelta = ceWithSae - ceClean;
  return { ceDelta, ceDeltaPercent: ceClean === 0 ? 0 : (100 * ceDelta) / ceClean };
}

/** Mean over positions of KL(p_clean ‖ p_sae) from logits [positions, vocab] (nats). */
export function klDivergence(logitsClean: ArrayLike<number>, logitsSae: ArrayLike<number>, positions: number, vocab: number): number {
  let total = 0;
  for (let p = 0; p < positions; p++) {
    const a = logSoftmax(logitsClean, p * vocab, vocab);
    const b = logSoftmax(logitsSae, p * vocab, vocab);
    let kl = 0;
    for (let v = 0; v < vocab; v++) kl += Math.exp(a[v] ?? 0) * ((a[v] ?? 0) - (b[v] ?? 0));
    total += kl;
  }
  return positions > 0 ? total / positions : 0;
}

/** Mean next-token cross-entropy (nats) of logits [positions, vocab] against targets. */
export function crossEntropy(logits: ArrayLike<number>, targets: ArrayLike<number>, positions: number, vocab: number): number {
  let total = 0;
  for (let p = 0; p < positions; p++) total -= logSoftmax(logits, p * vocab, vocab)[targets[p] ?? 0] ?? 0;
  return positions > 0 ? total / positions : 0;
}

function logSoftmax(z: ArrayLike<number>, off: number, vocab: number): Float64Array {
  let max = -Infinity;
  for (let v = 0; v < vocab; v++) max = Math.max(max, z[off + v] ?? 0);
  let s = 0;
  for (let v = 0; v < vocab; v++) s += Math.exp((z[off + v] ?? 0) - max);
  const lse = max + Math.log(s);
  const out = new Float64Array(vocab);
  for (let v = 0; v < vocab; v++) out[v] = (z[off + v] ?? 0) - lse;
  return out;
}
