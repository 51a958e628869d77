import { heldOutOrdinals, touchesHeldOut, type HoldOut } from '../activations/hold-out';
import { readTokenManifest, readTokenRows, type ShardRow } from '../datasets/tokenize';
import type { LanguageModel } from '../model/language-model';
import { cachedModel } from '../model/model-cache';
import type { ProviderSetting } from '../model/providers';
import { readActivations } from '../model/read-activations';
import { permutation, shuffleSeed, type DataCursor } from './data-stream';
import type { ActivationSource } from './source';
import { TrainingError } from './types';
import { MODEL_STREAM_BUFFER_ROWS } from '../../shared/jobs/training';

/** Activation rows (tokens) a shuffle buffer aims for: 32 MB of float32 at d_in 1024. */
export const DEFAULT_BUFFER_ROWS = MODEL_STREAM_BUFFER_ROWS;
/** Token windows per model forward pass. */
export const DEFAULT_FORWARD_BATCH_ROWS = 8;

export interface ModelStreamOptions {
  /** transformers.js-layout model folder. */
  modelDir: string;
  /** A finished token shard folder (datasets/<id>/tokens/<…>/). */
  tokensDir: string;
  /** e.g. 'blocks.2.hook_resid_post'; must exist in the model. */
  hook: string;
  seed: number;
  /**
   * Target activation rows per shuffle buffer; rounded down to whole token windows (at least
   * one), so a buffer is a fixed window range and a refill is reproducible. Default 8192.
   */
  bufferRows?: number;
  /** Token windows per forward pass (default 8). */
  forwardBatchRows?: number;
  /** Leave out windows with text from these splits (kept for the splice evaluation). */
  holdOut?: HoldOut | null;
  /** Resume point from a checkpoint; valid only with the same tokens, hook, seed and bufferRows. */
  cursor?: DataCursor;
  /** Execution provider (default cpu: deterministic, so a resume is bit-exact). */
  provider?: ProviderSetting;
}

interface TokenWindow {
  /** [length] token ids (a copy: the reader's view dies at the next shard). */
  tokens: Uint32Array;
  unpaddedLength: number;
}

interface ShuffleBuffer {
  index: number;
  epoch: number;
  /** [count, d_in] activations of the buffer's real tokens, in (window, position) order. */
  rows: Float32Array;
  count: number;
  /** Serving order: order[i] is the buffer row served i-th. */
  order: Uint32Array;
}

/** "blocks.0…3.hook_{resid_pre, …}": the model's hooks in one line, for error messages. */
function hookSummary(lm: LanguageModel): string {
  const kinds = [...new Set(lm.hooks.map((h) => h.name.split('.').slice(2).join('.')))];
  return lm.hooks.length ? `blocks.0…${lm.architecture.nLayers - 1}.{${kinds.join(', ')}}` : 'none';
}

/**
 * Batches [batchSize, d_in] read straight from the model, with no activation set on disk
 * (SAELens ActivationsStore-like). The token set's windows are cut into buffers of
 * `windowsPerBuffer` consecutive windows; a buffer's real (unpadded) tokens are run through
 * the model, shuffled with a seed of (seed, epoch, buffer) and served; the next buffer
 * refills it; past the last window the stream loops to epoch + 1. One buffer is in memory.
 *
 * Cursor: `shard` = buffer index within the epoch, `row` = rows already served from it.
 * A reopened stream re-runs that buffer's windows and skips `row` rows: with a deterministic
 * forward (CPU) the continuation is bit-identical.
 */
export class ModelActivationStream implements ActivationSource {
  private loaded: ShuffleBuffer | null = null;
  private reader: AsyncGenerator<ShardRow> | null = null;
  /** Window index the open reader yields next. */
  private readerAt = 0;
  private pos: DataCursor;

  private constructor(
    private readonly lm: LanguageModel,
    private readonly opts: Required<Omit<ModelStreamOptions, 'cursor' | 'provider' | 'holdOut'>>,
    /** Ordinals of held-out samples: their windows are left out (empty in the buffer). */
    private readonly heldOut: Set<number>,
    private readonly windows: number,
    /** Whole token windows per buffer. */
    readonly windowsPerBuffer: number,
    readonly totalRows: number,
    cursor: DataCursor,
  ) {
    this.pos = { ...cursor };
  }

