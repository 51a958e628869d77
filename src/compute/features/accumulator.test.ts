import { describe, expect, it } from 'vitest';
import { Rng } from '../sae/rng';
import { FeatureAccumulator, type AccumulatorOptions } from './accumulator';
import { META_PEAK, META_START, META_WINDOW, SLOT_META_I32 } from './context-slots';
import { bandRange, HIST_BINS, HIST_EDGES, QUANTILE_BANDS } from './histogram';
import { layoutOf, type PassWindow } from './windows';

/**
 * A small fixed activation matrix (tokens × features, in window order) and its windows; every
 * expectation below is computed directly from the matrix with plain loops.
 */
interface Fixture {
  windows: PassWindow[];
  /** [n, d] */
  f: Float32Array;
  d: number;
}

function fixture(seed: number, nWindows: number, d: number): Fixture {
  const rng = new Rng(seed);
  const windows: PassWindow[] = [];
  for (let w = 0; w < nWindows; w++) {
    const len = 3 + rng.int(6);
    windows.push({
      index: 10 + 2 * w,
      tokens: Uint32Array.from({ length: len }, () => rng.int(50)),
      samples: Int32Array.from({ length: len }, (_, p) => (p === 0 ? -1 : 100 + w)),
    });
  }
  const n = windows.reduce((s, w) => s + w.tokens.length, 0);
  // Few distinct levels across decades, so ties and several quantile bands both occur.
  const levels = [0.0004, 0.002, 0.02, 0.05, 0.2, 0.25, 0.5, 1, 2, 2, 5, 12, 40, 40, 20000];
  const f = new Float32Array(n * d);
  for (let i = 0; i < n * d; i++) if (rng.next() < 0.35) f[i] = levels[rng.int(levels.length)]!;
  return { windows, f, d };
}

const opts: AccumulatorOptions = { topK: 3, contextWindow: 2, quantileGroups: 3, quantileExamples: 2, seed: 7 };

/** Feed the fixture cut into batches at the given window boundaries. */
function run(fx: Fixture, cuts: number[], o: AccumulatorOptions = opts, mode: 'dense' | 'sparse' = 'dense'): FeatureAccumulator {
  const acc = new FeatureAccumulator(fx.d, o);
  const bounds = [0, ...cuts, fx.windows.length];
  let token = 0;
  for (let b = 0; b + 1 < bounds.length; b++) {
    const batch = fx.windows.slice(bounds[b], bounds[b + 1]);
    const layout = layoutOf(batch);
    const n = layout.tokenIds.length;
    const f = fx.f.subarray(token * fx.d, (token + n) * fx.d);
    if (mode === 'dense') acc.addDense(layout, f);
    else {
      // TopK-shaped rows: every feature as an (index, value) pair, zeros included, order reversed.
      const values = new Float32Array(n * fx.d);
      const indices = new Int32Array(n * fx.d);
      for (let i = 0; i < n; i++)
        for (let e = 0; e < fx.d; e++) [values[i * fx.d + e], indices[i * fx.d + e]] = [f[i * fx.d + fx.d - 1 - e]!, fx.d - 1 - e];
      acc.addSparse(layout, values, indices, fx.d);
    }
    token += n;
  }
  return acc;
}

/** (window, position, global token) of every token. */
function positions(fx: Fixture) {
  const out: { w: number; p: number; g: number }[] = [];
  fx.windows.forEach((win, w) => win.tokens.forEach((_, p) => out.push({ w, p, g: out.length })));
  return out;
}

