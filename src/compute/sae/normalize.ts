import type { SaeWeights } from './types';

/**
 * Input normalisation as SAELens ActivationScaler (normalize_activations =
 * "expected_average_only_in"): scale = √d_in / mean over N batches of (mean token L2 norm).
 */
export function estimateInputScale(batches: Iterable<Float32Array>, dIn: number): number {
  let sumOfBatchMeans = 0;
  let nBatches = 0;
  for (const batch of batches) {
    const n = Math.floor(batch.length / dIn);
    if (n === 0) continue;
    let s = 0;
    for (let r = 0; r < n; r++) {
      let sq = 0;
      for (let c = 0; c < dIn; c++) sq += (batch[r * dIn + c] ?? 0) ** 2;
      s += Math.sqrt(sq);
    }
    sumOfBatchMeans += s / n;
    nBatches++;
  }
  if (nBatches === 0 || sumOfBatchMeans === 0) throw new Error('cannot estimate the input scale: no non-zero activations');
  return Math.sqrt(dIn) / (sumOfBatchMeans / nBatches);
}

/** Mean activation vector [d_in] over the rows of `batches` (same units as the batches). */
export function meanActivation(batches: Iterable<Float32Array>, dIn: number): Float32Array {
  const sum = new Float64Array(dIn);
  let rows = 0;
  for (const batch of batches) {
    const n = Math.floor(batch.length / dIn);
    for (let r = 0; r < n; r++) for (let c = 0; c < dIn; c++) sum[c]! += batch[r * dIn + c] ?? 0;
    rows += n;
  }
  if (rows === 0) throw new Error('cannot take the mean activation of no rows');
  return Float32Array.from(sum, (v) => v / rows);
}

/** x · scale into a new array (what the engine trains on). */
export function scaleBatch(x: Float32Array, scale: number): Float32Array {
  return Float32Array.from(x, (v) => v * scale);
}

/**
 * Fold the input scale into the weights so the SAE works on raw activations (SAELens
 * fold_activation_norm_scaling_factor): W_enc·s, W_dec/s, b_dec/s; b_enc unchanged.
 * ReLU((s·x − b_dec)W_enc + b_enc) = ReLU((x − b_dec/s)(s·W_enc) + b_enc), and x̂ = x̂ₛ/s.
 * Pre-activations are unchanged, so thresholds (JumpReLU's, BatchTopK's) are too.
 */
export function foldInputScale(w: SaeWeights, scale: number): SaeWeights {
  return {
    W_enc: Float32Array.from(w.W_enc, (v) => v * scale),
    b_enc: Float32Array.from(w.b_enc),
    W_dec: Float32Array.from(w.W_dec, (v) => v / scale),
    b_dec: Float32Array.from(w.b_dec, (v) => v / scale),
    ...(w.log_threshold ? { log_threshold: Float32Array.from(w.log_threshold) } : {}),
    // Gated: π_mag = (x − b_dec/s)(s·W_enc ⊙ exp r_mag) + b_mag, unchanged too.
    ...(w.r_mag ? { r_mag: Float32Array.from(w.r_mag) } : {}),
    ...(w.b_mag ? { b_mag: Float32Array.from(w.b_mag) } : {}),
  };
}
