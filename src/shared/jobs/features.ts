/**
 * Job-side shapes of `features.pass` and `features.probe` (docs/features.md): what main sends
 * (params), what the pass reports while it runs (ctx.report), and what each returns. The per-
 * feature records the result reader yields stay in src/compute/features/protocol.ts.
 */
import type { ExecutionProvider } from '../types/settings';

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
  provider?: ExecutionProvider;
}

/** What the pass posts with ctx.report while it runs (told apart by `type`). */
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
  phaseSeconds: {
    forward: number;
    encode: number;
    statistics: number;
    streaming: number;
    logitLens: number;
    neighbours: number;
    writing: number;
  };
}

/** What the `features.pass` job carries: the task's params plus what main needs to find its pass again. */
export type FeaturePassJobParams = FeaturePassTaskParams & { name: string; saeId: string; passId: string };

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
  provider?: ExecutionProvider;
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
