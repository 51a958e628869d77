import { ContextSlots, type ActivationLookup, type WindowLayout } from './context-slots';
import { bandOfBin, HIST_BINS, histogramBin } from './histogram';

export interface AccumulatorOptions {
  /** Max-activating contexts kept per feature, at most one per token window. */
  topK: number;
  /** Tokens kept on each side of a peak. */
  contextWindow: number;
  /** Quantile groups: the bands at and just below the band of the feature's max (histogram.ts). */
  quantileGroups: number;
  /** Contexts sampled uniformly (reservoir) per group. */
  quantileExamples: number;
  /** Seed of the reservoir draws. */
  seed: number;
}

/** Uniform [0, 1) from (seed, feature, global token): stateless, so the draws do not depend on batching. */
function uniform(seed: number, feature: number, token: number): number {
  let h = Math.imul(seed ^ 0x3c6ef372, 0x9e3779b1) ^ Math.imul(feature + 1, 0x85ebca6b);
  h ^= Math.imul(token >>> 0, 0xc2b2ae35) ^ Math.imul(Math.floor(token / 4294967296) + 1, 0x27d4eb2f);
  h = Math.imul(h ^ (h >>> 16), 0x7feb352d);
  h = Math.imul(h ^ (h >>> 15), 0x846ca68b);
  return ((h ^ (h >>> 16)) >>> 0) / 4294967296;
}

/**
 * Streaming per-feature statistics of a feature pass (docs/features.md), fed batch by batch in
 * token order; memory is fixed by d_sae and the options, never by the number of tokens.
 * - firing = activation > 0: count, sum (→ mean over firing tokens), max, histogram (histogram.ts);
 * - top-k contexts: a min-heap per feature over whole windows (one entry per window, its highest
 *   token); order is (activation desc, global token index asc), so the kept set is the same
 *   whether the tokens come in one batch or many;
 * - quantile contexts: per feature, Algorithm R reservoirs for the `quantileGroups` bands at and
 *   below the band of the running max. The max only grows, so a band leaving that window is never
 *   needed again and a band entering it was empty: each kept reservoir is an exact uniform sample
 *   of its band's firing tokens. Draws come from a hash of (seed, feature, token).
 */
export class FeatureAccumulator {
  readonly fireCount: Float64Array; // [dSae]
  readonly sum: Float64Array; // [dSae] Σ activation over firing tokens
  readonly max: Float32Array; // [dSae]
  readonly hist: Uint32Array; // [dSae, HIST_BINS]
  readonly slots: ContextSlots;
  /** Heap position → slot index within the feature's first topK slots. */
  private readonly heap: Int32Array; // [dSae, topK]
  private readonly heapSize: Int32Array; // [dSae]
  /** Band of the running max per feature (−1: never fired). */
  readonly maxBand: Int16Array; // [dSae]
  /** Ring of the kept bands: band b lives at ring position b mod quantileGroups. */
  readonly ringBand: Int16Array; // [dSae, groups]
  readonly bandPopulation: Float64Array; // [dSae, groups]
  tokens = 0;
  featuresSeen = 0;

  constructor(
    readonly dSae: number,
    readonly opts: AccumulatorOptions,
  ) {
    const { topK, quantileGroups: g, quantileExamples: q } = opts;
    this.fireCount = new Float64Array(dSae);
    this.sum = new Float64Array(dSae);
    this.max = new Float32Array(dSae);
    this.hist = new Uint32Array(dSae * HIST_BINS);
    this.slots = new ContextSlots(dSae, topK + g * q, opts.contextWindow);
    this.heap = new Int32Array(dSae * topK);
    this.heapSize = new Int32Array(dSae);
    this.maxBand = new Int16Array(dSae).fill(-1);
    this.ringBand = new Int16Array(dSae * g).fill(-1);
    this.bandPopulation = new Float64Array(dSae * g);
  }

  /** f: [n, dSae] dense activations of the batch's n tokens (standard / JumpReLU SAEs). */
  addDense(layout: WindowLayout, f: Float32Array): void {
    const d = this.dSae;
    const n = layout.tokenIds.length;
    if (f.length !== n * d) throw new Error(`activations have ${f.length} values; expected ${n} tokens × d_sae ${d}`);
    const actAt: ActivationLookup = (t, j) => f[t * d + j] ?? 0;
    for (let i = 0, row = 0; i < n; i++, row += d) {
      for (let j = 0; j < d; j++) {
        const v = f[row + j]!; // in bounds: f.length = n · d was checked
        if (v > 0) this.fire(j, i, v, layout, actAt);
      }
    }
    this.tokens += n;
  }

  /** values / indices: [n, k] (TopK SAEs: the k kept pre-activations after ReLU, any order). */
  addSparse(layout: WindowLayout, values: Float32Array, indices: Int32Array, k: number): void {
    const n = layout.tokenIds.length;
    if (values.length !== n * k || indices.length !== n * k)
      throw new Error(`TopK output has ${values.length} values; expected ${n} tokens × k ${k}`);
    const actAt: ActivationLookup = (t, j) => {
      for (let e = t * k; e < (t + 1) * k; e++) if (indices[e] === j) return values[e] ?? 0;
      return 0;
    };
    for (let i = 0; i < n; i++) {
      for (let e = i * k; e < (i + 1) * k; e++) {
        const v = values[e] ?? 0;
        if (v > 0) this.fire(indices[e] ?? 0, i, v, layout, actAt);
      }
    }
    this.tokens += n;
  }

