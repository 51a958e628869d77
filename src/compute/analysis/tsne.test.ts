import { describe, expect, it } from 'vitest';
import { Rng } from '../sae/rng';
import { QuadTree } from './quadtree';
import { jointProbabilities, repulsion, type KnnGraph } from './tsne';

/**
 * The two pieces of Barnes–Hut t-SNE that make it scale (docs/analysis.md): the quadtree repulsion
 * against the direct O(n²) sums, and the sparse symmetric P against a dense construction.
 */
function points(n: number, seed: number): Float64Array {
  const rng = new Rng(seed);
  // Clumped, like a map mid-optimisation: a few tight clusters and some spread points, one duplicate.
  const y = Float64Array.from({ length: 2 * n }, (_, i) => (i < n ? 0.01 : 5) * (rng.next() - 0.5) + (Math.floor(i / 2) % 3) * 2);
  y[2] = y[0]!;
  y[3] = y[1]!;
  return y;
}

function directRepulsion(y: Float64Array, n: number): { grad: Float64Array; z: number } {
  const grad = new Float64Array(2 * n);
  let z = 0;
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < n; j++) {
      if (i === j) continue;
      const dx = y[2 * i]! - y[2 * j]!;
      const dy = y[2 * i + 1]! - y[2 * j + 1]!;
      const q = 1 / (1 + dx * dx + dy * dy);
      z += q;
      grad[2 * i] = grad[2 * i]! - q * q * dx;
      grad[2 * i + 1] = grad[2 * i + 1]! - q * q * dy;
    }
  }
  return { grad, z };
}

describe('Barnes–Hut t-SNE pieces', () => {
  const n = 300;
  const y = points(n, 3);
  const exact = directRepulsion(y, n);

  it('repulsion with θ = 0 equals the direct sums over all pairs; θ = 0.5 stays within a few per cent', () => {
    const tree = QuadTree.build(y, n);
    const grad = new Float64Array(2 * n);
    const z = repulsion(y, tree, 0, grad);
    expect(z).toBeCloseTo(exact.z, 6);
    for (let i = 0; i < 2 * n; i++) expect(grad[i]).toBeCloseTo(exact.grad[i]!, 9);
    // Rebuilt into the same tree (the per-iteration path) after the points move: still exact.
    const moved = Float64Array.from(y, (v, i) => v * 1.5 + (i % 7) * 0.01);
    const z2 = repulsion(moved, QuadTree.build(moved, n, tree), 0, grad);
    expect(z2).toBeCloseTo(directRepulsion(moved, n).z, 6);
    // The approximation: Z and the force vectors close to exact.
    const approx = new Float64Array(2 * n);
    const za = repulsion(y, QuadTree.build(y, n), 0.25, approx);
    expect(Math.abs(za - exact.z) / exact.z).toBeLessThan(0.02);
    let err = 0;
    let norm = 0;
    for (let i = 0; i < 2 * n; i++) {
      err += (approx[i]! - exact.grad[i]!) ** 2;
      norm += exact.grad[i]! ** 2;
    }
    expect(Math.sqrt(err / norm)).toBeLessThan(0.05);
  });

  it('P is symmetric, sorted, sums to 1 and equals (p_{j|i} + p_{i|j}) / 2n built densely', () => {
    const rng = new Rng(9);
    const m = 40;
    const k = 7;
    // A k-NN graph with some one-directional edges (j in i's list, i not in j's) and a missing slot.
    const indices = new Int32Array(m * k);
    const distancesSq = new Float64Array(m * k);
    for (let i = 0; i < m; i++) {
      for (let a = 0; a < k; a++) {
        indices[i * k + a] = (i + 1 + a * 3 + (i % 4)) % m;
        distancesSq[i * k + a] = 0.1 + a * 0.2 + 0.05 * rng.next();
      }
    }
    indices[5 * k + 6] = -1;
    const g: KnnGraph = { n: m, k, indices, distancesSq };
    const P = jointProbabilities(g, 2);
    const dense = new Float64Array(m * m);
    for (let i = 0; i < m; i++) for (let e = P.start[i]!; e < P.start[i + 1]!; e++) dense[i * m + P.cols[e]!] = P.p[e]!;
    let total = 0;
    for (let i = 0; i < m; i++) {
      for (let e = P.start[i]! + 1; e < P.start[i + 1]!; e++) expect(P.cols[e]).toBeGreaterThan(P.cols[e - 1]!); // sorted, no duplicates
      for (let j = 0; j < m; j++) {
        expect(dense[i * m + j]).toBeCloseTo(dense[j * m + i]!, 15);
        total += dense[i * m + j]!;
      }
    }
    expect(total).toBeCloseTo(1, 12);
    // Direct: each row's conditional p_{j|i} ∝ exp(−β d²) with β bisected (on a log scale) to perplexity 2, then (c + cᵀ) / 2m.
    const cond = new Float64Array(m * m);
    for (let i = 0; i < m; i++) {
      const listed = Array.from({ length: k }, (_, a) => a).filter((a) => indices[i * k + a]! >= 0);
      const row = (beta: number) => {
        const w = listed.map((a) => Math.exp(-beta * distancesSq[i * k + a]!));
        const sum = w.reduce((s, v) => s + v, 0);
        return w.map((v) => v / sum);
      };
      const perplexity = (beta: number) => Math.exp(-row(beta).reduce((s, q) => s + (q > 0 ? q * Math.log(q) : 0), 0));
      let lo = -20;
      let hi = 20;
      for (let it = 0; it < 200; it++) {
        const mid = (lo + hi) / 2;
        if (perplexity(Math.exp(mid)) > 2) lo = mid;
        else hi = mid;
      }
      row(Math.exp(lo)).forEach((q, t) => (cond[i * m + indices[i * k + listed[t]!]!] = q));
    }
    for (let i = 0; i < m; i++)
      for (let j = 0; j < m; j++) expect(dense[i * m + j]).toBeCloseTo((cond[i * m + j]! + cond[j * m + i]!) / (2 * m), 6);
  });
});
