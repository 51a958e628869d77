import type { SplitRatios } from '../../../shared/jobs/datasets';
/** Split names as the app knows them; other names from the data are kept, lower-cased. */
const ALIASES: Record<string, string> = {
  train: 'train',
  training: 'train',
  validation: 'validation',
  valid: 'validation',
  val: 'validation',
  dev: 'validation',
  test: 'test',
  testing: 'test',
};

export function normaliseSplit(name: string): string {
  const key = name.trim().toLowerCase();
  return ALIASES[key] ?? key;
}

/** HF-style file names ("train-00000-of-00002.parquet", "validation.jsonl") name their split. */
export function splitFromFileName(file: string): string | undefined {
  const base = file.split(/[\\/]/).pop() ?? file;
  const m = /^(train|training|validation|valid|val|dev|test|testing)(?=[-_.])/i.exec(base);
  return m?.[1] ? normaliseSplit(m[1]) : undefined;
}

export type { SplitRatios };

export const DEFAULT_RATIOS: SplitRatios = { train: 0.9, validation: 0.05, test: 0.05 };

/** Ratios must be non-negative and sum to 1 (± 1e-6). */
export function checkRatios(ratios: SplitRatios): string | null {
  const entries = Object.entries(ratios);
  if (entries.length === 0) return 'no split ratios given';
  for (const [name, r] of entries) if (!(r >= 0) || !Number.isFinite(r)) return `ratio for "${name}" must be a number ≥ 0`;
  const sum = entries.reduce((s, [, r]) => s + r, 0);
  if (Math.abs(sum - 1) > 1e-6) return `split ratios sum to ${sum}, not 1`;
  return null;
}

/** murmur3's 32-bit finaliser: a cheap, well-mixed bijection on uint32. */
function fmix32(h: number): number {
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

/**
 * A uniform number in [0, 1) from (seed, ordinal) alone — no RNG state, so the split of
 * sample n never depends on how reading was chunked or which rows came before it.
 */
export function unitHash(seed: number, ordinal: number): number {
  const lo = ordinal >>> 0;
  const hi = Math.floor(ordinal / 0x100000000) >>> 0;
  let h = fmix32((seed >>> 0) ^ 0x9e3779b9);
  h = fmix32(h ^ lo);
  h = fmix32((h + Math.imul(hi, 0x27d4eb2f)) >>> 0);
  // Second round with a different constant gives 53 bits for the fraction.
  const h2 = fmix32((h ^ 0x165667b1) >>> 0);
  return (h * 0x200000 + (h2 >>> 11)) / 2 ** 53;
}

/** Seeded random split by ratios (order of keys decides the cumulative intervals). */
export function seededSplit(seed: number, ordinal: number, ratios: SplitRatios): string {
  const u = unitHash(seed, ordinal);
  let acc = 0;
  let last = 'train';
  for (const [name, r] of Object.entries(ratios)) {
    if (r <= 0) continue;
    acc += r;
    last = name;
    if (u < acc) return name;
  }
  return last;
}
