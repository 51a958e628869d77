import type { FeatureHistogram } from '../../shared/types/features';

/**
 * The activation histogram's bins, fixed for every feature and every pass so histograms compare
 * (docs/features.md): bin 0 = [0, 1e-3); bins 1…56 log-spaced, 8 per decade, from 1e-3 to 1e4;
 * bin 57 = [1e4, ∞). Only firing activations (> 0) are counted. Activation units are the SAE's
 * (feature activation f = act((x − b_dec) W_enc + b_enc) on raw hook activations).
 */
export const HIST_LOG_MIN = -3;
export const HIST_LOG_MAX = 4;
export const HIST_BINS_PER_DECADE = 8;
const LOG_BINS = (HIST_LOG_MAX - HIST_LOG_MIN) * HIST_BINS_PER_DECADE; // 56
export const HIST_BINS = LOG_BINS + 2; // + underflow + overflow

/** HIST_EDGES[b] = lower edge of bin b (HIST_BINS + 1 entries, the last = ∞). */
export const HIST_EDGES: Float64Array = Float64Array.from({ length: HIST_BINS + 1 }, (_, b) =>
  b === 0 ? 0 : b === HIST_BINS ? Infinity : 10 ** (HIST_LOG_MIN + (b - 1) / HIST_BINS_PER_DECADE),
);

/** The bin of a firing activation v > 0, exactly by HIST_EDGES (the log is only a first guess). */
export function histogramBin(v: number): number {
  if (v < (HIST_EDGES[1] ?? 0)) return 0;
  let b = Math.min(HIST_BINS - 1, Math.max(1, 1 + Math.floor((Math.log10(v) - HIST_LOG_MIN) * HIST_BINS_PER_DECADE)));
  while (b > 1 && v < (HIST_EDGES[b] ?? 0)) b--;
  while (b < HIST_BINS - 1 && v >= (HIST_EDGES[b + 1] ?? Infinity)) b++;
  return b;
}

/**
 * Quantile bands (sae_vis-style interval sampling, docs/features.md): 4 histogram bins = half a
 * decade each. Band 0 = bin 0, bands 1…14 = bins 1–4, 5–8, …, band 15 = the overflow bin.
 */
export const BINS_PER_BAND = 4;
export const QUANTILE_BANDS = 1 + LOG_BINS / BINS_PER_BAND + 1; // 16

export function bandOfBin(bin: number): number {
  if (bin === 0) return 0;
  if (bin >= HIST_BINS - 1) return QUANTILE_BANDS - 1;
  return 1 + Math.floor((bin - 1) / BINS_PER_BAND);
}

/** [low, high) of a band in activation units (high = ∞ for the overflow band). */
export function bandRange(band: number): { low: number; high: number } {
  if (band === 0) return { low: 0, high: HIST_EDGES[1] ?? 0 };
  if (band === QUANTILE_BANDS - 1) return { low: HIST_EDGES[HIST_BINS - 1] ?? 0, high: Infinity };
  const first = 1 + (band - 1) * BINS_PER_BAND;
  return { low: HIST_EDGES[first] ?? 0, high: HIST_EDGES[first + BINS_PER_BAND] ?? Infinity };
}

/**
 * One feature's counts [HIST_BINS] cut to its non-empty range, as the dashboard draws it. The
 * overflow bin's upper edge becomes the feature's max (JSON has no ∞); an empty histogram (dead
 * feature) has no bins.
 */
export function trimmedHistogram(counts: ArrayLike<number>, maxActivation: number): FeatureHistogram {
  let first = -1;
  let last = -1;
  for (let b = 0; b < HIST_BINS; b++) {
    if ((counts[b] ?? 0) > 0) {
      if (first < 0) first = b;
      last = b;
    }
  }
  if (first < 0) return { edges: [], counts: [] };
  const edges: number[] = [];
  const out: number[] = [];
  for (let b = first; b <= last; b++) {
    edges.push(HIST_EDGES[b] ?? 0);
    out.push(counts[b] ?? 0);
  }
  const top = HIST_EDGES[last + 1] ?? Infinity;
  edges.push(Number.isFinite(top) ? top : Math.max(maxActivation, HIST_EDGES[last] ?? 0));
  return { edges, counts: out };
}