  static async open(o: ModelStreamOptions): Promise<ModelActivationStream> {
    const bufferRows = o.bufferRows ?? DEFAULT_BUFFER_ROWS;
    const forwardBatchRows = o.forwardBatchRows ?? DEFAULT_FORWARD_BATCH_ROWS;
    if (!Number.isInteger(bufferRows) || bufferRows < 1)
      throw new TrainingError('BAD_PARAMS', `bufferRows must be a positive integer (got ${bufferRows})`);
    if (!Number.isInteger(forwardBatchRows) || forwardBatchRows < 1)
      throw new TrainingError('BAD_PARAMS', `forwardBatchRows must be a positive integer (got ${forwardBatchRows})`);
    const lm = cachedModel(o.modelDir, o.provider ?? 'cpu');
    if (!lm.hooks.some((h) => h.name === o.hook))
      throw new TrainingError('BAD_PARAMS', `model ${o.modelDir} has no hook "${o.hook}" (its hooks: ${hookSummary(lm)})`);
    const m = await readTokenManifest(o.tokensDir);
    // Every real (unpadded) position, BOS and separators included, as extraction counts them.
    const totalRows = m.totals.tokens - m.totals.paddingTokens;
    if (m.totals.rows <= 0 || totalRows <= 0) throw new TrainingError('BAD_PARAMS', `token set ${o.tokensDir} has no tokens`);
    const windowLength = m.contextSize ?? m.settings.maxLength;
    const windowsPerBuffer = Math.max(1, Math.floor(bufferRows / windowLength));
    const buffers = Math.ceil(m.totals.rows / windowsPerBuffer);
    const cursor = o.cursor ?? { shard: 0, row: 0, epoch: 0 };
    if (!Number.isInteger(cursor.shard) || cursor.shard < 0 || cursor.shard > buffers || cursor.row < 0 || cursor.epoch < 0) {
      throw new TrainingError(
        'BAD_PARAMS',
        `data cursor ${JSON.stringify(cursor)} is outside ${o.tokensDir} (${buffers} buffers of ${windowsPerBuffer} windows per epoch)`,
      );
    }
    const opts = { modelDir: o.modelDir, tokensDir: o.tokensDir, hook: o.hook, seed: o.seed, bufferRows, forwardBatchRows };
    return new ModelActivationStream(
      lm,
      opts,
      o.holdOut ? heldOutOrdinals(o.holdOut) : new Set(),
      m.totals.rows,
      windowsPerBuffer,
      totalRows,
      cursor,
    );
  }

  get dIn(): number {
    return this.lm.architecture.dModel;
  }

  get cursor(): DataCursor {
    return { ...this.pos };
  }

  /** Buffers (refills) in one pass over the token set. */
  get buffersPerEpoch(): number {
    return Math.ceil(this.windows / this.windowsPerBuffer);
  }

  async next(batchSize: number): Promise<Float32Array> {
    if (!Number.isInteger(batchSize) || batchSize < 1)
      throw new TrainingError('BAD_PARAMS', `batch size must be a positive integer (got ${batchSize})`);
    const d = this.dIn;
    const out = new Float32Array(batchSize * d); // [batchSize, d_in]
    let filled = 0;
    let emptyBuffers = 0;
    while (filled < batchSize) {
      if (emptyBuffers > this.buffersPerEpoch)
        throw new TrainingError('BAD_PARAMS', `every window of ${this.opts.tokensDir} has held-out text: nothing left to train on`);
      if (this.pos.shard >= this.buffersPerEpoch) {
        this.pos = { shard: 0, row: 0, epoch: this.pos.epoch + 1 };
        continue;
      }
      const buf = await this.fill(this.pos.shard, this.pos.epoch);
      emptyBuffers = buf.count === 0 ? emptyBuffers + 1 : 0;
      const take = Math.max(0, Math.min(batchSize - filled, buf.count - this.pos.row));
      for (let i = 0; i < take; i++) {
        const r = buf.order[this.pos.row + i] ?? 0;
        out.set(buf.rows.subarray(r * d, (r + 1) * d), (filled + i) * d);
      }
      filled += take;
      // Step past a finished buffer now, so a checkpoint taken here resumes without re-running it.
      this.pos =
        this.pos.row + take >= buf.count
          ? { shard: this.pos.shard + 1, row: 0, epoch: this.pos.epoch }
          : { ...this.pos, row: this.pos.row + take };
    }
    if (this.pos.shard >= this.buffersPerEpoch) this.pos = { shard: 0, row: 0, epoch: this.pos.epoch + 1 };
    return out;
  }

