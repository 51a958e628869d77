import { promises as fs, type PathLike } from 'node:fs';
import path from 'node:path';
import { floatToHalf } from '../onnx/graph/float16';
import { hookFileName, refsFileName, type ActivationShard } from './manifest';

type Handle = Awaited<ReturnType<typeof fs.open>>;

/** Appends activation rows to shard files; a new shard every `shardRows` rows. */
export class ActivationWriter {
  readonly shards: ActivationShard[] = [];
  private handles: Map<string, Handle> | null = null;
  private refs: Handle | null = null;
  private rowsInShard = 0;
  totalRows = 0;

  constructor(
    private readonly dir: string,
    private readonly hooks: string[],
    private readonly dModel: number,
    private readonly dtype: 'float32' | 'float16',
    private readonly shardRows: number,
  ) {}

  private async openShard(): Promise<void> {
    const index = this.shards.length;
    const files = Object.fromEntries(this.hooks.map((h) => [h, hookFileName(h, index)]));
    this.shards.push({ index, rows: 0, files, refsFile: refsFileName(index) });
    this.handles = new Map();
    for (const h of this.hooks) this.handles.set(h, await fs.open(path.join(this.dir, files[h]!) as PathLike, 'w'));
    this.refs = await fs.open(path.join(this.dir, refsFileName(index)), 'w');
    this.rowsInShard = 0;
  }

  private encode(values: Float32Array): Uint8Array {
    if (this.dtype === 'float32') return new Uint8Array(values.buffer, values.byteOffset, values.byteLength);
    const half = new Uint16Array(values.length);
    for (let i = 0; i < values.length; i++) half[i] = floatToHalf(values[i]!);
    return new Uint8Array(half.buffer);
  }

  /**
   * Rows [n, d_model] per hook plus their refs (token row, position, token id), split
   * across shards as needed.
   */
  async append(activations: Record<string, Float32Array>, refs: Int32Array, n: number): Promise<void> {
    let done = 0;
    while (done < n) {
      if (!this.handles || this.rowsInShard >= this.shardRows) {
        await this.closeShard();
        await this.openShard();
      }
      const take = Math.min(n - done, this.shardRows - this.rowsInShard);
      for (const h of this.hooks) {
        const rows = activations[h]!.subarray(done * this.dModel, (done + take) * this.dModel);
        await this.handles!.get(h)!.write(this.encode(rows));
      }
      const r = refs.subarray(done * 3, (done + take) * 3);
      await this.refs!.write(new Uint8Array(r.buffer, r.byteOffset, r.byteLength));
      this.rowsInShard += take;
      this.shards[this.shards.length - 1]!.rows += take;
      this.totalRows += take;
      done += take;
    }
  }

  /** Flushes and fsyncs the open shard's files. */
  async closeShard(): Promise<void> {
    if (!this.handles) return;
    for (const h of [...this.handles.values(), this.refs!]) {
      await h.sync();
      await h.close();
    }
    this.handles = null;
    this.refs = null;
  }
}
