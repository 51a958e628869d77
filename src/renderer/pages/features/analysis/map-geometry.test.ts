import { describe, expect, it } from 'vitest';
import { boxPolygon, extendLasso, LASSO_STEP_PX, pointInPolygon, pointsInPolygon } from './map-geometry';

/** A small seeded generator (mulberry32) so the random shapes are the same on every run. */
class Rng {
  private s: number;
  constructor(seed: number) {
    this.s = seed >>> 0;
  }
  next(): number {
    let t = (this.s = (this.s + 0x6d2b79f5) >>> 0);
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }
}

/** Winding number by summed signed angles: an independent reference for simple polygons (inside ⇔ |w| = 1). */
function windingNumber(x: number, y: number, poly: number[]): number {
  let total = 0;
  const v = poly.length / 2;
  for (let a = 0; a < v; a++) {
    const b = (a + 1) % v;
    const a1 = Math.atan2(poly[2 * a + 1]! - y, poly[2 * a]! - x);
    const a2 = Math.atan2(poly[2 * b + 1]! - y, poly[2 * b]! - x);
    let d = a2 - a1;
    while (d > Math.PI) d -= 2 * Math.PI;
    while (d < -Math.PI) d += 2 * Math.PI;
    total += d;
  }
  return Math.round(total / (2 * Math.PI));
}

describe('feature map selection geometry', () => {
  it('square, concave U and fewer than three vertices', () => {
    const square = boxPolygon(0, 0, 10, 10);
    expect(pointInPolygon(5, 5, square)).toBe(true);
    expect(pointInPolygon(-1, 5, square)).toBe(false);
    expect(pointInPolygon(5, 11, square)).toBe(false);
    // A "U": the notch between the arms is outside although it is inside the bounding box.
    const u = [0, 0, 9, 0, 9, 9, 6, 9, 6, 3, 3, 3, 3, 9, 0, 9];
    expect(pointInPolygon(1.5, 6, u)).toBe(true);
    expect(pointInPolygon(7.5, 6, u)).toBe(true);
    expect(pointInPolygon(4.5, 6, u)).toBe(false);
    expect(pointInPolygon(4.5, 1.5, u)).toBe(true);
    // A ray through a vertex (y = 3 passes the notch's corners) still counts once.
    expect(pointInPolygon(1, 3, u)).toBe(true);
    expect(pointInPolygon(-1, 3, u)).toBe(false);
    expect(pointInPolygon(1, 1, [0, 0, 5, 5])).toBe(false);
  });

  it('a self-crossing lasso (bow tie) keeps both lobes; a doubly wound loop leaves its inner part out (even-odd)', () => {
    const bowTie = [0, 0, 10, 10, 10, 0, 0, 10];
    expect(pointInPolygon(2, 5, bowTie)).toBe(true);
    expect(pointInPolygon(8, 5, bowTie)).toBe(true);
    expect(pointInPolygon(5, 2, bowTie)).toBe(false);
    // Two turns around the origin: radius 10 then radius 5; the ring between is inside, the core is not.
    const twice: number[] = [];
    for (let k = 0; k < 64; k++) {
      const t = (2 * Math.PI * k) / 32;
      const r = k < 32 ? 10 : 5;
      twice.push(r * Math.cos(t), r * Math.sin(t));
    }
    expect(pointInPolygon(7.5, 0.3, twice)).toBe(true);
    expect(pointInPolygon(0.5, 0.5, twice)).toBe(false);
  });

  it('agrees with the winding number on random star-shaped lassos and random points', () => {
    const rng = new Rng(8);
    for (let trial = 0; trial < 20; trial++) {
      const poly: number[] = [];
      const v = 5 + Math.floor(rng.next() * 60);
      for (let k = 0; k < v; k++) {
        const t = (2 * Math.PI * k) / v;
        const r = 20 + 80 * rng.next();
        poly.push(200 + r * Math.cos(t), 200 + r * Math.sin(t));
      }
      for (let p = 0; p < 300; p++) {
        const x = 80 + 240 * rng.next();
        const y = 80 + 240 * rng.next();
        expect(pointInPolygon(x, y, poly)).toBe(Math.abs(windingNumber(x, y, poly)) === 1);
      }
    }
  });

  it('selects among 16,384 points exactly the ones inside, in index order', () => {
    const rng = new Rng(2);
    const n = 16_384;
    const xs = Float32Array.from({ length: n }, () => 820 * rng.next());
    const ys = Float32Array.from({ length: n }, () => 560 * rng.next());
    let lasso: number[] = [];
    for (let k = 0; k < 2000; k++) {
      const t = (2 * Math.PI * k) / 2000;
      lasso = extendLasso(lasso, 400 + (150 + 60 * Math.sin(5 * t)) * Math.cos(t), 280 + (150 + 60 * Math.sin(5 * t)) * Math.sin(t));
    }
    expect(lasso.length / 2).toBeLessThan(1000); // thinned: consecutive vertices ≥ LASSO_STEP_PX apart
    for (let k = 2; k < lasso.length; k += 2)
      expect(Math.hypot(lasso[k]! - lasso[k - 2]!, lasso[k + 1]! - lasso[k - 1]!)).toBeGreaterThanOrEqual(LASSO_STEP_PX);
    const t0 = performance.now();
    const inside = pointsInPolygon(xs, ys, lasso);
    const ms = performance.now() - t0;
    const want = Array.from({ length: n }, (_, i) => i).filter((i) => pointInPolygon(xs[i]!, ys[i]!, lasso));
    expect(inside).toEqual(want);
    expect(inside.length).toBeGreaterThan(1000);
    expect(inside.length).toBeLessThan(n / 2);
    console.info(
      `lasso of ${lasso.length / 2} vertices over ${n.toLocaleString('en-US')} points: ${inside.length} inside in ${ms.toFixed(1)} ms`,
    );
    expect(pointsInPolygon(xs, ys, boxPolygon(0, 0, 410, 560)).length).toBe(Array.from(xs).filter((x) => x <= 410).length);
  });
});
