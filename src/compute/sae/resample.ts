import type { Rng } from './rng';
import type { SaeWeights } from './types';

/**
 * Dead-feature resampling, Anthropic's recipe ("Towards Monosemanticity", 2023), engine-free:
 * draw inputs with probability ∝ loss², set each dead feature's decoder row to the chosen
 * (x − b_dec)/‖x − b_dec‖, its encoder column to that direction × 0.2 × the mean encoder norm
 * of live features, its b_enc to 0, and zero its optimizer moments. Mutates in place.
 */
export interface ResampleSample {
  x: Float32Array; // [n, d_in] (already scaled)
  n: number;
  /** Per-token reconstruction loss ‖x − x̂‖² under the current SAE: [n]. */
  losses: ArrayLike<number>;
}

export function resampleDeadFeatures(
  w: SaeWeights,
  moments: { m: SaeWeights; v: SaeWeights } | null,
  deadMask: Uint8Array, // [d_sae], 1 = dead
  sample: ResampleSample,
  dIn: number,
  dSae: number,
  rng: Rng,
): number[] {
  const dead: number[] = [];
  for (let j = 0; j < dSae; j++) if (deadMask[j]) dead.push(j);
  if (dead.length === 0 || sample.n === 0) return [];
  const cdf = new Float64Array(sample.n);
  let total = 0;
  for (let r = 0; r < sample.n; r++) {
    total += (sample.losses[r] ?? 0) ** 2;
    cdf[r] = total;
  }
  const encNorm = meanLiveEncoderNorm(w.W_enc, deadMask, dIn, dSae);
  const dir = new Float64Array(dIn);
  for (const j of dead) {
    const u = rng.next() * total;
    let r = total > 0 ? lowerBound(cdf, u) : rng.int(sample.n);
    r = Math.min(r, sample.n - 1);
    let norm = 0;
    for (let c = 0; c < dIn; c++) {
      dir[c] = (sample.x[r * dIn + c] ?? 0) - (w.b_dec[c] ?? 0);
      norm += (dir[c] ?? 0) ** 2;
    }
    norm = Math.sqrt(norm) || 1;
    for (let c = 0; c < dIn; c++) {
      const unit = (dir[c] ?? 0) / norm;
      w.W_dec[j * dIn + c] = unit;
      w.W_enc[c * dSae + j] = unit * encNorm * 0.2;
    }
    w.b_enc[j] = 0;
    if (moments) for (const m of [moments.m, moments.v]) zeroFeature(m, j, dIn, dSae);
  }
  return dead;
}

function zeroFeature(m: SaeWeights, j: number, dIn: number, dSae: number): void {
  for (let c = 0; c < dIn; c++) {
    m.W_dec[j * dIn + c] = 0;
    m.W_enc[c * dSae + j] = 0;
  }
  m.b_enc[j] = 0;
}

function meanLiveEncoderNorm(W_enc: Float32Array, deadMask: Uint8Array, dIn: number, dSae: number): number {
  let sum = 0;
  let live = 0;
  for (let j = 0; j < dSae; j++) {
    if (deadMask[j]) continue;
    let s = 0;
    for (let c = 0; c < dIn; c++) s += (W_enc[c * dSae + j] ?? 0) ** 2;
    sum += Math.sqrt(s);
    live++;
  }
  return live > 0 ? sum / live : 1;
}

function lowerBound(cdf: Float64Array, u: number): number {
  let lo = 0;
  let hi = cdf.length - 1;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if ((cdf[mid] ?? 0) < u) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
