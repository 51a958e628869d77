/**
 * Tick values and labels for the charts: a log axis gets one tick per decade (or 1-2-5 steps
 * within a decade when the range is narrow), thinned to `max`, so labels never pile up.
 */
export function logTicks(lo: number, hi: number, max = 5): number[] {
  if (!(lo > 0) || !(hi > 0)) return [];
  const a = Math.floor(Math.log10(lo));
  const b = Math.ceil(Math.log10(hi));
  let ticks: number[] = [];
  if (Math.log10(hi / lo) >= 1.5) {
    for (let e = a; e <= b; e++) ticks.push(10 ** e);
  } else {
    for (let e = a; e <= b; e++) for (const m of [1, 2, 5]) ticks.push(m * 10 ** e);
  }
  ticks = ticks.filter((t) => t >= lo * 0.999 && t <= hi * 1.001);
  if (ticks.length === 0) return [lo, hi];
  const every = Math.ceil(ticks.length / max);
  return ticks.filter((_, i) => i % every === 0);
}

/** A short axis or readout label: 0.0123 → 0.0123, 12345 → 1.2e4, 3e-5 → 3e-5. */
export function formatTick(v: number): string {
  const a = Math.abs(v);
  if (a === 0) return '0';
  if (a >= 1e4 || a < 1e-2) return v.toExponential(1).replace('.0e', 'e').replace('e+', 'e');
  return Number(v.toPrecision(3)).toString();
}

/** A readout value: 4 significant digits, exponent form for very small or large values. */
export function formatReadout(v: number): string {
  const a = Math.abs(v);
  if (a === 0) return '0';
  if (a >= 1e5 || a < 1e-3) return v.toExponential(3).replace('e+', 'e');
  return Number(v.toPrecision(4)).toString();
}

/** Index of the point whose x is nearest to `x` in an x-ascending list (binary search). */
export function nearestIndex(points: readonly (readonly [number, number])[], x: number): number {
  let lo = 0;
  let hi = points.length - 1;
  if (hi < 0) return -1;
  while (hi - lo > 1) {
    const mid = (lo + hi) >> 1;
    if (points[mid]![0] < x) lo = mid;
    else hi = mid;
  }
  return Math.abs(points[lo]![0] - x) <= Math.abs(points[hi]![0] - x) ? lo : hi;
}

/** 1-2-5 ticks across the range when at most `max` of them fit (a scatter's L0 axis), else `logTicks`. */
export function logTicks125(lo: number, hi: number, max = 8): number[] {
  if (!(lo > 0) || !(hi > lo)) return logTicks(lo, hi, max);
  const ticks: number[] = [];
  for (let e = Math.floor(Math.log10(lo)); e <= Math.ceil(Math.log10(hi)); e++)
    for (const m of [1, 2, 5]) {
      const t = Number((m * 10 ** e).toPrecision(12));
      if (t >= lo * 0.999 && t <= hi * 1.001) ticks.push(t);
    }
  return ticks.length >= 2 && ticks.length <= max ? ticks : logTicks(lo, hi, max);
}