  private fire(j: number, i: number, v: number, layout: WindowLayout, actAt: ActivationLookup): void {
    if (this.fireCount[j]! === 0) this.featuresSeen++;
    this.fireCount[j]! += 1;
    this.sum[j]! += v;
    if (v > this.max[j]!) this.max[j] = v;
    const bin = histogramBin(v);
    this.hist[j * HIST_BINS + bin]! += 1;
    const g = this.tokens + i;
    if (this.opts.topK > 0) this.offerTop(j, i, v, g, layout, actAt);
    if (this.opts.quantileGroups > 0) this.sample(j, bandOfBin(bin), i, v, g, layout, actAt);
  }

  /** a is a worse top entry than b: lower peak, or the same peak later in the data. */
  private worse(a: number, b: number): boolean {
    const pa = this.slots.peak[a]!;
    const pb = this.slots.peak[b]!;
    return pa < pb || (pa === pb && this.slots.order[a]! > this.slots.order[b]!);
  }

  private offerTop(j: number, i: number, v: number, g: number, layout: WindowLayout, actAt: ActivationLookup): void {
    const K = this.opts.topK;
    const base = j * K;
    const size = this.heapSize[j]!;
    const slotBase = j * this.slots.slotsPerFeature;
    // Full heap: a candidate must beat the worst kept entry (a tie loses: the kept one came first).
    if (size === K && !(v > this.slots.peak[slotBase + this.heap[base]!]!)) return;
    const window = layout.windowIndex[layout.windowOf[i]!]!;
    for (let h = 0; h < size; h++) {
      const slot = slotBase + this.heap[base + h]!;
      if (this.slots.windowOfSlot(slot) !== window) continue;
      if (this.slots.peak[slot]! >= v) return; // this window is kept with a higher (or earlier equal) peak
      this.slots.capture(slot, j, i, v, g, layout, actAt);
      this.siftDown(j, h, size);
      return;
    }
    if (size < K) {
      this.slots.capture(slotBase + size, j, i, v, g, layout, actAt);
      this.heap[base + size] = size;
      this.heapSize[j] = size + 1;
      this.siftUp(j, size);
    } else {
      this.slots.capture(slotBase + this.heap[base]!, j, i, v, g, layout, actAt);
      this.siftDown(j, 0, size);
    }
  }

  private siftUp(j: number, h: number): void {
    const base = j * this.opts.topK;
    const slotBase = j * this.slots.slotsPerFeature;
    while (h > 0) {
      const parent = (h - 1) >> 1;
      if (!this.worse(slotBase + this.heap[base + h]!, slotBase + this.heap[base + parent]!)) break;
      this.swap(base, h, parent);
      h = parent;
    }
  }

  private siftDown(j: number, h: number, size: number): void {
    const base = j * this.opts.topK;
    const slotBase = j * this.slots.slotsPerFeature;
    for (;;) {
      const l = 2 * h + 1;
      const r = l + 1;
      let m = h;
      if (l < size && this.worse(slotBase + this.heap[base + l]!, slotBase + this.heap[base + m]!)) m = l;
      if (r < size && this.worse(slotBase + this.heap[base + r]!, slotBase + this.heap[base + m]!)) m = r;
      if (m === h) return;
      this.swap(base, h, m);
      h = m;
    }
  }

  private swap(base: number, a: number, b: number): void {
    const t = this.heap[base + a]!;
    this.heap[base + a] = this.heap[base + b]!;
    this.heap[base + b] = t;
  }

  private sample(j: number, band: number, i: number, v: number, g: number, layout: WindowLayout, actAt: ActivationLookup): void {
    const G = this.opts.quantileGroups;
    const Q = this.opts.quantileExamples;
    const old = this.maxBand[j]!;
    if (band > old) {
      // Bands (old, band] enter the window; each takes the ring position of one that leaves it.
      for (let b = Math.max(old + 1, band - G + 1); b <= band; b++) {
        const r = j * G + (b % G);
        this.ringBand[r] = b;
        this.bandPopulation[r] = 0;
        for (let e = 0; e < Q; e++) this.slots.clear(this.quantileSlot(j, b % G, e));
      }
      this.maxBand[j] = band;
    } else if (band <= old - G) return; // below the kept bands: counted in the histogram only
    const r = j * G + (band % G);
    const population = (this.bandPopulation[r] ?? 0) + 1;
    this.bandPopulation[r] = population;
    const e = population <= Q ? population - 1 : Math.floor(uniform(this.opts.seed, j, g) * population);
    if (e < Q) this.slots.capture(this.quantileSlot(j, band % G, e), j, i, v, g, layout, actAt);
  }

  /** Slot of reservoir entry e of ring position r. */
  quantileSlot(j: number, r: number, e: number): number {
    return this.slots.slot(j, this.opts.topK + r * this.opts.quantileExamples + e);
  }

  /** The top-k slots of a feature, highest first. */
  topSlots(j: number): number[] {
    return this.slots.ranked(j, 0, this.opts.topK);
  }

  /** Kept bands of a feature, highest first, with their populations and sampled slots (highest first). */
  quantileBands(j: number): { band: number; population: number; slots: number[] }[] {
    const G = this.opts.quantileGroups;
    const out: { band: number; population: number; slots: number[] }[] = [];
    for (let b = this.maxBand[j]!; b >= 0 && b > this.maxBand[j]! - G; b--) {
      const r = b % G;
      const population = this.bandPopulation[j * G + r] ?? 0;
      if (this.ringBand[j * G + r] !== b || population === 0) continue;
      out.push({
        band: b,
        population,
        slots: this.slots.ranked(j, this.opts.topK + r * this.opts.quantileExamples, this.opts.quantileExamples),
      });
    }
    return out;
  }
}
