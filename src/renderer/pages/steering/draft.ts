/**
 * The Steering page's configuration as the researcher edits it (docs/steering.md), and its two
 * mappings: to the contract's `steering.generate` / `steering.sweep` arguments and to / from a
 * preset's config. Numbers are kept as typed (string or number) until a run needs them.
 */
import type { SteeringGenerateInput, SteeringPresetConfig, SteeringSweepInput } from '../../../shared/contract/steering';
import { MAX_NEW_TOKENS, MAX_SAMPLES, type SteeringMode, type SteeringPositions } from '../../../shared/types/steering';

/** A steered feature with what the page shows about it (from the feature pass). */
export interface DraftFeature {
  feature: number;
  /** Multiples of `maxActivation` (additive strength, or the clamp target). */
  coefficient: number;
  /** This feature's intervention: added along W_dec[f], or its activation clamped. */
  mode: SteeringMode;
  label: string | null;
  topTokens: string[];
  /** The feature's max activation in the feature pass: the coefficient's unit. */
  maxActivation: number;
}

export interface SamplingDraft {
  maxNewTokens: number | string;
  temperature: number | string;
  topK: number | string;
  topP: number | string;
  seed: number | string;
  samples: number | string;
}

export interface SteeringDraft {
  features: DraftFeature[];
  positions: SteeringPositions;
  /** null = the SAE's own hook. */
  hook: string | null;
  prompt: string;
  sampling: SamplingDraft;
}

/** Slider range; typed values beyond are allowed up to the contract's ±1000. */
export const SLIDER_RANGE = 5;
export const QUICK = { suppress: -2, reset: 0, amplify: 2 } as const;

export const DEFAULT_SAMPLING: SamplingDraft = { maxNewTokens: 30, temperature: 0.8, topK: 50, topP: 0.95, seed: 42, samples: 1 };
export const DEFAULT_PROMPT = 'And God said unto Moses,';

export function emptyDraft(): SteeringDraft {
  return { features: [], positions: 'all', hook: null, prompt: DEFAULT_PROMPT, sampling: { ...DEFAULT_SAMPLING } };
}

type NumberRule = { key: keyof SamplingDraft; name: string; min: number; max: number; integer: boolean; openMin?: boolean };
const RULES: NumberRule[] = [
  { key: 'maxNewTokens', name: 'Max new tokens', min: 1, max: MAX_NEW_TOKENS, integer: true },
  { key: 'temperature', name: 'Temperature', min: 0, max: 5, integer: false },
  { key: 'topK', name: 'Top-k', min: 0, max: 100_000, integer: true },
  { key: 'topP', name: 'Top-p', min: 0, max: 1, integer: false, openMin: true },
  { key: 'seed', name: 'Seed', min: 0, max: 2 ** 32 - 1, integer: true },
  { key: 'samples', name: 'Samples', min: 1, max: MAX_SAMPLES, integer: true },
];

/** Why the sampling settings cannot run as typed, one sentence each (empty = fine). */
export function samplingProblems(s: SamplingDraft): string[] {
  const out: string[] = [];
  for (const r of RULES) {
    const raw = s[r.key];
    const v = typeof raw === 'number' ? raw : raw.trim() === '' ? NaN : Number(raw);
    if (!Number.isFinite(v)) out.push(`${r.name} is empty`);
    else if (r.integer && !Number.isInteger(v)) out.push(`${r.name} must be a whole number`);
    else if ((r.openMin ? v <= r.min : v < r.min) || v > r.max)
      out.push(`${r.name} must be ${r.openMin ? `above ${r.min}` : `at least ${r.min}`} and at most ${r.max.toLocaleString()}`);
  }
  return out;
}

/**
 * Why Generate is disabled, or null when it can run. `saeReady` is false before the SAE's
 * feature pass (the coefficient's unit comes from it); `busy` while a run is going; `sweep`
 * for the sweep's Run button.
 */
export function generateBlocker(d: SteeringDraft, ctx: { saeReady: boolean; busy: boolean; sweep?: boolean }): string | null {
  if (ctx.busy) return 'A run is in progress: stop it or wait for it to finish';
  if (!ctx.saeReady)
    return "Run this SAE's feature pass first: a coefficient is a multiple of each feature's max activation, which the pass measures";
  // A sweep picks its one feature itself (and ignores the set's coefficients).
  if (d.features.length === 0 && !ctx.sweep) return 'Add at least one feature to steer with';
  if (!d.prompt.trim()) return 'Write a prompt';
  const bad = d.features.find((f) => !Number.isFinite(f.coefficient) || Math.abs(f.coefficient) > 1000);
  if (bad) return `Feature #${bad.feature}'s coefficient must be between −1000 and 1000`;
  const p = samplingProblems(d.sampling);
  return p.length ? p[0]! : null;
}

function options(s: SamplingDraft) {
  return {
    maxNewTokens: Number(s.maxNewTokens),
    temperature: Number(s.temperature),
    topK: Number(s.topK),
    topP: Number(s.topP),
    seed: Number(s.seed),
  };
}

export function generateArgs(saeId: string, d: SteeringDraft): SteeringGenerateInput {
  return {
    saeId,
    ...(d.hook ? { hook: d.hook } : {}),
    prompt: d.prompt,
    positions: d.positions,
    options: options(d.sampling),
    features: d.features.map((f) => ({ feature: f.feature, coefficient: f.coefficient, mode: f.mode })),
    samples: Number(d.sampling.samples),
  };
}

/** `count` coefficients evenly from `from` to `to` (both included), rounded to 4 decimals. */
export function coefficientRange(from: number, to: number, count: number): number[] {
  if (count <= 1) return [from];
  return Array.from({ length: count }, (_, i) => Math.round((from + ((to - from) * i) / (count - 1)) * 1e4) / 1e4);
}

/** The sweep runs the feature in its own mode (additive unless it is in the set as clamp). */
export function sweepArgs(saeId: string, d: SteeringDraft, feature: number, coefficients: number[]): SteeringSweepInput {
  const mode = d.features.find((f) => f.feature === feature)?.mode ?? 'additive';
  return {
    saeId,
    ...(d.hook ? { hook: d.hook } : {}),
    prompt: d.prompt,
    mode,
    positions: d.positions,
    options: options(d.sampling),
    feature,
    coefficients,
  };
}

export function presetConfig(saeId: string, d: SteeringDraft): SteeringPresetConfig {
  const { samples, ...rest } = generateArgs(saeId, d);
  return {
    ...rest,
    positions: d.positions,
    features: d.features.map((f) => ({ feature: f.feature, coefficient: f.coefficient, mode: f.mode })),
    samples: samples ?? 1,
  };
}

/** A preset's config back into a draft; `describe` fills each feature's label, top tokens and scale. */
export function draftFromPreset(
  c: SteeringPresetConfig,
  describe: (feature: number) => Omit<DraftFeature, 'feature' | 'coefficient' | 'mode'>,
): SteeringDraft {
  return {
    features: c.features.map((f) => ({ feature: f.feature, coefficient: f.coefficient, mode: f.mode, ...describe(f.feature) })),
    positions: c.positions,
    hook: c.hook ?? null,
    prompt: c.prompt,
    sampling: {
      maxNewTokens: c.options.maxNewTokens,
      temperature: c.options.temperature,
      topK: c.options.topK,
      topP: c.options.topP,
      seed: c.options.seed,
      samples: c.samples,
    },
  };
}
