import type { JobStatus } from './job-status';

/**
 * Feature-level results of a feature pass over an SAE (docs/features.md). These are the
 * wire shapes both the renderer and the compute task use; the compute side writes them,
 * main stores them in SQLite and serves them back unchanged.
 */

/** Density buckets by activation frequency (fraction of the pass's tokens a feature fired on). */
export const DENSITY_BUCKETS = ['dead', 'ultra-low', 'normal', 'dense'] as const;
export type DensityBucket = (typeof DENSITY_BUCKETS)[number];

/**
 * Defined once; the UI shows them next to the bucket. dead: fired on no token of the pass;
 * ultra-low: 0 < frequency < ultraLowBelow; dense: frequency > denseAbove; normal: the rest.
 * Dense at 10 %: an SAE with L0 ≈ 60 of 2,048 features averages 3 % per feature, so a 1 % cut would
 * call nearly every feature dense; ultra-low below 1 in 10,000 tokens (needs a pass of ≥ 10⁴ tokens).
 */
export const DENSITY_THRESHOLDS = { ultraLowBelow: 1e-4, denseAbove: 0.1 } as const;

export function densityBucketOf(frequency: number): DensityBucket {
  if (frequency <= 0) return 'dead';
  if (frequency < DENSITY_THRESHOLDS.ultraLowBelow) return 'ultra-low';
  if (frequency > DENSITY_THRESHOLDS.denseAbove) return 'dense';
  return 'normal';
}

/** The interpretability proxy: named and defined here so the UI shows the same words the pass computes. */
export const INTERPRETABILITY_PROXY = {
  name: 'Top-token concentration',
  definition:
    'Share of the top-k max-activating examples whose peak token is the single most common peak token ' +
    '(1 = every top example peaks on the same token; 1/k = all different). Measured, not a judgement of meaning.',
} as const;

/** Where a context came from: the token window of the tokenized dataset, and the sample its peak token belongs to. */
export interface ContextSource {
  datasetId: string;
  /** Ordinal of the dataset sample holding the peak token (its row in the sample browser); null when the peak is a special token (BOS, separator). */
  sampleOrdinal: number | null;
  /** Global row index of the token window in the tokenized shards, and the peak's position in that window. */
  windowIndex: number;
  peakPosition: number;
}

/** A window of tokens around a feature's peak, with the feature's activation on every token. */
export interface FeatureContext {
  /** Decoded text of each token (as the tokenizer shows it; may start with a space). */
  tokens: string[];
  tokenIds: number[];
  /** Activation of this feature on each token of `tokens`. */
  activations: number[];
  /** Index into `tokens` of the peak. */
  peakIndex: number;
  peakActivation: number;
  source: ContextSource;
}

/** sae_vis-style quantile group: contexts sampled uniformly among firing tokens with activation in [low, high). */
export interface QuantileGroup {
  low: number;
  high: number;
  /** Firing tokens of the pass that fell in this interval (the sampling population). */
  population: number;
  contexts: FeatureContext[];
}

export interface FeatureExamples {
  saeId: string;
  featureIndex: number;
  /** Max-activating contexts, highest first (ties: earlier window, then earlier position). */
  top: FeatureContext[];
  quantiles: QuantileGroup[];
}

/** Activation histogram over firing tokens: log-spaced edges (activation units), counts per bin. */
export interface FeatureHistogram {
  edges: number[];
  counts: number[];
}

export interface LogitLensEntry {
  tokenId: number;
  token: string;
  /** (W_dec[f] · W_U)[token], with the final norm's scale folded in when `finalNormScale` is set. */
  value: number;
}

export interface LogitLens {
  positive: LogitLensEntry[];
  negative: LogitLensEntry[];
  /** The final norm whose per-channel scale was applied before W_U (e.g. "ln_f.weight"), or null when none was. */
  finalNormScale: string | null;
}

export interface FeatureNeighbour {
  featureIndex: number;
  /** Cosine similarity of the decoder rows W_dec[f] and W_dec[g]. */
  cosine: number;
  label: string | null;
}

/** One row of the feature browser. */
export interface FeatureSummary {
  saeId: string;
  featureIndex: number;
  label: string | null;
  /** From the top tokens (computed by the pass); shown when no label was written. */
  suggestedLabel: string | null;
  isFavorite: boolean;
  hasNotes: boolean;
  /** Fraction of the pass's tokens on which it fired (0..1). */
  frequency: number;
  /** Over all tokens of the pass. */
  maxActivation: number;
  /** Mean over firing tokens only. */
  meanActivation: number;
  /** INTERPRETABILITY_PROXY, 0..1; null for dead features. */
  proxy: number | null;
  densityBucket: DensityBucket;
  /** Most common peak tokens of the top examples, most common first. */
  topTokens: string[];
}

/** Everything the feature dashboard shows besides its examples. */
export interface FeatureDetail extends FeatureSummary {
  notes: string | null;
  /** Firing tokens of the pass (frequency × tokens). */
  firingCount: number;
  histogram: FeatureHistogram;
  logitLens: LogitLens;
  neighbours: FeatureNeighbour[];
  /** The pass these statistics come from. */
  passId: string;
  passTokens: number;
}

export type FeatureSortKey = 'index' | 'frequency' | 'maxActivation' | 'proxy';

export interface FeatureListPage {
  rows: FeatureSummary[];
  /** Rows matching search + filters (all pages). */
  total: number;
  offset: number;
  limit: number;
}

/** A feature pass's parameters, every default filled in (what the job ran with). */
export interface FeaturePassParams {
  saeId: string;
  datasetId: string;
  /** Which split's token windows are read; 'validation' = the held-out split the training left out. */
  split: 'validation' | 'test' | 'train' | 'all';
  /** Tokens to stream through the model and SAE (stops earlier when the split has fewer). */
  tokens: number;
  /** Max-activating contexts kept per feature. */
  topK: number;
  /** Tokens kept on each side of the peak. */
  contextWindow: number;
  /** Quantile groups and contexts per group (sae_vis). */
  quantileGroups: number;
  quantileExamples: number;
  /** Tokens per model forward batch. */
  batchTokens: number;
}

export interface FeaturePassProgress {
  tokensDone: number;
  tokensTotal: number;
  /** Features that fired at least once so far. */
  featuresSeen: number;
}

export interface FeaturePassRecord {
  id: string;
  saeId: string;
  jobId: string | null;
  status: JobStatus;
  params: FeaturePassParams;
  progress: FeaturePassProgress;
  /** Summary once completed. */
  summary: { tokens: number; dead: number; ultraLow: number; normal: number; dense: number; seconds: number } | null;
  error: string | null;
  createdAt: number;
  startedAt: number | null;
  completedAt: number | null;
}

/** Probe text: per token the SAE's top features (and one chosen feature's activation on every token). */
export interface ProbeToken {
  tokenId: number;
  text: string;
  top: { featureIndex: number; activation: number; label: string | null }[];
  /** Activation of the requested feature on this token (only when `featureIndex` was given). */
  featureActivation: number | null;
}

export interface ProbeResult {
  saeId: string;
  featureIndex: number | null;
  tokens: ProbeToken[];
  /** The text was longer than the model's context; tokens past it were not probed. */
  truncated: boolean;
}
