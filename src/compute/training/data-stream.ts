import { promises as fs } from 'node:fs';
import path from 'node:path';
import { readActivationManifest } from '../activations/reader';
import type { ActivationManifest } from '../activations/manifest';
import { halvesToFloat32 } from '../onnx/graph/float16';
import { Rng } from '../sae/rng';

/** Position of the next row in the stream: row `row` of the shuffled order of shard `shard` in pass `epoch`. */
export interface DataCursor {
  shard: number;
  row: number;
  epoch: number;
}

/** Seed of the within-shard shuffle for (seed, epoch, shard): a pure function, so a cursor alone resumes the stream. */
export function shuffleSeed(seed: number, epoch: number, shard: number): number {
  let h = Math.imul(seed >>> 0, 0x9e3779b1) ^ Math.imul(epoch + 1, 0x85ebca6b) ^ Math.imul(shard + 1, 0xc2b2ae35);
  h = Math.imul(h ^ (h >>> 16), 0x7feb352d);
  return (h ^ (h >>> 15)) >>> 0;
}

/** A seeded Fisher–Yates permutation of 0..n−1. */
export function permutation(n: number, seed: number): Uint32Array {
  const p = Uint32Array.from({ length: n }, (_, i) => i);
  const rng = new Rng(seed);
  for (let i = n - 1; i > 0; i--) {
    const j = rng.int(i + 1);
    const t = p[i] ?? 0;
    p[i] = p[j] ?? 0;
    p[j] = t;
  }
  return p;
}

/**
 * Batches [batchSize, d_in] over an activation set's shards for one hook, in a deterministic
 * order: shards in order, rows shuffled within a shard (seeded per epoch and shard), looping
 * over epochs. One shard is held in memory at a time. `cursor` is what a checkpoint stores.
 */
export class ActivationStream {
  private loaded: { shard: number; epoch: number; rows: Float32Array; order: Uint32Array } | null = null;
  private pos: DataCursor;

  private constructor(
    private readonly dir: string,
    private readonly hook: string,
    private readonly manifest: ActivationManifest,
    private readonly seed: number,
    cursor: DataCursor,
  ) {
    this.pos = { ...cursor };
  }

  static async open(
    dir: string,
    hook: string,
    seed: number,
    cursor: DataCursor = { shard: 0, row: 0, epoch: 0 },
  ): Promise<ActivationStream> {
    const m = await readActivationManifest(dir);
    if (!m.hooks.includes(hook)) throw new Error(`activation set ${dir} has no ${hook} (it has ${m.hooks.join(', ')})`);
    if (m.totalRows <= 0 || m.shards.every((s) => s.rows === 0)) throw new Error(`activation set ${dir} has no rows`);
    if (cursor.shard < 0 || cursor.shard > m.shards.length)
      throw new Error(`data cursor shard ${cursor.shard} is outside ${dir} (${m.shards.length} shards)`);
    return new ActivationStream(dir, hook, m, seed, cursor);
  }

  get dIn(): number {
    return this.manifest.dModel;
  }

  get totalRows(): number {
    return this.manifest.totalRows;
  }

  get cursor(): DataCursor {
    return { ...this.pos };
  }

  async next(batchSize: number): Promise<Float32Array> {
    const d = this.manifest.dModel;
    const out = new Float32Array(batchSize * d);
    let filled = 0;
    while (filled < batchSize) {
      const shard = this.manifest.shards[this.pos.shard];
      if (!shard || this.pos.row >= shard.rows) {
        this.pos =
          this.pos.shard + 1 >= this.manifest.shards.length
            ? { shard: 0, row: 0, epoch: this.pos.epoch + 1 }
            : { shard: this.pos.shard + 1, row: 0, epoch: this.pos.epoch };
        continue;
      }
      const cur = await this.load(this.pos.shard, this.pos.epoch);
      const take = Math.min(batchSize - filled, shard.rows - this.pos.row);
      for (let i = 0; i < take; i++) {
        const r = cur.order[this.pos.row + i] ?? 0;
        out.set(cur.rows.subarray(r * d, (r + 1) * d), (filled + i) * d);
      }
      filled += take;
      this.pos = { ...this.pos, row: this.pos.row + take };
    }
    return out;
  }

  private async load(shard: number, epoch: number) {
    if (this.loaded && this.loaded.shard === shard) {
      if (this.loaded.epoch !== epoch)
        this.loaded = { ...this.loaded, epoch, order: permutation(this.loaded.order.length, shuffleSeed(this.seed, epoch, shard)) };
      return this.loaded;
    }
    const s = this.manifest.shards[shard];
    const file = s?.files[this.hook];
    if (!s || !file) throw new Error(`activation set ${this.dir}: shard ${shard} has no file for ${this.hook}`);
    const buf = await fs.readFile(path.join(this.dir, file));
    const bytes = new Uint8Array(buf.byteLength);
    bytes.set(buf);
    const rows = this.manifest.dtype === 'float32' ? new Float32Array(bytes.buffer) : halvesToFloat32(new Uint16Array(bytes.buffer));
    if (rows.length !== s.rows * this.manifest.dModel)
      throw new Error(`${file}: ${rows.length} values, manifest says ${s.rows}×${this.manifest.dModel}`);
    this.loaded = { shard, epoch, rows, order: permutation(s.rows, shuffleSeed(this.seed, epoch, shard)) };
    return this.loaded;
  }
}
