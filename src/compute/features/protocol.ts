/**
 * Worker-side contract of the feature pass and the probe task (docs/features.md): what main
 * sends, reports and returns (defined in src/shared/jobs/features.ts, re-exported here), and the
 * per-feature record the result reader yields. The wire shapes the renderer also needs
 * (contexts, histogram, logit lens, density buckets) are defined once in
 * src/shared/types/features.ts and used here.
 */
import type { DensityBucket, FeatureContext, FeatureHistogram, LogitLens, QuantileGroup } from '../../shared/types/features';
import type {
  FeaturePassJobParams,
  FeaturePassReport,
  FeaturePassTaskParams,
  FeaturePassTaskResult,
  ProbeTaskParams,
  ProbeTaskResult,
  SplitFilter,
} from '../../shared/jobs/features';

export const FEATURE_PASS_TASK = 'features.pass';
export const FEATURE_PROBE_TASK = 'features.probe';

export type {
  FeaturePassJobParams,
  FeaturePassReport,
  FeaturePassTaskParams,
  FeaturePassTaskResult,
  ProbeTaskParams,
  ProbeTaskResult,
  SplitFilter,
};

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
