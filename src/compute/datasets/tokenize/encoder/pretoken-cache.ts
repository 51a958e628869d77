/**
 * Pre-token → token ids, looked up by a slice of the text (start, end) so a hit allocates
 * nothing: an open-addressing table of FNV-1a hashes over UTF-16 units, keys compared unit by
 * unit. Bounded: at `maxEntries` pre-tokens or `maxIds` stored ids it starts over empty, so
 * memory stays flat (≈ 40 bytes per entry + 4 per id) whatever the corpus.
 */
export class PretokenCache {
  private readonly slots: Int32Array; // entry + 1 per slot, 0 = empty; size a power of two ≥ 2 × maxEntries
  private readonly mask: number;
  private keys: string[] = [];
  private readonly hashes: Int32Array;
  /** Entry e's ids are ids[idStart[e] .. idStart[e + 1]). */
  private readonly idStart: Int32Array;
  private ids: Int32Array;
  private idCount = 0;

  constructor(
    private readonly maxEntries: number,
    private readonly maxIds = maxEntries * 16,
  ) {
    let size = 16;
    while (size < 2 * maxEntries) size *= 2;
    this.slots = new Int32Array(size);
    this.mask = size - 1;
    this.hashes = new Int32Array(maxEntries);
    this.idStart = new Int32Array(maxEntries + 1);
    this.ids = new Int32Array(Math.min(maxIds, 1 << 16));
  }

  get size(): number {
    return this.keys.length;
  }

  static hash(text: string, start: number, end: number): number {
    let h = 0x811c9dc5;
    for (let i = start; i < end; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193);
    return h;
  }

  /** The entry holding text[start, end), or -1. */
  find(text: string, start: number, end: number, hash: number): number {
    const len = end - start;
    for (let slot = hash & this.mask; ; slot = (slot + 1) & this.mask) {
      const e = (this.slots[slot] as number) - 1;
      if (e < 0) return -1;
      if (this.hashes[e] !== hash) continue;
      const key = this.keys[e] as string;
      if (key.length !== len) continue;
      let i = 0;
      while (i < len && key.charCodeAt(i) === text.charCodeAt(start + i)) i++;
      if (i === len) return e;
    }
  }

  /** Appends entry `e`'s ids to `out`. */
  appendIds(e: number, out: number[]): void {
    const to = this.idStart[e + 1] as number;
    for (let i = this.idStart[e] as number; i < to; i++) out.push(this.ids[i] as number);
  }

  /** Stores `ids` for `key` (not present; `hash` = PretokenCache.hash of it), emptying the cache first when full. */
  add(key: string, hash: number, ids: readonly number[]): void {
    if (this.keys.length >= this.maxEntries || this.idCount + ids.length > this.maxIds) this.clear();
    if (ids.length > this.maxIds) return;
    while (this.idCount + ids.length > this.ids.length) {
      const grown = new Int32Array(Math.min(this.maxIds, this.ids.length * 2));
      grown.set(this.ids.subarray(0, this.idCount));
      this.ids = grown;
    }
    const e = this.keys.length;
    this.keys.push(key);
    this.hashes[e] = hash;
    this.idStart[e] = this.idCount;
    for (const id of ids) this.ids[this.idCount++] = id;
    this.idStart[e + 1] = this.idCount;
    let slot = hash & this.mask;
    while (this.slots[slot] !== 0) slot = (slot + 1) & this.mask;
    this.slots[slot] = e + 1;
  }

  clear(): void {
    this.slots.fill(0);
    this.keys = [];
    this.idCount = 0;
  }
}
