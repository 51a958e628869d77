/**
 * Byte-pair merging over token ids, with transformers.js' merge order (docs/datasets.md,
 * "Fast tokenization"): at every step the live adjacent pair with the lowest merge rank is
 * merged, the leftmost one on ties — what its priority queue with score = rank + position/length
 * pops. Working on ids instead of strings is exact because every symbol we ever hold is a
 * vocabulary entry (build refuses a merge whose result is not, see `BpeMerges.build`).
 */

export interface BpeModelJson {
  vocab: Record<string, number>;
  /** "a b" strings (split on the first two spaces, as transformers.js does) or [a, b] pairs. */
  merges: (string | [string, string])[];
}

/** Words up to this many symbols merge by rescanning (see mergeShort). */
const SHORT_WORD = 24;

export class BpeMerges {
  // Scratch per merge call, reused (grown to the longest word seen): typed-array allocation
  // would otherwise cost more than the merging of a short word.
  private ids = new Int32Array(64);
  private next = new Int32Array(64);
  private prev = new Int32Array(64);
  private readonly heap = new MinHeap();

  private constructor(
    /** pair key (left * stride + right) → merge index (its rank). */
    private readonly rankOf: Map<number, number>,
    /** merge index → id of the merged token. */
    private readonly mergedId: Int32Array,
    private readonly stride: number,
  ) {}

  /** Builds the merge table, or says why it cannot be expressed over vocabulary ids. */
  static build(model: BpeModelJson): BpeMerges | { unsupported: string } {
    const vocab = new Map(Object.entries(model.vocab));
    let stride = 1;
    for (const id of vocab.values()) if (id >= stride) stride = id + 1;
    const rankOf = new Map<number, number>();
    const mergedId = new Int32Array(model.merges.length);
    for (let i = 0; i < model.merges.length; i++) {
      const m = model.merges[i] as string | [string, string];
      const [a, b] = typeof m === 'string' ? m.split(' ', 2) : m;
      if (a === undefined || b === undefined) continue;
      const left = vocab.get(a);
      const right = vocab.get(b);
      // A merge of a non-vocabulary symbol can never fire: every symbol held is a vocab entry.
      if (left === undefined || right === undefined) continue;
      const merged = vocab.get(a + b);
      if (merged === undefined) return { unsupported: `merge "${a} ${b}" makes "${a + b}", which is not in the vocabulary` };
      // Later duplicates win, as in transformers.js' Map of ranks.
      rankOf.set(left * stride + right, i);
      mergedId[i] = merged;
    }
    return new BpeMerges(rankOf, mergedId, stride);
  }

  /** Merges `symbols` (vocabulary ids, one per character); returns the token ids. */
  merge(symbols: number[]): number[] {
    const n = symbols.length;
    if (n < 2) return symbols;
    return n <= SHORT_WORD ? this.mergeShort(symbols) : this.mergeLong(symbols);
  }

  /** Short words: rescan all pairs after each merge (no heap; cheaper below ~24 symbols). */
  private mergeShort(symbols: number[]): number[] {
    const sym = symbols;
    for (;;) {
      let best = -1;
      let at = -1;
      for (let i = 0; i + 1 < sym.length; i++) {
        const rank = this.rankOf.get((sym[i] as number) * this.stride + (sym[i + 1] as number));
        // Strictly lower rank only: the leftmost pair wins a tie.
        if (rank !== undefined && (best < 0 || rank < best)) {
          best = rank;
          at = i;
        }
      }
      if (at < 0) return sym;
      sym[at] = this.mergedId[best] as number;
      sym.splice(at + 1, 1);
    }
  }

  /** Long words: candidate pairs in a heap, stale ones skipped when popped. */
  private mergeLong(symbols: number[]): number[] {
    const n = symbols.length;
    if (n > this.ids.length) {
      this.ids = new Int32Array(n);
      this.next = new Int32Array(n);
      this.prev = new Int32Array(n);
    }
    const { ids, next, prev, heap } = this;
    heap.size = 0;
    for (let i = 0; i < n; i++) {
      ids[i] = symbols[i] as number;
      next[i] = i + 1 < n ? i + 1 : -1;
      prev[i] = i - 1;
    }
    // Candidates keyed rank * n + left position: smallest rank first, then leftmost.
    const consider = (left: number): void => {
      const right = next[left] as number;
      if (left < 0 || right < 0) return;
      const rank = this.rankOf.get((ids[left] as number) * this.stride + (ids[right] as number));
      if (rank !== undefined) heap.push(rank * n + left);
    };
    for (let i = 0; i + 1 < n; i++) consider(i);
    while (heap.size > 0) {
      const key = heap.pop();
      const left = key % n;
      const rank = (key - left) / n;
      const right = next[left] as number;
      // Stale entry: this symbol was merged away, or its pair changed since it was queued.
      if (ids[left] === -1 || right < 0) continue;
      if (this.rankOf.get((ids[left] as number) * this.stride + (ids[right] as number)) !== rank) continue;
      ids[left] = this.mergedId[rank] as number;
      ids[right] = -1;
      const after = next[right] as number;
      next[left] = after;
      if (after >= 0) prev[after] = left;
      consider(prev[left] as number);
      consider(left);
    }
    const out: number[] = [];
    for (let i = 0; i >= 0; i = next[i] as number) out.push(ids[i] as number);
    return out;
  }
}

/** Binary min-heap of float64 keys (exact integers below 2^53). */
class MinHeap {
  private keys = new Float64Array(64);
  size = 0;

  push(key: number): void {
    if (this.size === this.keys.length) {
      const grown = new Float64Array(this.keys.length * 2);
      grown.set(this.keys);
      this.keys = grown;
    }
    const k = this.keys;
    let i = this.size++;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if ((k[parent] as number) <= key) break;
      k[i] = k[parent] as number;
      i = parent;
    }
    k[i] = key;
  }

  pop(): number {
    const k = this.keys;
    const top = k[0] as number;
    const last = k[--this.size] as number;
    let i = 0;
    for (;;) {
      const l = 2 * i + 1;
      if (l >= this.size) break;
      const r = l + 1;
      const c = r < this.size && (k[r] as number) < (k[l] as number) ? r : l;
      if ((k[c] as number) >= last) break;
      k[i] = k[c] as number;
      i = c;
    }
    k[i] = last;
    return top;
  }
}
