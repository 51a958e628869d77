/**
 * A 2-D Barnes–Hut quadtree over points y [n, 2], rebuilt every t-SNE iteration (docs/analysis.md,
 * t-SNE): each node keeps its centre of mass, point count and side length, so far-away groups of
 * points act as one mass at their centre.
 *
 * Layout: one Float64Array, NODE values per node — [comX, comY, side², count, first child (−1 for
 * a leaf), point (a one-point leaf: its point; a leaf of several points, which only the depth
 * limit makes — points closer than side / 2⁴⁰ — : −1 − the offset of its points in `order`)] — so a traversal reads one cache
 * line per node, not six arrays. The four children of a node are consecutive. `order` lists the
 * points leaf by leaf (a space-filling order): walking the points in it keeps consecutive
 * traversals in cache. Rebuilding into the previous tree reuses its arrays.
 */
export const NODE = 6;
export const COM_X = 0;
export const COM_Y = 1;
export const SIDE_SQ = 2;
export const COUNT = 3;
export const CHILD = 4;
export const POINT = 5;

export class QuadTree {
  data: Float64Array;
  /** Point ids in leaf order, [n]. */
  readonly order: Int32Array;
  private readonly scratch: Int32Array;
  nodes = 0;

  private constructor(n: number) {
    this.data = new Float64Array(NODE * Math.max(16, 2 * n));
    this.order = new Int32Array(n);
    this.scratch = new Int32Array(n);
  }

  static build(y: Float64Array, n: number, reuse?: QuadTree): QuadTree {
    const t = reuse && reuse.order.length === n ? reuse : new QuadTree(n);
    let minX = Infinity;
    let minY = Infinity;
    let maxX = -Infinity;
    let maxY = -Infinity;
    for (let i = 0; i < n; i++) {
      const a = y[2 * i]!;
      const b = y[2 * i + 1]!;
      if (a < minX) minX = a;
      if (a > maxX) maxX = a;
      if (b < minY) minY = b;
      if (b > maxY) maxY = b;
    }
    const side = Math.max(maxX - minX, maxY - minY, 1e-12) * (1 + 1e-9);
    for (let i = 0; i < n; i++) t.order[i] = i;
    t.nodes = 1;
    t.split(0, y, 0, n, minX, minY, side, 0);
    return t;
  }

  /** Close points split many levels deep: double the node array when it runs out. */
  private ensure(nodes: number): void {
    if (nodes * NODE <= this.data.length) return;
    const grown = new Float64Array(Math.max(2 * this.data.length, nodes * NODE));
    grown.set(this.data);
    this.data = grown;
  }

  private empty(id: number): void {
    const o = id * NODE;
    this.data[o + COUNT] = 0;
    this.data[o + CHILD] = -1;
    this.data[o + POINT] = -1;
  }

  /** Fills node `id` with order[from … to) inside the square [x0, x0 + side) × [y0, y0 + side); children get fresh ids. */
  private split(id: number, y: Float64Array, from: number, to: number, x0: number, y0: number, side: number, depth: number): void {
    const idx = this.order;
    let sx = 0;
    let sy = 0;
    for (let k = from; k < to; k++) {
      sx += y[2 * idx[k]!]!;
      sy += y[2 * idx[k]! + 1]!;
    }
    const c = to - from;
    const d = this.data;
    const o = id * NODE;
    d[o + COM_X] = sx / c;
    d[o + COM_Y] = sy / c;
    d[o + SIDE_SQ] = side * side;
    d[o + COUNT] = c;
    d[o + CHILD] = -1;
    d[o + POINT] = c === 1 ? idx[from]! : -1 - from;
    if (c === 1 || depth >= 40) return;
    // Partition into the four quadrants (counting sort by quadrant through the scratch buffer).
    const half = side / 2;
    const mx = x0 + half;
    const my = y0 + half;
    let c0 = 0;
    let c1 = 0;
    let c2 = 0;
    for (let k = from; k < to; k++) {
      const p = idx[k]!;
      const q = (y[2 * p]! >= mx ? 1 : 0) + (y[2 * p + 1]! >= my ? 2 : 0);
      if (q === 0) c0++;
      else if (q === 1) c1++;
      else if (q === 2) c2++;
    }
    const e0 = from + c0;
    const e1 = e0 + c1;
    const e2 = e1 + c2;
    let a0 = from;
    let a1 = e0;
    let a2 = e1;
    let a3 = e2;
    const s = this.scratch;
    for (let k = from; k < to; k++) {
      const p = idx[k]!;
      const q = (y[2 * p]! >= mx ? 1 : 0) + (y[2 * p + 1]! >= my ? 2 : 0);
      if (q === 0) s[a0++] = p;
      else if (q === 1) s[a1++] = p;
      else if (q === 2) s[a2++] = p;
      else s[a3++] = p;
    }
    for (let k = from; k < to; k++) idx[k] = s[k]!;
    const first = this.nodes;
    this.nodes += 4;
    this.ensure(this.nodes);
    this.data[o + CHILD] = first; // (after ensure: it may have replaced the array)
    this.data[o + POINT] = -1; // an inner node: `point` is not read
    this.child(first, y, from, e0, x0, y0, half, depth);
    this.child(first + 1, y, e0, e1, mx, y0, half, depth);
    this.child(first + 2, y, e1, e2, x0, my, half, depth);
    this.child(first + 3, y, e2, to, mx, my, half, depth);
  }

  /** Whether point i is one of a several-point leaf's points (node offset `at` into `data`). */
  holds(at: number, i: number): boolean {
    const from = -1 - this.data[at + POINT]!;
    const c = this.data[at + COUNT]!;
    for (let k = from; k < from + c; k++) if (this.order[k] === i) return true;
    return false;
  }

  private child(id: number, y: Float64Array, from: number, to: number, x0: number, y0: number, side: number, depth: number): void {
    if (to > from) this.split(id, y, from, to, x0, y0, side, depth + 1);
    else this.empty(id);
  }
}
