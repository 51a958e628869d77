/**
 * The steering job kinds, typed end to end (docs/steering.md): `steering.generate` and
 * `steering.sweep` params (what main hands the worker), reports (ctx.metrics payloads,
 * streamed while the job runs) and results.
 */
import type { GenerationOptions } from '../../shared/types/models';
import type { ProviderSetting } from '../model/providers';
import type { NamedShift, SteeringContext, SteeringFeature, SteeringGenerateReport, SteeringGenerateResult, SteeringPositions, SteeringSweepReport, SteeringSweepResult } from '../../shared/types/steering';
import { MAX_NEW_TOKENS, MAX_SAMPLES, MAX_SWEEP_POINTS } from '../../shared/types/steering';

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
  positions: SteeringPositions;
  options: GenerationOptions;
}

export interface SteeringGenerateParams extends SteeringJobBase {
  /** Each with its own mode (additive or clamp); one run may mix them. */
  features: SteeringFeature[];
  /** Pairs to generate; sample s uses seed options.seed + s for both runs. 1…64. */
  samples: number;
  /** First-position probability shifts to report (default 10). */
  topShifts?: number;
}

export interface SteeringSweepParams extends SteeringJobBase {
  /** The swept feature, with its mode (the coefficient is the sweep's). */
  feature: Omit<SteeringFeature, 'coefficient'>;
  /** 1…64 values, in the order they run. */
  coefficients: number[];
  /** Tokens whose probability the sweep tracks; default the feature's top-10 logit-lens tokens. */
  targetTokenIds?: number[];
}

export type { NamedShift, SteeringGenerateReport, SteeringSweepReport, SteeringContext, SteeringGenerateResult, SteeringSweepResult };
export { MAX_NEW_TOKENS, MAX_SAMPLES, MAX_SWEEP_POINTS };
