import { initialExtras } from './architectures';
import { Rng } from './rng';
import type { SaeHyperparameters, SaeWeights } from './types';

export type DecoderBiasInit = 'zeros' | 'mean' | 'geometric_median';

export interface InitOptions {
  /**
   * Row norm of W_dec after init. SAELens TrainingSAEConfig.decoder_init_norm (default 0.1,
   * Anthropic April 2024 "heuristic" init); null keeps the raw Kaiming-uniform rows.
   */
  decoderInitNorm?: number | null;
  /** b_dec init (old SAELens b_dec_init_method); 'zeros' is current SAELens. */
  bDecInit?: DecoderBiasInit;
  /** Sample for mean/geometric-median b_dec init: [n, d_in] (already scaled). */
  sample?: { x: Float32Array; n: number };
}

export function dSaeOf(hp: Pick<SaeHyperparameters, 'dIn' | 'expansionFactor'>): number {
  return Math.round(hp.dIn * hp.expansionFactor);
}

/**
 * Seeded SAE init as SAELens: W_dec [d_sae, d_in] ~ kaiming_uniform (bound √(6/d_in)), rows
 * rescaled to decoderInitNorm; W_enc = W_decᵀ; b_enc = 0; b_dec = 0 (or mean/geometric median);
 * JumpReLU adds log_threshold = log θ₀ (SAELens jumprelu_init_threshold).
 * Returns the weights and the PRNG state after drawing them.
 */
export function initSaeWeights(hp: SaeHyperparameters, opts: InitOptions = {}): { weights: SaeWeights; rngState: number } {
  const dIn = hp.dIn;
  const dSae = dSaeOf(hp);
  const rng = new Rng(hp.seed);
  const bound = Math.sqrt(6 / dIn); // torch kaiming_uniform_, a=0, fan_in = d_in
  const W_dec = new Float32Array(dSae * dIn); // [d_sae, d_in]
  for (let i = 0; i < W_dec.length; i++) W_dec[i] = rng.uniform(-bound, bound);
  const norm = opts.decoderInitNorm === undefined ? 0.1 : opts.decoderInitNorm;
  if (norm !== null) normalizeRows(W_dec, dSae, dIn, norm);
  const W_enc = transpose(W_dec, dSae, dIn); // [d_in, d_sae]
  const b_enc = new Float32Array(dSae);
  const b_dec = decoderBias(dIn, opts);
  return { weights: { W_enc, b_enc, W_dec, b_dec, ...initialExtras(hp, dSae) }, rngState: rng.state };
}

/** Scale each row of a [rows, cols] matrix to the given L2 norm (float64 accumulate). */
export function normalizeRows(m: Float32Array, rows: number, cols: number, target = 1): void {
  for (let r = 0; r < rows; r++) {
    let s = 0;
    for (let c = 0; c < cols; c++) s += (m[r * cols + c] ?? 0) ** 2;
    const f = s > 0 ? target / Math.sqrt(s) : 0;
    for (let c = 0; c < cols; c++) m[r * cols + c] = (m[r * cols + c] ?? 0) * f;
  }
}

/** [rows, cols] → [cols, rows]. */
export function transpose(m: Float32Array, rows: number, cols: number): Float32Array {
  const out = new Float32Array(rows * cols);
  for (let r = 0; r < rows; r++) for (let c = 0; c < cols; c++) out[c * rows + r] = m[r * cols + c] ?? 0;
  return out;
}

function decoderBias(dIn: number, opts: InitOptions): Float32Array {
  const kind = opts.bDecInit ?? 'zeros';
  if (kind === 'zeros') return new Float32Array(dIn);
  if (!opts.sample) throw new Error(`b_dec init "${kind}" needs a sample of activations`);
  const { x, n } = opts.sample;
  return kind === 'mean' ? columnMean(x, n, dIn) : geometricMedian(x, n, dIn);
}

function columnMean(x: Float32Array, n: number, d: number): Float32Array {
  const acc = new Float64Array(d);
  for (let r = 0; r < n; r++) for (let c = 0; c < d; c++) acc[c] = (acc[c] ?? 0) + (x[r * d + c] ?? 0);
  return Float32Array.from(acc, (v) => v / n);
}

/** Weiszfeld iterations from the mean (as SAELens's old compute_geometric_median). */
export function geometricMedian(x: Float32Array, n: number, d: number, maxIter = 100, eps = 1e-8): Float32Array {
  let y = Float64Array.from(columnMean(x, n, d));
  for (let it = 0; it < maxIter; it++) {
    const num = new Float64Array(d);
    let den = 0;
    for (let r = 0; r < n; r++) {
      let dist = 0;
      for (let c = 0; c < d; c++) dist += ((x[r * d + c] ?? 0) - (y[c] ?? 0)) ** 2;
      const w = 1 / Math.max(Math.sqrt(dist), eps);
      den += w;
      for (let c = 0; c < d; c++) num[c] = (num[c] ?? 0) + w * (x[r * d + c] ?? 0);
    }
    const next = num.map((v) => v / den);
    let shift = 0;
    for (let c = 0; c < d; c++) shift += ((next[c] ?? 0) - (y[c] ?? 0)) ** 2;
    y = next;
    if (Math.sqrt(shift) < 1e-7) break;
  }
  return Float32Array.from(y);
}
