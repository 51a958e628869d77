import { Rng } from '../sae/rng';
import { CHILD, COM_X, COM_Y, COUNT, NODE, POINT, QuadTree, SIDE_SQ } from './quadtree';

/**
 * Barnes–Hut t-SNE (van der Maaten 2014; docs/analysis.md) on a precomputed k-nearest-neighbour
 * graph: input similarities p_{j|i} ∝ exp(−β_i d²_ij) over each point's k neighbours with β_i
 * found by bisection so the perplexity is `perplexity`, symmetrised P = (p_{j|i} + p_{i|j}) / 2n;
 * output similarities Student-t q_ij ∝ (1 + ‖y_i − y_j‖²)⁻¹. Gradient
 *   ∂C/∂y_i = 4 [ Σ_j E·P_ij q̃_ij (y_i − y_j) − Σ_j q̃_ij² (y_i − y_j) / Z ],  q̃ = (1 + d²)⁻¹, Z = Σ q̃,
 * the attractive part over P's edges, the repulsive part by the quadtree with opening angle θ.
 * Optimiser as scikit-learn: early exaggeration E = 12 for 250 iterations, momentum 0.5 → 0.8,
 * per-parameter gains, learning rate max(n / E / 4, 50). Seeded Gaussian start: same seed ⇒ same map.
 */
export interface TsneOptions {
  perplexity?: number;
  iterations?: number;
  theta?: number;
  seed?: number;
  /** Called every 10 iterations; awaiting it is where cancel takes effect. */
  onIteration?: (iteration: number, total: number) => Promise<void>;
}

export interface KnnGraph {
  n: number;
  k: number;
  /** [n, k] neighbour ids (−1 = none) and squared distances. */
  indices: Int32Array;
  distancesSq: Float64Array;
}

/** Sparse symmetric P in CSR form. */
export function jointProbabilities(g: KnnGraph, perplexity: number): { start: Int32Array; cols: Int32Array; p: Float64Array } {
  const { n, k } = g;
  const cond = new Float64Array(n * k);
  const target = Math.log(perplexity);
  for (let i = 0; i < n; i++) {
    let lo = 0;
    let hi = Infinity;
    let beta = 1;
    const off = i * k;
    let minD = Infinity;
    for (let a = 0; a < k; a++) if (g.indices[off + a]! >= 0) minD = Math.min(minD, g.distancesSq[off + a]!);
    for (let iter = 0; iter < 100; iter++) {
      let sum = 0;
      let sumDP = 0;
      for (let a = 0; a < k; a++) {
        if (g.indices[off + a]! < 0) continue;
        const d = g.distancesSq[off + a]! - minD; // shift for stability; cancels in the normalisation
        const w = Math.exp(-beta * d);
        cond[off + a] = w;
        sum += w;
        sumDP += w * d;
      }
      const h = Math.log(sum) + (beta * sumDP) / sum; // entropy in nats
      if (Math.abs(h - target) < 1e-5) break;
      if (h > target) {
        lo = beta;
        beta = hi === Infinity ? beta * 2 : (beta + hi) / 2;
      } else {
        hi = beta;
        beta = (beta + lo) / 2;
      }
    }
    let sum = 0;
    for (let a = 0; a < k; a++) sum += g.indices[off + a]! >= 0 ? cond[off + a]! : 0;
    for (let a = 0; a < k; a++) cond[off + a] = g.indices[off + a]! >= 0 && sum > 0 ? cond[off + a]! / sum : 0;
  }
  return symmetrise(g, cond);
}

/**
 * P_ij = (p_{j|i} + p_{i|j}) / 2n over the union of both directions' k-NN edges, as CSR rows with
 * ascending columns: O(n·k) (each row's ≤ 2k entries merged through a dense accumulator).
 */
function symmetrise(g: KnnGraph, cond: Float64Array): { start: Int32Array; cols: Int32Array; p: Float64Array } {
  const { n, k } = g;
  // Directed edges of both directions, bucketed by source row.
  const deg = new Int32Array(n + 1);
  for (let i = 0; i < n; i++) {
    for (let a = 0; a < k; a++) {
      const j = g.indices[i * k + a]!;
      if (j < 0 || j === i) continue;
      deg[i + 1]!++;
      deg[j + 1]!++;
    }
  }
  for (let i = 0; i < n; i++) deg[i + 1] = deg[i + 1]! + deg[i]!;
  const fill = deg.slice(0, n);
  const dirCol = new Int32Array(deg[n]!);
  const dirVal = new Float64Array(deg[n]!);
  for (let i = 0; i < n; i++) {
    for (let a = 0; a < k; a++) {
      const j = g.indices[i * k + a]!;
      if (j < 0 || j === i) continue;
      const v = cond[i * k + a]! / (2 * n);
      dirCol[fill[i]!] = j;
      dirVal[fill[i]!++] = v;
      dirCol[fill[j]!] = i;
      dirVal[fill[j]!++] = v;
    }
  }
  // Merge duplicates per row (an edge found from both ends) and sort the columns.
  const acc = new Float64Array(n);
  const seen = new Uint8Array(n);
  const start = new Int32Array(n + 1);
  const cols = new Int32Array(deg[n]!);
  const p = new Float64Array(deg[n]!);
  let e = 0;
  for (let i = 0; i < n; i++) {
    const rowStart = e;
    for (let t = deg[i]!; t < deg[i + 1]!; t++) {
      const j = dirCol[t]!;
      if (!seen[j]) {
        seen[j] = 1;
        cols[e++] = j;
      }
      acc[j] = acc[j]! + dirVal[t]!;
    }
    cols.subarray(rowStart, e).sort();
    for (let t = rowStart; t < e; t++) {
      const j = cols[t]!;
      p[t] = acc[j]!;
      acc[j] = 0;
      seen[j] = 0;
    }
    start[i + 1] = e;
  }
  return { start, cols: cols.slice(0, e), p: p.slice(0, e) };
}

