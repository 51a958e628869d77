import type { BaseParam } from './architectures';
import type { SaeArchitecture } from './types';

/** SaeWeights or float64 copies of them (finite-difference references). */
export type WeightsLike = { [K in BaseParam]: ArrayLike<number> } & { log_threshold?: ArrayLike<number> };

/**
 * Direct SAE forward in plain loops with float64 accumulation: the reference for engine
 * tests and for evals. Semantics as SAELens (apply_b_dec_to_input = true,
 * rescale_acts_by_decoder_norm = false):
 *   pre = (x − b_dec) W_enc + b_enc                     // [n, d_sae]
 *   standard: f = ReLU(pre); topk: keep the k largest pre per token, ReLU them, zero the rest
 *   x̂ = f W_dec + b_dec                                 // [n, d_in]
 */
export interface SaeShape {
  architecture: SaeArchitecture;
  dIn: number;
  dSae: number;
  k?: number;
}

/** Pre-activations (x − b_dec) W_enc + b_enc: [n, d_sae]. */
export function preActivationsDirect(w: WeightsLike, s: SaeShape, x: Float32Array, n: number): Float64Array {
  const { dIn, dSae } = s;
  const pre = new Float64Array(n * dSae);
  const centred = new Float64Array(dIn);
  for (let r = 0; r < n; r++) {
    for (let c = 0; c < dIn; c++) centred[c] = (x[r * dIn + c] ?? 0) - (w.b_dec[c] ?? 0);
    const row = r * dSae;
    for (let j = 0; j < dSae; j++) pre[row + j] = w.b_enc[j] ?? 0;
    for (let c = 0; c < dIn; c++) {
      const xc = centred[c] ?? 0;
      if (xc === 0) continue;
      const wRow = c * dSae;
      for (let j = 0; j < dSae; j++) pre[row + j] = (pre[row + j] ?? 0) + xc * (w.W_enc[wRow + j] ?? 0);
    }
  }
  return pre;
}

/** Activation function on pre-activations [n, d_sae] (ReLU, or TopK then ReLU). */
export function activateDirect(pre: Float64Array, s: SaeShape, n: number): Float64Array {
  const { dSae } = s;
  const f = new Float64Array(n * dSae);
  if (s.architecture === 'standard') {
    for (let i = 0; i < f.length; i++) f[i] = Math.max(0, pre[i] ?? 0);
    return f;
  }
  const k = Math.min(s.k ?? dSae, dSae);
  const idx = Array.from({ length: dSae }, (_, j) => j);
  for (let r = 0; r < n; r++) {
    const row = r * dSae;
    // Largest first; ties broken by lower index (as a stable sort).
    idx.sort((a, b) => (pre[row + b] ?? 0) - (pre[row + a] ?? 0) || a - b);
    for (let t = 0; t < k; t++) {
      const j = idx[t] ?? 0;
      f[row + j] = Math.max(0, pre[row + j] ?? 0);
    }
    idx.sort((a, b) => a - b);
  }
  return f;
}

export function encodeDirect(w: WeightsLike, s: SaeShape, x: Float32Array, n: number): Float64Array {
  return activateDirect(preActivationsDirect(w, s, x, n), s, n);
}

/** x̂ = f W_dec + b_dec: [n, d_in]. */
export function decodeDirect(w: WeightsLike, s: SaeShape, f: ArrayLike<number>, n: number): Float64Array {
  const { dIn, dSae } = s;
  const out = new Float64Array(n * dIn);
  for (let r = 0; r < n; r++) {
    const row = r * dIn;
    for (let c = 0; c < dIn; c++) out[row + c] = w.b_dec[c] ?? 0;
    for (let j = 0; j < dSae; j++) {
      const fj = f[r * dSae + j] ?? 0;
      if (fj === 0) continue;
      const dRow = j * dIn;
      for (let c = 0; c < dIn; c++) out[row + c] = (out[row + c] ?? 0) + fj * (w.W_dec[dRow + c] ?? 0);
    }
  }
  return out;
}

/** L2 norm of each decoder row: [d_sae]. */
export function decoderRowNorms(W_dec: ArrayLike<number>, dSae: number, dIn: number): Float64Array {
  const norms = new Float64Array(dSae);
  for (let j = 0; j < dSae; j++) {
    let s = 0;
    for (let c = 0; c < dIn; c++) s += (W_dec[j * dIn + c] ?? 0) ** 2;
    norms[j] = Math.sqrt(s);
  }
  return norms;
}
