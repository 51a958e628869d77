/**
 * Job-side shapes of `steering.generate` and `steering.sweep` (docs/steering.md): params (what
 * main hands the worker); their reports (ctx.report payloads) and results are the wire shapes
 * in src/shared/types/steering.ts.
 */
import type { GenerationOptions } from '../types/models';
import type { ExecutionProvider } from '../types/settings';
import type { SteeringFeature, SteeringPositions } from '../types/steering';

interface SteeringJobBase {
  /** Shown in the job's title (e.g. the SAE's name). */
  name?: string;
  modelDir: string;
  provider?: ExecutionProvider;
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

/** What the steering jobs carry besides the task params: the SAE they steer with (events are keyed by it). */
export type SteeringGenerateJobParams = SteeringGenerateParams & { saeId: string };
export type SteeringSweepJobParams = SteeringSweepParams & { saeId: string };
