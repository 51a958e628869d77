/**
 * SAELens's "log10 feature density" histogram (docs/training.md): feature i's density is the
 * fraction of tokens it fired on, fireCounts[i] / tokens (unitless, in (0, 1]); the histogram
 * bins log10(density) over a fixed range [-8, 0] so charts from different steps line up.
 */
export interface DensityHistogram {
  /** bins + 1 bin edges in log10(density), ascending from -8 to 0. Bin j is [edges[j], edges[j+1]); the last is closed. */
  edges: number[];
  /** Features per bin (live features only). */
  counts: number[];
  /** Features that fired on no token: log10(0) = −∞, so counted here and not in any bin. */
  deadCount: number;
}

export const LOG10_DENSITY_MIN = -8;

/**
 * `fireCounts[i]` = tokens feature i fired on (out of `tokens`). Live densities below 1e-8 go
 * in the first bin; densities above 1 (counts > tokens, a caller bug) clamp into the last.
 */
export function featureDensityHistogram(fireCounts: Float32Array | Float64Array, tokens: number, bins = 20): DensityHistogram {
  if (!(tokens > 0)) throw new RangeError(`feature density needs a positive token count (got ${tokens})`);
  if (!Number.isInteger(bins) || bins < 1)
    throw new RangeError(`feature density histogram needs a positive integer bin count (got ${bins})`);
  const width = -LOG10_DENSITY_MIN / bins; // decades per bin
  const edges = Array.from({ length: bins + 1 }, (_, j) => (j === bins ? 0 : LOG10_DENSITY_MIN + j * width));
  const counts = new Array<number>(bins).fill(0);
  let deadCount = 0;
  for (const fired of fireCounts) {
    if (!(fired > 0)) {
      deadCount++;
      continue;
    }
    const logDensity = Math.log10(fired / tokens);
    const j = Math.min(bins - 1, Math.max(0, Math.floor((logDensity - LOG10_DENSITY_MIN) / width)));
    counts[j] = (counts[j] ?? 0) + 1;
  }
  return { edges, counts, deadCount };
}
