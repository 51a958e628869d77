/**
 * Fixed storage for every feature's kept contexts (docs/features.md): per feature `slotsPerFeature`
 * slots — the top-k heap first, then the quantile reservoirs — each a window of up to `width` =
 * 2·contextWindow + 1 tokens around a peak with the feature's activation on every token.
 * Struct-of-arrays, allocated once, so memory is fixed by (d_sae, slots, width), never by tokens.
 * The result writer writes these arrays as they are.
 */
export const SLOT_META_I32 = 5; // [windowIndex (−1 = empty), peakPosition, start, length, sampleOrdinal (−1 = none)]
export const META_WINDOW = 0;
export const META_PEAK = 1;
export const META_START = 2;
export const META_LENGTH = 3;
export const META_SAMPLE = 4;

/** Where a batch's tokens sit: consecutive windows, each window's real tokens contiguous. */
export interface WindowLayout {
  /** [nWindows] global window index (row of the token shards). */
  windowIndex: Int32Array;
  /** [nWindows + 1] first batch token of each window; the last entry = tokens in the batch. */
  windowStart: Int32Array;
  /** [n] token id of each batch token. */
  tokenIds: Int32Array;
  /** [n] sample ordinal of each batch token's text (−1: special token, e.g. BOS). */
  sampleOrdinals: Int32Array;
  /** [n] index of each token's window in this batch. */
  windowOf: Int32Array;
}

/** The feature's activation on batch token i (dense [n, d_sae] or TopK-sparse rows). */
export type ActivationLookup = (i: number, feature: number) => number;

export class ContextSlots {
  readonly width: number;
  readonly tokens: Int32Array; // [dSae, slots, width]
  readonly acts: Float32Array; // [dSae, slots, width]
  readonly meta: Int32Array; // [dSae, slots, SLOT_META_I32]
  readonly peak: Float32Array; // [dSae, slots] activation at the peak
  readonly order: Float64Array; // [dSae, slots] global token index of the peak (tie-break: earlier first)

  constructor(
    readonly dSae: number,
    readonly slotsPerFeature: number,
    readonly contextWindow: number,
  ) {
    this.width = 2 * contextWindow + 1;
    const slots = dSae * slotsPerFeature;
    this.tokens = new Int32Array(slots * this.width);
    this.acts = new Float32Array(slots * this.width);
    this.meta = new Int32Array(slots * SLOT_META_I32).fill(-1);
    this.peak = new Float32Array(slots);
    this.order = new Float64Array(slots);
  }

  /** Bytes these arrays take (the pass refuses settings that would not fit in memory). */
  static bytes(dSae: number, slotsPerFeature: number, contextWindow: number): number {
    const slots = dSae * slotsPerFeature;
    return slots * ((2 * contextWindow + 1) * 8 + SLOT_META_I32 * 4 + 4 + 8);
  }

  slot(feature: number, s: number): number {
    return feature * this.slotsPerFeature + s;
  }

  isEmpty(slot: number): boolean {
    return (this.meta[slot * SLOT_META_I32 + META_WINDOW] ?? -1) < 0;
  }

  windowOfSlot(slot: number): number {
    return this.meta[slot * SLOT_META_I32 + META_WINDOW] ?? -1;
  }

  clear(slot: number): void {
    this.meta[slot * SLOT_META_I32 + META_WINDOW] = -1;
  }

  /** Copy the window around batch token i (the peak) for `feature` into `slot`. */
  capture(
    slot: number,
    feature: number,
    i: number,
    value: number,
    globalToken: number,
    layout: WindowLayout,
    actAt: ActivationLookup,
  ): void {
    const w = layout.windowOf[i] ?? 0;
    const first = layout.windowStart[w] ?? 0;
    const end = layout.windowStart[w + 1] ?? 0;
    const from = Math.max(first, i - this.contextWindow);
    const to = Math.min(end - 1, i + this.contextWindow);
    const base = slot * this.width;
    for (let t = from; t <= to; t++) {
      this.tokens[base + t - from] = layout.tokenIds[t] ?? 0;
      this.acts[base + t - from] = t === i ? value : actAt(t, feature);
    }
    const m = slot * SLOT_META_I32;
    this.meta[m + META_WINDOW] = layout.windowIndex[w] ?? 0;
    this.meta[m + META_PEAK] = i - first;
    this.meta[m + META_START] = from - first;
    this.meta[m + META_LENGTH] = to - from + 1;
    this.meta[m + META_SAMPLE] = layout.sampleOrdinals[i] ?? -1;
    this.peak[slot] = value;
    this.order[slot] = globalToken;
  }

  /** Used slots of a feature among [from, from + count), highest peak first (ties: earlier token first). */
  ranked(feature: number, from: number, count: number): number[] {
    const out: number[] = [];
    for (let s = from; s < from + count; s++) {
      const slot = this.slot(feature, s);
      if (!this.isEmpty(slot)) out.push(slot);
    }
    return out.sort((a, b) => (this.peak[b] ?? 0) - (this.peak[a] ?? 0) || (this.order[a] ?? 0) - (this.order[b] ?? 0));
  }
}
