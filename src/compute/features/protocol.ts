/**
 * Worker-side contract of the feature pass and the probe task (docs/features.md): what main
 * sends (params), what the task reports while it runs (ctx.metrics), what it returns, and the
 * per-feature record the result reader yields. The wire shapes the renderer also needs
 * (contexts, histogram, logit lens, density buckets) are defined once in
 * src/shared/types/features.ts and used here.
 */
import type { DensityBucket, FeatureContext, FeatureHistogram, LogitLens, QuantileGroup } from '../../shared/types/features';
import type { ProviderSetting } from '../model/providers';

export const FEATURE_PASS_TASK = 'features.pass';
export const FEATURE_PROBE_TASK = 'features.probe';

/** Samples to read: token windows whose every text segment comes from one of these splits. */
export interface SplitFilter {
  /** The app's SQLite file (read-only connection; dataset_samples.split). */
  dbPath: string;
  datasetId: string;
  /** e.g. ['validation']. */
  splits: string[];
}

export interface FeaturePassTaskParams {
  /** SAELens folder (cfg.json + sae_weights.safetensors): standard (ReLU), topk, jumprelu. */
  saeDir: string;
  /** transformers.js-layout model folder of the SAE's model. */
  modelDir: string;
  /** e.g. 'blocks.2.hook_resid_post'; must exist in the model and match the SAE's d_in. */
  hook: string;
  /** A finished token shard folder (datasets/<id>/tokens/<hash>/) of the SAE's model's tokenizer. */
  tokensDir: string;
  /** Copied into every context's source (the sample browser link). */
  datasetId: string;
  /** null = every window of the token set. */
  splitFilter: SplitFilter | null;
  /** Stop after this many real (unpadded) tokens; the pass ends earlier when the windows run out. */
  maxTokens: number;
  /** Max-activating contexts kept per feature (at most one per token window). */
  topK: number;
  /** Tokens kept on each side of the peak (clipped at the window's ends). */
  contextWindow: number;
  /** Quantile groups per feature (activation bands just below the feature's max) and contexts per group. */
  quantileGroups: number;
  quantileExamples: number;
  /** Tokens per model forward + SAE encode batch (whole windows; at least one window). */
  batchTokens: number;
  /** Positive and negative logit-lens tokens kept per feature. */
  logitLensTokens?: number;
  /** Decoder-cosine neighbours kept per feature. */
  neighbours?: number;
  /** Seed of the quantile reservoir sampling (default 0): same seed + same data ⇒ same contexts. */
  seed?: number;
  /**
   * Final result folder (under saes/<id>/passes/…). The task writes `<outDir>.partial-<hex>`,
   * fsyncs it and renames it to `outDir` last; on cancel or failure it removes the partial.
   * `outDir` must not exist yet (main picks a fresh name per pass and swaps in one transaction).
   */
  outDir: string;
  provider?: ProviderSetting;
}

/** What the pass posts with ctx.metrics while it runs (told apart by `type`). */
export type FeaturePassReport =
  | { type: 'started'; dIn: number; dSae: number; architecture: string; tokensTotal: number; provider: string }
  | { type: 'progress'; tokensDone: number; tokensTotal: number; featuresSeen: number; tokensPerSecond: number }
  | { type: 'phase'; phase: 'streaming' | 'logit-lens' | 'neighbours' | 'writing' };

export interface FeaturePassTaskResult {
  /** = params.outDir, complete and renamed into place. */
  dir: string;
  tokens: number;
  windows: number;
  dSae: number;
  /** Features per density bucket (thresholds: DENSITY_THRESHOLDS in src/shared/types/features.ts). */
  dead: number;
  ultraLow: number;
  normal: number;
  dense: number;
  seconds: number;
  /** Tokens/s of the streaming phase (model forward + encode + statistics). */
  tokensPerSecond: number;
  /** Where the time went (seconds): streaming = forward + encode + statistics (+ reading tokens). */
  phaseSeconds: { forward: number; encode: number; statistics: number; streaming: number; logitLens: number; neighbours: number; writing: number };
}

/** One feature of a finished pass, as the reader yields it (main stores it in SQLite). */
export interface FeaturePassFeature {
  featureIndex: number;
  /** Firing tokens (activation > 0) of the pass. */
  firingCount: number;
  /** firingCount / tokens of the pass. */
  frequency: number;
  /** Max over all tokens (0 when dead). */
  maxActivation: number;
  /** Mean over firing tokens only (0 when dead). */
  meanActivation: number;
  /** INTERPRETABILITY_PROXY (src/shared/types/features.ts), 0..1; null when dead. */
  proxy: number | null;
  densityBucket: DensityBucket;
  /** From the most common peak tokens of the top contexts; null when dead. */
  suggestedLabel: string | null;
  /** Most common peak tokens of the top contexts, most common first. */
  topTokens: string[];
  histogram: FeatureHistogram;
  logitLens: LogitLens;
  /** Highest decoder cosine first; labels are main's (the pass does not know them). */
  neighbours: { featureIndex: number; cosine: number }[];
  /** Highest first; ties: earlier window, then earlier position. */
  top: FeatureContext[];
  quantiles: QuantileGroup[];
}

/** What the reader knows about the whole pass (manifest.json of the result folder). */
export interface FeaturePassSummary {
  format: 'mistudio-feature-pass';
  version: 1;
  saeDir: string;
  modelDir: string;
  hook: string;
  tokensDir: string;
  datasetId: string;
  splits: string[] | null;
  dIn: number;
  dSae: number;
  architecture: string;
  tokens: number;
  windows: number;
  topK: number;
  contextWindow: number;
  quantileGroups: number;
  quantileExamples: number;
  /** Final-norm scale used by the logit lens (e.g. 'transformer.ln_f.weight'), null when none. */
  finalNormScale: string | null;
  /** Where W_U came from (src/compute/model/unembedding.ts). */
  unembeddingSource: string;
  dead: number;
  ultraLow: number;
  normal: number;
  dense: number;
  seconds: number;
  tokensPerSecond: number;
  createdAt: string;
}

/**
 * The result reader main calls (src/compute/features/result-reader.ts): synchronous, so its
 * records can be written inside one better-sqlite3 transaction; one feature in memory at a time.
 */
export interface FeaturePassReader {
  readonly summary: FeaturePassSummary;
  /** Every feature in index order, 0 … dSae − 1. */
  features(): Generator<FeaturePassFeature>;
  /** One feature (random access). */
  feature(index: number): FeaturePassFeature;
  close(): void;
}
export type OpenFeaturePass = (dir: string) => FeaturePassReader;

export interface ProbeTaskParams {
  saeDir: string;
  modelDir: string;
  hook: string;
  /** Any text; BOS is prepended when the model has one (as the training windows), and not returned. */
  text: string;
  /** Top features kept per token. */
  topFeatures: number;
  /** Also return this feature's activation on every token (the reverse direction). */
  featureIndex: number | null;
  provider?: ProviderSetting;
}

export interface ProbeTaskResult {
  /** Per token of the text (BOS left out), in order. Labels are main's to add. */
  tokens: {
    tokenId: number;
    text: string;
    /** Highest activation first; only features with activation > 0. */
    top: { featureIndex: number; activation: number }[];
    /** Activation of params.featureIndex here; null when none was asked. */
    featureActivation: number | null;
  }[];
  /** The text was cut to the model's context length (tokens after it are not probed). */
  truncated: boolean;
}
