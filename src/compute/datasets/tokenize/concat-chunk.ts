import type { TokenRow, TokenSegment } from './rows';

export interface ConcatChunkOptions {
  contextSize: number;
  /** Token at position 0 of every window (SAELens begin_batch_token), or null. */
  beginBatchTokenId: number | null;
  /** Token at the start of every sample (SAELens begin_sequence_token), or null. */
  beginSequenceTokenId: number | null;
  /** Token between samples inside a window (SAELens sequence_separator_token), or null. */
  separatorTokenId: number | null;
}

/**
 * Streams samples into fixed windows with SAELens' `concat_and_batch_sequences` semantics:
 * a special token is only inserted when the token it would precede is not already that token;
 * the separator is never put at the start of a window; prefix tokens that do not fit the end
 * of a window are dropped. Whatever is left at the end is a partial window and is dropped.
 * Memory: one window.
 */
export class ConcatChunker {
  private window: number[] | null = null;
  private segments: TokenSegment[] = [];

  constructor(private readonly opts: ConcatChunkOptions) {
    if (!Number.isInteger(opts.contextSize) || opts.contextSize < 2)
      throw new Error(`contextSize must be an integer ≥ 2, got ${opts.contextSize}`);
  }

  /** Adds one sample's content tokens; returns the windows it completed. */
  push(sampleOrdinal: number, tokens: readonly number[]): TokenRow[] {
    const { contextSize, beginBatchTokenId, beginSequenceTokenId, separatorTokenId } = this.opts;
    const done: TokenRow[] = [];
    let offset = 0;
    let startOfSample = true;
    while (tokens.length - offset > 0) {
      const prefix: number[] = [];
      let first = tokens[offset];
      if (startOfSample && beginSequenceTokenId !== null && first !== beginSequenceTokenId) {
        prefix.unshift(beginSequenceTokenId);
        first = beginSequenceTokenId;
      }
      if (this.window === null) {
        if (beginBatchTokenId !== null && first !== beginBatchTokenId) prefix.unshift(beginBatchTokenId);
        this.window = prefix.slice(0, contextSize);
      } else {
        if (separatorTokenId !== null && first !== separatorTokenId) prefix.unshift(separatorTokenId);
        this.window.push(...prefix.slice(0, Math.max(contextSize - this.window.length, 0)));
      }
      const take = Math.min(Math.max(contextSize - this.window.length, 0), tokens.length - offset);
      if (take > 0) {
        this.segments.push({ position: this.window.length, sampleOrdinal, sampleTokenStart: offset, length: take });
        for (let i = 0; i < take; i++) this.window.push(tokens[offset + i] as number);
      }
      offset += take;
      startOfSample = false;
      if (this.window.length === contextSize) {
        done.push({ tokens: this.window, unpaddedLength: contextSize, segments: this.segments });
        this.window = null;
        this.segments = [];
      }
    }
    return done;
  }

  /** Tokens held in the unfinished window (dropped at the end, as SAELens does). */
  get pendingTokens(): number {
    return this.window?.length ?? 0;
  }
}
