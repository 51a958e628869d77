/**
 * The steering job kinds, typed end to end (docs/steering.md): `steering.generate` and
 * `steering.sweep` params (what main hands the worker), reports (ctx.metrics payloads,
 * streamed while the job runs) and results.
 */
import type { GenerationOptions } from '../../shared/types/models';
import type { ProviderSetting } from '../model/providers';
import type { ComparisonResult, StreamedToken, SteeringPair } from './compare';
import type { SteeringFeature, SteeringMode, SteeringPositions } from './intervention';
import type { FeatureLogitLens } from './logit-lens';
import type { ProbabilityShift } from './metrics';
import type { SweepPoint, SweepResult } from './sweep';

interface SteeringJobBase {
  /** Shown in the job's title (e.g. the SAE's name). */
  name?: string;
  modelDir: string;
  provider?: ProviderSetting;
  /** SAELens folder (cfg.json + sae_weights.safetensors). */
  saeDir: string;
  /** Hook to steer at; default the SAE's own (cfg hook_name). */
  hook?: string;
  prompt: string;
  mode: SteeringMode;
  positions: SteeringPositions;
  options: GenerationOptions;
}

export interface SteeringGenerateParams extends SteeringJobBase {
  features: SteeringFeature[];
  /** Pairs to generate; sample s uses seed options.seed + s for both runs. 1…64. */
  samples: number;
  /** First-position probability shifts to report (default 10). */
  topShifts?: number;
}

export interface SteeringSweepParams extends SteeringJobBase {
  feature: Omit<SteeringFeature, 'coefficient'>;
  /** 1…64 values, in the order they run. */
  coefficients: number[];
  /** Tokens whose probability the sweep tracks; default the feature's top-10 logit-lens tokens. */
  targetTokenIds?: number[];
}

/** A shift with the token's text, for display. */
export interface NamedShift extends ProbabilityShift {
  text: string;
}

/** ctx.metrics payloads of `steering.generate`. */
export type SteeringGenerateReport = ({ type: 'token' } & StreamedToken) | { type: 'pair'; pair: SteeringPair };

/** ctx.metrics payloads of `steering.sweep`; `coefficientIndex` null = the unsteered run. */
export type SteeringSweepReport = { type: 'token'; coefficientIndex: number | null; index: number; tokenId: number; text: string } | { type: 'point'; index: number; point: SweepPoint };

export interface SteeringContext {
  hook: string;
  promptTokenIds: number[];
  /** ‖Σ c_f·scale_f·W_dec[f]‖₂ (additive; for clamp the delta varies per position: null). */
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
  logitLens: { top: (FeatureLogitLens['top'][number] & { text: string })[]; bottom: (FeatureLogitLens['bottom'][number] & { text: string })[] };
  targetTokenTexts: string[];
}

export const MAX_SAMPLES = 64;
export const MAX_NEW_TOKENS = 1024;
export const MAX_SWEEP_POINTS = 64;
