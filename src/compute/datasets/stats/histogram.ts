export interface LengthHistogram {
  /** Bin edges in tokens, ascending; bin i holds lengths in [edges[i], edges[i+1]). */
  edges: number[];
  counts: number[];
}

/** Smallest 1·10^k, 2·10^k or 5·10^k that is ≥ x (x ≥ 1). */
export function niceWidth(x: number): number {
  let scale = 1;
  while (scale * 10 < x) scale *= 10;
  for (const m of [1, 2, 5, 10]) if (m * scale >= x) return m * scale;
  return 10 * scale;
}

/**
 * Histogram of sequence lengths with at most `maxBins` equal bins of a round width (1, 2, 5 ×
 * 10^k tokens), aligned to multiples of that width so charts read naturally. Built from exact
 * per-length counts, so memory is one entry per distinct length.
 */
export function lengthHistogram(lengthCounts: ReadonlyMap<number, number>, maxBins = 30): LengthHistogram {
  if (lengthCounts.size === 0) return { edges: [], counts: [] };
  let min = Infinity;
  let max = -Infinity;
  for (const len of lengthCounts.keys()) {
    min = Math.min(min, len);
    max = Math.max(max, len);
  }
  const width = niceWidth(Math.max(1, (max - min + 1) / maxBins));
  const start = Math.floor(min / width) * width;
  const bins = Math.floor((max - start) / width) + 1;
  const counts = new Array<number>(bins).fill(0);
  for (const [len, n] of lengthCounts) {
    const b = Math.floor((len - start) / width);
    counts[b] = (counts[b] ?? 0) + n;
  }
  const edges = Array.from({ length: bins + 1 }, (_, i) => start + i * width);
  return { edges, counts };
}

/** Median from per-length counts (mean of the two middle values when the count is even). */
export function medianFromCounts(lengthCounts: ReadonlyMap<number, number>): number {
  const total = [...lengthCounts.values()].reduce((s, n) => s + n, 0);
  if (total === 0) return 0;
  const lo = Math.floor((total - 1) / 2);
  const hi = Math.floor(total / 2);
  let seen = 0;
  let loValue: number | null = null;
  for (const len of [...lengthCounts.keys()].sort((a, b) => a - b)) {
    seen += lengthCounts.get(len) ?? 0;
    if (loValue === null && seen > lo) loValue = len;
    if (seen > hi) return ((loValue ?? len) + len) / 2;
  }
  return loValue ?? 0;
}