  /** Buffer `index` of pass `epoch`: run the model over its windows (or reuse them) and shuffle. */
  private async fill(index: number, epoch: number): Promise<ShuffleBuffer> {
    const seed = shuffleSeed(this.opts.seed, epoch, index);
    if (this.loaded?.index === index) {
      if (this.loaded.epoch !== epoch) this.loaded = { ...this.loaded, epoch, order: permutation(this.loaded.count, seed) };
      return this.loaded;
    }
    this.loaded = null; // let the old buffer go before the new one is built
    const first = index * this.windowsPerBuffer;
    const windows = await this.readWindows(first, Math.min(this.windowsPerBuffer, this.windows - first));
    const d = this.dIn;
    const count = windows.reduce((s, w) => s + w.unpaddedLength, 0);
    const rows = new Float32Array(count * d); // [count, d_in]
    let at = 0;
    for (let i = 0; i < windows.length; i += this.opts.forwardBatchRows) {
      // Fixed groups from the buffer's first window: a resume pads and batches exactly as the straight run did.
      const group = windows.slice(i, i + this.opts.forwardBatchRows).filter((w) => w.unpaddedLength > 0); // held-out windows are empty
      const width = Math.max(...group.map((w) => w.tokens.length));
      if (width === 0) continue;
      const inputIds = group.map((w) => Array.from({ length: width }, (_, j) => w.tokens[j] ?? 0)); // [group, width]
      const attentionMask = group.map((w) => Array.from({ length: width }, (_, j) => (j < w.unpaddedLength ? 1 : 0)));
      for await (const b of readActivations(this.lm, [{ inputIds, attentionMask }], [this.opts.hook])) {
        rows.set(b.activations[this.opts.hook]!, at * d); // [nTokens, d_in], real tokens only
        at += b.nTokens;
      }
    }
    if (at !== count)
      throw new TrainingError('BAD_PARAMS', `buffer ${index}: the model returned ${at} token rows for ${count} real tokens`);
    this.loaded = { index, epoch, rows, count, order: permutation(count, seed) };
    return this.loaded;
  }

  /** `count` windows from window `first`, continuing the open reader when it is already there. */
  private async readWindows(first: number, count: number): Promise<TokenWindow[]> {
    if (!this.reader || this.readerAt !== first) {
      await this.reader?.return(undefined);
      // The mask comes from unpaddedLength; the reader need not build one.
      this.reader = readTokenRows(this.opts.tokensDir, { fromRow: first, attentionMask: false });
      this.readerAt = first;
    }
    const out: TokenWindow[] = [];
    for (let i = 0; i < count; i++) {
      const next = await this.reader.next();
      if (next.done || next.value.row !== this.readerAt) {
        throw new TrainingError(
          'BAD_PARAMS',
          `token set ${this.opts.tokensDir}: window ${this.readerAt} is missing (the manifest lists ${this.windows})`,
        );
      }
      // A held-out window stays in place (buffers keep their fixed window ranges) but empty.
      out.push(
        touchesHeldOut(next.value, this.heldOut)
          ? { tokens: new Uint32Array(0), unpaddedLength: 0 }
          : { tokens: next.value.tokens.slice(), unpaddedLength: next.value.unpaddedLength },
      );
      this.readerAt += 1;
    }
    return out;
  }
}
