import { readTokenRows, type ShardRow } from '../datasets/tokenize';
import type { WindowLayout } from './context-slots';

/** Which windows of a token set a pass reads. */
export interface WindowSelection {
  /** Sample ordinals of the chosen splits; a window is read when all its text comes from them. null = every window. */
  ordinals: Set<number> | null;
  /** Stop after this many real tokens (the last window is cut to fit: causal, so its tokens are unchanged). */
  maxTokens: number;
}

export interface PassWindow {
  /** Row of the token shards. */
  index: number;
  /** Real tokens (a copy; cut to fit maxTokens). */
  tokens: Uint32Array;
  /** [tokens] sample ordinal per position (−1: special token). */
  samples: Int32Array;
}

function chosen(row: ShardRow, sel: WindowSelection): boolean {
  if (row.unpaddedLength === 0) return false;
  if (!sel.ordinals) return true;
  const ordinals = sel.ordinals;
  return row.segments.length > 0 && row.segments.every((s) => ordinals.has(s.sampleOrdinal));
}

/** The chosen windows in order, each cut to the tokens still wanted. */
export async function* selectedWindows(tokensDir: string, sel: WindowSelection): AsyncGenerator<PassWindow> {
  let tokens = 0;
  for await (const row of readTokenRows(tokensDir, { attentionMask: false })) {
    if (tokens >= sel.maxTokens) return;
    if (!chosen(row, sel)) continue;
    const length = Math.min(row.unpaddedLength, sel.maxTokens - tokens);
    const samples = new Int32Array(length).fill(-1);
    for (const s of row.segments) samples.fill(s.sampleOrdinal, Math.min(length, s.position), Math.min(length, s.position + s.length));
    tokens += length;
    yield { index: row.row, tokens: row.tokens.slice(0, length), samples };
  }
}

/** Real tokens the selection will read (a scan of the shards' row and segment tables). */
export async function countSelectedTokens(tokensDir: string, sel: WindowSelection): Promise<{ tokens: number; windows: number }> {
  let tokens = 0;
  let windows = 0;
  for await (const row of readTokenRows(tokensDir, { attentionMask: false })) {
    if (tokens >= sel.maxTokens) break;
    if (!chosen(row, sel)) continue;
    tokens += Math.min(row.unpaddedLength, sel.maxTokens - tokens);
    windows++;
  }
  return { tokens, windows };
}

/** Whole windows grouped up to `batchTokens` tokens (at least one window per batch). */
export async function* windowBatches(windows: AsyncIterable<PassWindow>, batchTokens: number): AsyncGenerator<PassWindow[]> {
  let batch: PassWindow[] = [];
  let n = 0;
  for await (const w of windows) {
    if (batch.length > 0 && n + w.tokens.length > batchTokens) {
      yield batch;
      batch = [];
      n = 0;
    }
    batch.push(w);
    n += w.tokens.length;
  }
  if (batch.length) yield batch;
}

/** Where each token of a batch sits (its window, id, sample), in (window, position) order. */
export function layoutOf(batch: readonly PassWindow[]): WindowLayout {
  const n = batch.reduce((s, w) => s + w.tokens.length, 0);
  const layout: WindowLayout = {
    windowIndex: Int32Array.from(batch, (w) => w.index),
    windowStart: new Int32Array(batch.length + 1),
    tokenIds: new Int32Array(n),
    sampleOrdinals: new Int32Array(n),
    windowOf: new Int32Array(n),
  };
  let at = 0;
  batch.forEach((w, i) => {
    layout.windowStart[i] = at;
    layout.tokenIds.set(w.tokens, at);
    layout.sampleOrdinals.set(w.samples, at);
    layout.windowOf.fill(i, at, at + w.tokens.length);
    at += w.tokens.length;
  });
  layout.windowStart[batch.length] = at;
  return layout;
}