export async function tsne(g: KnnGraph, o: TsneOptions = {}): Promise<Float64Array> {
  const n = g.n;
  const iterations = o.iterations ?? 1000;
  const theta = o.theta ?? 0.5;
  const P = jointProbabilities(g, Math.min(o.perplexity ?? 30, (g.k - 1) / 3 || 1));
  const rng = new Rng(o.seed ?? 0);
  const gauss = () => Math.sqrt(-2 * Math.log(1 - rng.next())) * Math.cos(2 * Math.PI * rng.next());
  const y = Float64Array.from({ length: 2 * n }, () => 1e-4 * gauss());
  const update = new Float64Array(2 * n);
  const gains = new Float64Array(2 * n).fill(1);
  const grad = new Float64Array(2 * n);
  const exaggeration = 12;
  const lr = Math.max(n / exaggeration / 4, 50);
  let tree: QuadTree | undefined;
  for (let it = 0; it < iterations; it++) {
    const early = it < 250;
    const ex = early ? exaggeration : 1;
    const momentum = early ? 0.5 : 0.8;
    tree = QuadTree.build(y, n, tree);
    const z = repulsion(y, tree, theta * theta, grad);
    for (let i = 0; i < 2 * n; i++) grad[i] = grad[i]! / z;
    // Attraction over P's edges.
    for (let i = 0; i < n; i++) {
      for (let e = P.start[i]!; e < P.start[i + 1]!; e++) {
        const j = P.cols[e]!;
        const dx = y[2 * i]! - y[2 * j]!;
        const dy = y[2 * i + 1]! - y[2 * j + 1]!;
        const w = (ex * P.p[e]!) / (1 + dx * dx + dy * dy);
        grad[2 * i] = grad[2 * i]! + w * dx;
        grad[2 * i + 1] = grad[2 * i + 1]! + w * dy;
      }
    }
    let mx = 0;
    let my = 0;
    for (let i = 0; i < 2 * n; i++) {
      const gi = 4 * grad[i]!;
      gains[i] = Math.max(0.01, Math.sign(gi) !== Math.sign(update[i]!) ? gains[i]! + 0.2 : gains[i]! * 0.8);
      update[i] = momentum * update[i]! - lr * gains[i]! * gi;
      y[i] = y[i]! + update[i]!;
      if (i % 2 === 0) mx += y[i]!;
      else my += y[i]!;
    }
    for (let i = 0; i < n; i++) {
      y[2 * i] = y[2 * i]! - mx / n;
      y[2 * i + 1] = y[2 * i + 1]! - my / n;
    }
    if (o.onIteration && (it % 10 === 9 || it === iterations - 1)) await o.onIteration(it + 1, iterations);
  }
  return y;
}

/**
 * Repulsive forces by Barnes–Hut: grad_i = −Σ_j q̃_ij² (y_i − y_j) (unnormalised) for every i, and
 * Z = Σ_{i≠j} q̃_ij, where a cell of side s at squared distance d² from y_i with s² < θ² d² counts as
 * its points at their centre of mass. Points are walked in the tree's leaf order (cache locality).
 */
export function repulsion(y: Float64Array, tree: QuadTree, theta2: number, grad: Float64Array): number {
  const { data, order } = tree;
  const n = order.length;
  const stack = new Int32Array(4 * 64 + 4); // depth ≤ 40 (split limit), ≤ 3 siblings waiting per level
  let z = 0;
  for (let o = 0; o < n; o++) {
    const i = order[o]!;
    const yi0 = y[2 * i]!;
    const yi1 = y[2 * i + 1]!;
    let fx = 0;
    let fy = 0;
    let top = 0;
    stack[top++] = 0;
    while (top > 0) {
      const at = stack[--top]! * NODE;
      let c = data[at + COUNT]!;
      if (c === 0) continue;
      const first = data[at + CHILD]!;
      if (first < 0) {
        // A leaf: itself is no neighbour (one-point leaf), or one point fewer (a leaf of coincident points).
        const pt = data[at + POINT]!;
        if (pt === i) continue;
        if (pt < 0 && tree.holds(at, i) && --c === 0) continue;
      }
      const dx = yi0 - data[at + COM_X]!;
      const dy = yi1 - data[at + COM_Y]!;
      const d2 = dx * dx + dy * dy;
      if (first < 0 || data[at + SIDE_SQ]! < theta2 * d2) {
        const q = 1 / (1 + d2);
        const cq = c * q;
        z += cq;
        fx += cq * q * dx;
        fy += cq * q * dy;
      } else {
        stack[top++] = first;
        stack[top++] = first + 1;
        stack[top++] = first + 2;
        stack[top++] = first + 3;
      }
    }
    grad[2 * i] = -fx;
    grad[2 * i + 1] = -fy;
  }
  return z;
}
