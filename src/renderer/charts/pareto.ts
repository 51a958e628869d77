/**
 * Pareto frontier of a sweep's runs (docs/training.md, "Sweeps in the app"): L0 is always to be minimised
 * (fewer active features per token), the other figure maximised (explained variance) or
 * minimised (ΔCE, nats the SAE adds). A run is on the frontier when no other run is at least as
 * good on both figures and strictly better on one.
 */
export type Goal = 'max' | 'min';

export interface XY {
  x: number;
  y: number;
}

/**
 * The non-dominated items for "min x, `yGoal` y", sorted by x ascending (ties: best y first).
 * Items whose x or y is null or not finite (not measured yet) take no part. Items with the very
 * same (x, y) do not dominate each other: all of them are kept.
 */
export function paretoFrontier<T>(items: readonly T[], at: (item: T) => { x: number | null; y: number | null }, yGoal: Goal): T[] {
  const better = (a: number, b: number) => (yGoal === 'max' ? a > b : a < b);
  const measured = items
    .map((item) => ({ item, ...at(item) }))
    .filter((p): p is { item: T; x: number; y: number } => p.x !== null && p.y !== null && Number.isFinite(p.x) && Number.isFinite(p.y))
    .sort((a, b) => a.x - b.x || (better(a.y, b.y) ? -1 : better(b.y, a.y) ? 1 : 0));
  const out: T[] = [];
  let best: XY | null = null;
  for (const p of measured) {
    // Sorted by x: every earlier point has x ≤ p.x, so p survives only with a strictly better y,
    // or as an exact twin of the point that set the best y so far.
    if (best === null || better(p.y, best.y) || (p.y === best.y && p.x === best.x)) {
      out.push(p.item);
      best = { x: p.x, y: p.y };
    }
  }
  return out;
}

/**
 * Vertices of the frontier as a step line ("step after"): from each frontier point the best
 * figure reachable stays flat until the next point's L0, then jumps to it. Input sorted by x.
 */
export function frontierSteps(frontier: readonly XY[]): XY[] {
  const out: XY[] = [];
  frontier.forEach((p, i) => {
    const prev = frontier[i - 1];
    if (prev && prev.x !== p.x) out.push({ x: p.x, y: prev.y });
    out.push({ x: p.x, y: p.y });
  });
  return out;
}
