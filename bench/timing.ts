import { performance } from 'node:perf_hooks';

export interface Timing {
  /** Seconds per timed run, in run order (warm-up runs excluded). */
  times: number[];
  medianSeconds: number;
}

export function median(values: number[]): number {
  const s = [...values].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
}

/** `warmup` untimed calls (session build, allocator warm-up), then `runs` timed ones. */
export async function timeRuns(fn: () => Promise<unknown>, warmup: number, runs: number): Promise<Timing> {
  for (let i = 0; i < warmup; i++) await fn();
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    await fn();
    times.push((performance.now() - t0) / 1000);
  }
  return { times, medianSeconds: median(times) };
}

/** Deterministic token ids in [0, vocab): a small LCG, so every run feeds the same batch. */
export function syntheticInputIds(batch: number, seq: number, vocab: number, seed = 12345): number[][] {
  let state = seed >>> 0;
  const next = () => {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    return state;
  };
  return Array.from({ length: batch }, () => Array.from({ length: seq }, () => next() % vocab));
}

export const fmtTokensPerSecond = (t: number): string => `${t.toLocaleString('en-US', { maximumFractionDigits: 0 })} tok/s`;
export const fmtSeconds = (s: number): string => `${s.toFixed(3)} s`;