describe('feature accumulator vs direct computation on a fixed activation matrix', () => {
  const fx = fixture(42, 12, 9);
  const n = fx.f.length / fx.d;
  const acc = run(fx, []);
  const pos = positions(fx);

  it('frequency, max, mean over firing tokens and the log-spaced histogram', () => {
    expect(acc.tokens).toBe(n);
    for (let j = 0; j < fx.d; j++) {
      const firing: number[] = [];
      for (let i = 0; i < n; i++) if (fx.f[i * fx.d + j]! > 0) firing.push(fx.f[i * fx.d + j]!);
      expect(acc.fireCount[j]).toBe(firing.length);
      expect(acc.max[j]).toBe(firing.length ? Math.max(...firing) : 0);
      expect(acc.sum[j]! / Math.max(1, acc.fireCount[j]!)).toBeCloseTo(firing.reduce((a, b) => a + b, 0) / Math.max(1, firing.length), 10);
      const hist = new Array<number>(HIST_BINS).fill(0);
      for (const v of firing) for (let b = 0; b < HIST_BINS; b++) if (v >= HIST_EDGES[b]! && v < HIST_EDGES[b + 1]!) hist[b]!++;
      expect(Array.from(acc.hist.subarray(j * HIST_BINS, (j + 1) * HIST_BINS))).toEqual(hist);
    }
    expect(acc.featuresSeen).toBe(Array.from(acc.fireCount).filter((c) => c > 0).length);
  });

  it('top-k: one context per window, highest peak first, ties broken by the earlier token, windows cut at their ends', () => {
    for (let j = 0; j < fx.d; j++) {
      // Best token of each window (earliest on ties), then windows by (value desc, token asc).
      const best = new Map<number, { v: number; g: number; p: number }>();
      for (const { w, p, g } of pos) {
        const v = fx.f[g * fx.d + j]!;
        if (v > 0 && (!best.has(w) || v > best.get(w)!.v)) best.set(w, { v, g, p });
      }
      const expected = [...best.entries()].sort((a, b) => b[1].v - a[1].v || a[1].g - b[1].g).slice(0, opts.topK);
      const got = acc.topSlots(j);
      expect(got.length).toBe(expected.length);
      got.forEach((slot, r) => {
        const [w, e] = expected[r]!;
        const m = slot * SLOT_META_I32;
        expect(acc.slots.meta[m + META_WINDOW]).toBe(fx.windows[w]!.index);
        expect(acc.slots.meta[m + META_PEAK]).toBe(e.p);
        expect(acc.slots.peak[slot]).toBe(e.v);
        const first = pos.findIndex((q) => q.w === w);
        const from = Math.max(0, e.p - opts.contextWindow);
        const to = Math.min(fx.windows[w]!.tokens.length - 1, e.p + opts.contextWindow);
        expect(acc.slots.meta[m + META_START]).toBe(from);
        for (let t = from; t <= to; t++) {
          expect(acc.slots.tokens[slot * acc.slots.width + t - from]).toBe(fx.windows[w]!.tokens[t]);
          expect(acc.slots.acts[slot * acc.slots.width + t - from]).toBe(fx.f[(first + t) * fx.d + j]);
        }
      });
    }
    // The matrix really has ties at the cut (else the tie rule is untested).
    expect(
      Array.from({ length: fx.d }, (_, j) => acc.topSlots(j).map((s) => acc.slots.peak[s])).some(
        (peaks) => new Set(peaks).size < peaks.length,
      ),
    ).toBe(true);
  });

  it('quantile groups: the bands at and below the max band, exact populations, samples drawn from inside each band', () => {
    for (let j = 0; j < fx.d; j++) {
      const firing = pos.map(({ g }) => fx.f[g * fx.d + j]!).filter((v) => v > 0);
      if (!firing.length) {
        expect(acc.quantileBands(j)).toEqual([]);
        continue;
      }
      const maxBand = [...Array(QUANTILE_BANDS).keys()].find(
        (b) => Math.max(...firing) >= bandRange(b).low && Math.max(...firing) < bandRange(b).high,
      )!;
      const expected = [];
      for (let b = maxBand; b > maxBand - opts.quantileGroups && b >= 0; b--) {
        const { low, high } = bandRange(b);
        const population = firing.filter((v) => v >= low && v < high).length;
        if (population) expected.push({ band: b, population });
      }
      const got = acc.quantileBands(j);
      expect(got.map(({ band, population }) => ({ band, population }))).toEqual(expected);
      for (const g of got) {
        const { low, high } = bandRange(g.band);
        expect(g.slots.length).toBe(Math.min(opts.quantileExamples, g.population));
        for (const s of g.slots) {
          expect(acc.slots.peak[s]).toBeGreaterThanOrEqual(low);
          expect(acc.slots.peak[s]).toBeLessThan(high);
          expect(fx.f[acc.slots.order[s]! * fx.d + j]).toBe(acc.slots.peak[s]); // the sampled token really has that activation
        }
        expect(new Set(g.slots.map((s) => acc.slots.order[s])).size).toBe(g.slots.length); // no token twice
      }
    }
  });

  it('gives the same statistics, top-k and quantile samples whether the data comes in one batch or many, dense or TopK-sparse', () => {
    const variants = [
      run(fx, [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11]),
      run(fx, [5, 7]),
      run(fx, [], opts, 'sparse'),
      run(fx, [3, 8], opts, 'sparse'),
    ];
    for (const other of variants) {
      expect(other.fireCount).toEqual(acc.fireCount);
      expect(other.sum).toEqual(acc.sum);
      expect(other.max).toEqual(acc.max);
      expect(other.hist).toEqual(acc.hist);
      for (let j = 0; j < fx.d; j++) {
        const key = (a: FeatureAccumulator, slots: number[]) =>
          slots.map((s) => [a.slots.order[s], a.slots.peak[s], ...a.slots.acts.subarray(s * a.slots.width, (s + 1) * a.slots.width)]);
        expect(key(other, other.topSlots(j))).toEqual(key(acc, acc.topSlots(j)));
        expect(other.quantileBands(j).map((b) => [b.band, b.population, key(other, b.slots)])).toEqual(
          acc.quantileBands(j).map((b) => [b.band, b.population, key(acc, b.slots)]),
        );
      }
    }
  });

  it('ties at the cut: when a higher peak arrives, the later of two tied entries leaves, the earlier stays', () => {
    const win = (index: number): PassWindow => ({ index, tokens: Uint32Array.of(index), samples: Int32Array.of(0) });
    const tie: Fixture = { windows: [win(0), win(1), win(2), win(3)], f: Float32Array.of(2, 2, 2, 3), d: 1 };
    for (const cuts of [[], [1, 2, 3]]) {
      const a = run(tie, cuts, { topK: 2, contextWindow: 0, quantileGroups: 0, quantileExamples: 1, seed: 0 });
      expect(a.topSlots(0).map((s) => a.slots.meta[s * SLOT_META_I32 + META_WINDOW])).toEqual([3, 0]);
    }
  });

  it('reservoir samples are uniform over the band: each of 10 tokens is kept ≈ 2/10 of the time over 2000 seeds', () => {
    const one: Fixture = {
      windows: [{ index: 0, tokens: Uint32Array.from({ length: 10 }, (_, i) => i), samples: new Int32Array(10).fill(0) }],
      f: Float32Array.from({ length: 10 }, (_, i) => 1.1 + i * 0.08),
      d: 1,
    };
    const kept = new Array<number>(10).fill(0);
    for (let seed = 0; seed < 2000; seed++) {
      const a = run(one, [], { topK: 0, contextWindow: 0, quantileGroups: 1, quantileExamples: 2, seed });
      const [band] = a.quantileBands(0);
      expect(band?.population).toBe(10);
      for (const s of band!.slots) kept[a.slots.order[s]!]!++;
    }
    // Expected 400 each; σ = √(2000·0.2·0.8) ≈ 18, so ±80 is ≈ 4.5σ.
    for (const k of kept) expect(Math.abs(k - 400)).toBeLessThan(80);
  });
});
