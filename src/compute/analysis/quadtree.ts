/**
 * A 2-D Barnes–Hut quadtree over points y [n, 2] (flat arrays, rebuilt every t-SNE iteration):
 * each node keeps its centre of mass, point count and side length, so far-away groups of points
 * act as one mass at their centre (docs/analysis.md, t-SNE).
 */
export class QuadTree {
  comX: Float64Array;
  comY: Float64Array;
  count: Int32Array;
  size: Float64Array;
  /** First of four consecutive children, −1 for a leaf. */
  child: Int32Array;
  /** The point of a one-point leaf (−1 otherwise). */
  point: Int32Array;
  nodes = 0;

  constructor(private capacity: number) {
    this.comX = new Float64Array(capacity);
    this.comY = new Float64Array(capacity);
    this.count = new Int32Array(capacity);
    this.size = new Float64Array(capacity);
    this.child = new Int32Array(capacity);
    this.point = new Int32Array(capacity);
  }

  /** Close points split many levels deep: double the node arrays when they run out. */
  private grow(): void {
    const cap = this.capacity * 2;
    const f64 = (a: Float64Array) => copy(a, new Float64Array(cap));
    const i32 = (a: Int32Array) => copy(a, new Int32Array(cap));
    this.comX = f64(this.comX);
    this.comY = f64(this.comY);
    this.size = f64(this.size);
    this.count = i32(this.count);
    this.child = i32(this.child);
    this.point = i32(this.point);
    this.capacity = cap;
  }

  static build(y: Float64Array, n: number): QuadTree {
    const t = new QuadTree(Math.max(16, 8 * n));
    let minX = Infinity;
    let minY = Infinity;
    let maxX = -Infinity;
    let maxY = -Infinity;
    for (let i = 0; i < n; i++) {
      minX = Math.min(minX, y[2 * i]!);
      maxX = Math.max(maxX, y[2 * i]!);
      minY = Math.min(minY, y[2 * i + 1]!);
      maxY = Math.max(maxY, y[2 * i + 1]!);
    }
    const side = Math.max(maxX - minX, maxY - minY, 1e-12) * (1 + 1e-9);
    const idx = Int32Array.from({ length: n }, (_, i) => i);
    t.nodes = 1;
    t.split(0, y, idx, 0, n, minX, minY, side, 0);
    return t;
  }

  /** Fills node `id` with idx[from … to) inside the square [x0, x0 + side) × [y0, y0 + side); children get fresh ids. */
  private split(id: number, y: Float64Array, idx: Int32Array, from: number, to: number, x0: number, y0: number, side: number, depth: number): void {
    let sx = 0;
    let sy = 0;
    for (let k = from; k < to; k++) {
      sx += y[2 * idx[k]!]!;
      sy += y[2 * idx[k]! + 1]!;
    }
    const c = to - from;
    this.comX[id] = sx / c;
    this.comY[id] = sy / c;
    this.count[id] = c;
    this.size[id] = side;
    this.point[id] = c === 1 ? idx[from]! : -1;
    this.child[id] = -1;
    if (c === 1 || depth >= 40) return;
    // Partition into the four quadrants in place (counting sort by quadrant).
    const half = side / 2;
    const quad = (p: number) => (y[2 * p]! >= x0 + half ? 1 : 0) + (y[2 * p + 1]! >= y0 + half ? 2 : 0);
    const counts = [0, 0, 0, 0];
    for (let k = from; k < to; k++) counts[quad(idx[k]!)]!++;
    const sorted = new Int32Array(c);
    const at = [0, counts[0]!, counts[0]! + counts[1]!, counts[0]! + counts[1]! + counts[2]!];
    for (let k = from; k < to; k++) sorted[at[quad(idx[k]!)]!++] = idx[k]!;
    idx.set(sorted, from);
    // Four consecutive child ids; empty quadrants get count 0.
    const first = this.nodes;
    this.nodes += 4;
    if (this.nodes > this.capacity) this.grow();
    this.child[id] = first;
    let start = from;
    for (let q = 0; q < 4; q++) {
      const end = start + counts[q]!;
      const cx = x0 + (q & 1 ? half : 0);
      const cy = y0 + (q & 2 ? half : 0);
      if (end > start) this.split(first + q, y, idx, start, end, cx, cy, half, depth + 1);
      else {
        this.count[first + q] = 0;
        this.child[first + q] = -1;
        this.point[first + q] = -1;
      }
      start = end;
    }
  }
}

function copy<T extends Float64Array | Int32Array>(from: T, to: T): T {
  to.set(from);
  return to;
}
