/**
 * Selection geometry of the feature map, in screen pixels. A polygon is flat [x0, y0, x1, y1, …]
 * (closed implicitly: the last vertex joins the first). The lasso is a free-form polygon; the box
 * is a four-vertex one, so both select through the same test.
 */

/**
 * Even-odd rule (ray casting to +x): a point is inside when a horizontal ray from it crosses the
 * boundary an odd number of times. Self-crossing lassos therefore leave their doubly-wound parts
 * out, as drawing programs do. Each edge counts as half-open in y ([y_a, y_b)), so a ray through a
 * vertex is counted once. Fewer than three vertices enclose nothing.
 */
export function pointInPolygon(x: number, y: number, poly: ArrayLike<number>): boolean {
  const v = poly.length >> 1;
  if (v < 3) return false;
  let inside = false;
  for (let a = 0, b = v - 1; a < v; b = a++) {
    const ax = poly[2 * a]!;
    const ay = poly[2 * a + 1]!;
    const bx = poly[2 * b]!;
    const by = poly[2 * b + 1]!;
    if (ay > y !== by > y && x < ax + ((y - ay) * (bx - ax)) / (by - ay)) inside = !inside;
  }
  return inside;
}

/**
 * Indices of the points (xs[i], ys[i]) inside the polygon (same rule as pointInPolygon), ascending.
 * The polygon's edges are bucketed by the horizontal bands they span, so a point tests only the few
 * edges of its band: O(n + edges · span), not O(n · edges) — a 500-vertex lasso over 16,384 points
 * stays well inside one frame.
 */
export function pointsInPolygon(xs: ArrayLike<number>, ys: ArrayLike<number>, poly: ArrayLike<number>): number[] {
  const v = poly.length >> 1;
  if (v < 3) return [];
  let x0 = Infinity;
  let y0 = Infinity;
  let x1 = -Infinity;
  let y1 = -Infinity;
  for (let k = 0; k < 2 * v; k += 2) {
    x0 = Math.min(x0, poly[k]!);
    x1 = Math.max(x1, poly[k]!);
    y0 = Math.min(y0, poly[k + 1]!);
    y1 = Math.max(y1, poly[k + 1]!);
  }
  const bands = Math.max(1, Math.min(1024, v));
  const h = (y1 - y0) / bands || 1;
  const band = (y: number) => Math.min(bands - 1, Math.max(0, Math.floor((y - y0) / h)));
  const edges: number[][] = Array.from({ length: bands }, () => []);
  for (let a = 0, b = v - 1; a < v; b = a++) {
    const lo = Math.min(poly[2 * a + 1]!, poly[2 * b + 1]!);
    const hi = Math.max(poly[2 * a + 1]!, poly[2 * b + 1]!);
    for (let t = band(lo); t <= band(hi); t++) edges[t]!.push(a, b);
  }
  const out: number[] = [];
  for (let i = 0; i < xs.length; i++) {
    const x = xs[i]!;
    const y = ys[i]!;
    if (x < x0 || x > x1 || y < y0 || y > y1) continue;
    const list = edges[band(y)]!;
    let inside = false;
    for (let e = 0; e < list.length; e += 2) {
      const a = list[e]!;
      const b = list[e + 1]!;
      const ax = poly[2 * a]!;
      const ay = poly[2 * a + 1]!;
      const bx = poly[2 * b]!;
      const by = poly[2 * b + 1]!;
      if (ay > y !== by > y && x < ax + ((y - ay) * (bx - ax)) / (by - ay)) inside = !inside;
    }
    if (inside) out.push(i);
  }
  return out;
}

/** The box dragged from (x0, y0) to (x1, y1), as a polygon. */
export function boxPolygon(x0: number, y0: number, x1: number, y1: number): number[] {
  return [x0, y0, x1, y0, x1, y1, x0, y1];
}

/** Lasso vertices are added only once the pointer has moved this far (px): a long drag stays a few hundred vertices. */
export const LASSO_STEP_PX = 3;

/** Appends (x, y) to the lasso unless it is within LASSO_STEP_PX of the last vertex; returns the same array when unchanged. */
export function extendLasso(poly: number[], x: number, y: number): number[] {
  const n = poly.length;
  if (n >= 2 && (poly[n - 2]! - x) ** 2 + (poly[n - 1]! - y) ** 2 < LASSO_STEP_PX ** 2) return poly;
  return [...poly, x, y];
}
