/**
 * Steering wire shapes (docs/steering.md), shared by the compute core (src/compute/steering),
 * main's steering service and the Steering page. One shape per concept: compute re-exports these.
 */
import type { GenerationResult } from './models';

export type SteeringMode = 'additive' | 'clamp';
export type SteeringPositions = 'all' | 'prompt' | 'generated';

export interface SteeringFeature {
  feature: number;
  /** Multiples of `scale`: additive strength, or the clamp target a_f′ = coefficient × scale. */
  coefficient: number;
  /** The feature's max activation (the unit of the coefficient), > 0. */
  scale: number;
  /** How this feature acts: added along W_dec[f], or its activation clamped (one run may mix both). */
  mode: SteeringMode;
}

export type SteeringRun = 'unsteered' | 'steered';

export interface StreamedToken {
  sample: number;
  run: SteeringRun;
  index: number;
  tokenId: number;
  text: string;
}

export interface SampleMetrics {
  /** Mean over the steered continuation's positions of KL(unsteered ‖ steered), nats. */
  meanKl: number;
  /** Perplexity of each continuation under the unsteered model. */
  perplexityUnsteered: number;
  perplexitySteered: number;
  /** perplexitySteered − perplexityUnsteered */
  perplexityDelta: number;
  /** Word-set Jaccard of the two continuations. */
  wordJaccard: number;
  /** Cosine of character-trigram counts of the two continuations. */
  similarity: number;
}

export const SAMPLE_METRICS: readonly (keyof SampleMetrics)[] = [
  'meanKl',
  'perplexityUnsteered',
  'perplexitySteered',
  'perplexityDelta',
  'wordJaccard',
  'similarity',
];

export interface SteeringPair {
  sample: number;
  seed: number;
  unsteered: GenerationResult;
  steered: GenerationResult;
  metrics: SampleMetrics;
}

export interface ProbabilityShift {
  tokenId: number;
  baseline: number;
  steered: number;
  /** steered − baseline */
  delta: number;
}

export interface MeanSpread {
  mean: number;
  /** Sample standard deviation (n − 1); null with fewer than 2 finite values. */
  sd: number | null;
  min: number;
  max: number;
  /** Finite values aggregated (NaN, e.g. the perplexity of an empty output, is left out). */
  n: number;
}

export interface ComparisonResult {
  pairs: SteeringPair[];
  /** Mean ± spread of each metric over the samples. */
  aggregate: Record<keyof SampleMetrics, MeanSpread>;
  /** Largest |Δp| at the first generated position (the prompt's last position; same for every sample). */
  firstTokenShifts: ProbabilityShift[];
  /** True when a stop request ended the run early (the pairs so far are complete). */
  stopped: boolean;
}

export interface SweepPoint extends SampleMetrics {
  coefficient: number;
  /**
   * Probability mass on the target tokens at the first generated position (the prompt's last
   * position) under the steered model.
   */
  targetProbabilityFirst: number;
  /**
   * Mean over the UNSTEERED continuation's positions (teacher-forced, a text fixed across the
   * sweep) of the target tokens' probability mass under the steered model.
   */
  targetProbabilityMean: number;
  tokenIds: number[];
  text: string;
}

export interface SweepResult {
  feature: number;
  targetTokenIds: number[];
  unsteered: { tokenIds: number[]; text: string; targetProbabilityFirst: number; targetProbabilityMean: number };
  points: SweepPoint[];
  stopped: boolean;
}

export interface LensToken {
  tokenId: number;
  /** W_dec[f] · W_U[:, token], in logit units per unit of activation. */
  score: number;
}

export interface FeatureLogitLens {
  feature: number;
  /** Highest scores first. */
  top: LensToken[];
  /** Lowest scores first. */
  bottom: LensToken[];
}

/** A shift with the token's text, for display. */
export interface NamedShift extends ProbabilityShift {
  text: string;
}

/** Streamed reports of `steering.generate` (ctx.metrics payloads). */
export type SteeringGenerateReport = ({ type: 'token' } & StreamedToken) | { type: 'pair'; pair: SteeringPair };

/** Streamed reports of `steering.sweep`; `coefficientIndex` null = the unsteered run. */
export type SteeringSweepReport =
  | { type: 'token'; coefficientIndex: number | null; index: number; tokenId: number; text: string }
  | { type: 'point'; index: number; point: SweepPoint };

export interface SteeringContext {
  hook: string;
  promptTokenIds: number[];
  /** ‖Σ c_f·scale_f·W_dec[f]‖₂ (all features additive; with a clamped one the delta varies per position: null). */
  steeringVectorNorm: number | null;
  /** Mean ‖x_t‖₂ at the hook over the prompt's positions, unsteered: the scale the vector acts against. */
  promptResidualNorm: number;
  provider: string;
}

export interface SteeringGenerateResult extends Omit<ComparisonResult, 'firstTokenShifts'>, SteeringContext {
  firstTokenShifts: NamedShift[];
}

export interface SteeringSweepResult extends SweepResult, SteeringContext {
  /** The feature's logit lens (W_dec[f]·W_U), with token texts. */
  logitLens: { top: (LensToken & { text: string })[]; bottom: (LensToken & { text: string })[] };
  targetTokenTexts: string[];
}

export const MAX_SAMPLES = 64;
export const MAX_NEW_TOKENS = 1024;
export const MAX_SWEEP_POINTS = 64;

/** A saved steering configuration; `config` is the contract's SteeringPresetConfig (it names its SAE). */
export interface SteeringPresetRecord {
  id: string;
  name: string;
  description: string | null;
  isFavorite: boolean;
  saeId: string;
  config: {
    saeId: string;
    hook?: string | undefined;
    prompt: string;
    positions: SteeringPositions;
    options: { maxNewTokens: number; temperature: number; topP: number; topK: number; seed: number; stopAtEos?: boolean | undefined };
    /** Each feature with its own mode (presets saved with one run-level mode load with it on every feature). */
    features: { feature: number; coefficient: number; mode: SteeringMode }[];
    samples: number;
  };
  createdAt: number;
  updatedAt: number;
}
