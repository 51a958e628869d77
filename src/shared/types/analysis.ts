/**
 * Feature analysis results (docs/analysis.md): measured ablation, activation correlations and
 * the 2-D feature map. Wire shapes shared by the compute tasks, main and the renderer; main
 * stores them as files under the SAE's folder and serves them back unchanged.
 */

/**
 * 'sae': the SAE's reconstruction is spliced in; baseline x̂, ablated x̂ − a_f·W_dec[f].
 * 'error-preserved': the SAE's error term is kept; baseline x (the clean model), ablated
 * x + (x̂_ablated − x̂) = x − a_f·W_dec[f]. The effect is the feature's alone.
 */
export const ABLATION_MODES = ['sae', 'error-preserved'] as const;
export type AblationMode = (typeof ABLATION_MODES)[number];

export const ABLATION_MODE_TEXT: Record<AblationMode, string> = {
  sae: 'SAE spliced in: baseline = reconstruction x̂, ablated = x̂ − a_f·W_dec[f] (includes the SAE’s reconstruction error in both runs)',
  'error-preserved':
    'Error term preserved: baseline = the clean model (x), ablated = x + (x̂_ablated − x̂) = x − a_f·W_dec[f] (the feature’s effect alone)',
};

/** One scored position whose next-token loss changed a lot, with the text around it. */
export interface AblationTokenChange {
  /** Tokens of the window up to and including the predicted token; `position` predicts `position + 1`. */
  tokens: string[];
  position: number;
  /** Next-token CE (nats) of the baseline and with f zeroed, and their difference (ablated − baseline). */
  ceBaseline: number;
  ceAblated: number;
  deltaCe: number;
  /** Feature activation at `position`. */
  activation: number;
  windowIndex: number;
}

export interface AblationResult {
  saeId: string;
  featureIndex: number;
  mode: AblationMode;
  datasetId: string;
  split: string;
  /** Scored positions (each predicts the next token) and windows. */
  tokens: number;
  windows: number;
  /** Mean next-token CE (nats) of the baseline and with f zeroed, over all scored positions. */
  ceBaseline: number;
  ceAblated: number;
  /** ceAblated − ceBaseline (nats/token), and its 95% confidence interval: mean ± 1.96 · sd(window means)/√windows. */
  deltaCe: number;
  deltaCeCi95: [number, number];
  /** Positions where f fired (a_f > 0) and the mean ΔCE of predicting the next token there (null if it never fired). */
  firedTokens: number;
  deltaCeWhereFired: number | null;
  /**
   * The feature's top logit-lens tokens (W_dec[f]·W_U, final norm's scale folded in) and the mean
   * ΔCE on positions whose next token is one of them, against the mean ΔCE on all other positions.
   */
  lensTokens: string[];
  lensPositions: number;
  deltaCeWhereLensTokenFollows: number | null;
  deltaCeElsewhere: number | null;
  /** Mean KL(baseline ‖ ablated) of the next-token distribution, nats/token. */
  kl: number;
  /** Positions with the largest increase and the largest decrease of next-token loss. */
  increased: AblationTokenChange[];
  decreased: AblationTokenChange[];
  tokensPerSecond: number;
  seconds: number;
  createdAt: string;
}

export interface CorrelationPartner {
  featureIndex: number;
  /** Pearson correlation of the two features' activations over the pass's tokens. */
  r: number;
}

/** Stored summary of a correlation run (the matrix itself is a binary file next to it). */
export interface CorrelationSummary {
  saeId: string;
  datasetId: string;
  split: string;
  tokens: number;
  /** Features in the matrix (the most frequent ones, up to the cap), in matrix order. */
  features: number[];
  /** Firing frequency of each of `features` over the tokens. */
  frequencies: number[];
  seconds: number;
  createdAt: string;
}

export interface CorrelationHeatmap {
  saeId: string;
  features: number[];
  labels: (string | null)[];
  /** Row-major [features × features] Pearson r (NaN-free: constant features give 0). */
  r: number[];
  /** Pairs with |r| ≥ threshold, strongest first. */
  pairs: { a: number; b: number; r: number }[];
  tokens: number;
}

export const PROJECTION_METHODS = ['pca', 'umap', 'tsne'] as const;
export type ProjectionMethod = (typeof PROJECTION_METHODS)[number];

export interface FeatureMap {
  saeId: string;
  method: ProjectionMethod;
  seed: number;
  /** [d_sae × 2] row-major x, y per feature (decoder row j → point j). */
  points: number[];
  /** PCA only: share of the variance of the (centred) decoder rows each of the two axes explains. */
  explainedVariance: number[] | null;
  seconds: number;
  createdAt: string;
}

/** The map plus, per feature (same order as the points), what the scatter colours by and shows on hover. */
export interface FeatureMapView extends FeatureMap {
  frequency: number[];
  proxy: (number | null)[];
  densityBucket: string[];
  label: (string | null)[];
}
