import { isBatchTopKFamily, matryoshkaPrefixWidths } from '../../shared/sae-architectures';
import type { SaeArchitecture, SaeHyperparameters, SaeWeights } from './types';

export { isBatchTopKFamily };

/**
 * What each architecture trains beyond the four SAELens weights (docs/training.md
 * "Architectures"). Shapes: every extra is [d_sae].
 *   jumprelu: log_threshold (θ = exp(log_threshold), trained by the STE of Rajamanoharan et al. 2024)
 *   batchtopk: nothing trained; the global threshold is running state (TrainerState.topkThreshold)
 *   matryoshka: as batchtopk (BatchTopK inside; the nested prefix losses change only the loss)
 *   gated: r_mag, b_mag (magnitude path); b_enc holds the gate bias b_gate
 */
export const BASE_PARAMS = ['W_enc', 'b_enc', 'W_dec', 'b_dec'] as const;
export type BaseParam = (typeof BASE_PARAMS)[number];
export type ExtraParam = 'log_threshold' | 'r_mag' | 'b_mag';
/** Every extra any architecture trains (checkpoint files save those present). */
export const EXTRA_PARAMS: readonly ExtraParam[] = ['log_threshold', 'r_mag', 'b_mag'];
export type TrainedParam = BaseParam | ExtraParam;

export function extraParams(architecture: SaeArchitecture): ExtraParam[] {
  if (architecture === 'jumprelu') return ['log_threshold'];
  return architecture === 'gated' ? ['r_mag', 'b_mag'] : [];
}

export function trainedParams(architecture: SaeArchitecture): TrainedParam[] {
  return [...BASE_PARAMS, ...extraParams(architecture)];
}

export function paramShapeOf(p: TrainedParam, dIn: number, dSae: number): number[] {
  switch (p) {
    case 'W_enc':
      return [dIn, dSae];
    case 'W_dec':
      return [dSae, dIn];
    case 'b_dec':
      return [dIn];
    default:
      return [dSae];
  }
}

/** A parameter that an architecture needs, or a sentence saying it is missing. */
export function paramOf(w: SaeWeights, p: TrainedParam): Float32Array {
  const v = w[p];
  if (!v) throw new Error(`the SAE weights have no "${p}" tensor, which this architecture trains`);
  return v;
}

/** JumpReLU defaults (SAELens JumpReLUTrainingSAEConfig): λ 1, bandwidth ε 0.001, θ₀ 0.001. */
export const JUMPRELU_DEFAULTS = { l0Coefficient: 1, bandwidth: 0.001, initThreshold: 0.001 } as const;
/** BatchTopK default (SAELens BatchTopKTrainingSAEConfig.topk_threshold_lr). */
export const TOPK_THRESHOLD_LR = 0.01;

export function jumpReluBandwidth(hp: Pick<SaeHyperparameters, 'jumpReluBandwidth'>): number {
  return hp.jumpReluBandwidth ?? JUMPRELU_DEFAULTS.bandwidth;
}

/** Fresh extras for an architecture: log_threshold = log θ₀ for JumpReLU; r_mag = b_mag = 0 for Gated (SAELens). */
export function initialExtras(hp: SaeHyperparameters, dSae: number): Partial<SaeWeights> {
  if (hp.architecture === 'gated') return { r_mag: new Float32Array(dSae), b_mag: new Float32Array(dSae) };
  if (hp.architecture !== 'jumprelu') return {};
  const theta0 = hp.jumpReluInitThreshold ?? JUMPRELU_DEFAULTS.initThreshold;
  return { log_threshold: new Float32Array(dSae).fill(Math.log(theta0)) };
}

/**
 * BatchTopK's threshold update (SAELens update_topk_threshold, float64): θ ← (1 − r)·θ + r·min f>0
 * over the batch's activations, unchanged when nothing fired.
 */
export function nextTopkThreshold(theta: number, minPositive: number, rate: number): number {
  return Number.isFinite(minPositive) ? (1 - rate) * theta + rate * minPositive : theta;
}

/** TopK-family SAEs whose dead features are trained by AuxK (Gao et al. 2024; SAELens calculate_topk_aux_loss). */
export function usesAuxK(architecture: SaeArchitecture): boolean {
  return architecture === 'topk' || isBatchTopKFamily(architecture);
}

/**
 * Matryoshka prefix widths in features, increasing, the last = d_sae (docs/training.md
 * "Matryoshka"); throws the sentence of matryoshkaPrefixWidths when the fractions do not fit d_sae.
 */
export function matryoshkaWidthsOf(hp: Pick<SaeHyperparameters, 'matryoshkaWidths'>, dSae: number): number[] {
  const widths = matryoshkaPrefixWidths(hp.matryoshkaWidths, dSae);
  if (typeof widths === 'string') throw new Error(widths);
  return widths;
}
