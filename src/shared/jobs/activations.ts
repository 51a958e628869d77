/** Job-side shapes of `activations.extract` (docs/activations.md). */
import type { ExecutionProvider } from '../types/settings';

/** Samples of these splits of a dataset are left out (kept for the splice evaluation). */
export interface HoldOut {
  /** The app's SQLite file (read-only connection; dataset_samples.split). */
  dbPath: string;
  datasetId: string;
  splits: string[];
}

export interface ExtractActivationsParams {
  modelDir: string;
  /** A finished token shard folder (datasets/<id>/tokens/<…>/). */
  tokensDir: string;
  /** e.g. ['blocks.2.hook_resid_post']; must exist in the model. */
  hooks: string[];
  /** Token rows (windows) per forward pass. */
  batchSize: number;
  /** Stop after this many activation rows (tokens); null = the whole dataset. */
  maxTokens: number | null;
  dtype: 'float32' | 'float16';
  /** activations/<id>/ — written under a temp name and renamed into place. */
  outDir: string;
  provider?: ExecutionProvider;
  /** Rows per shard file (default: ~64 MB of float32 per hook). */
  shardRows?: number;
  /** Cut each token window to its first N tokens (null/absent: the whole window). */
  contextSize?: number | null;
  /** Leave out windows with text from these splits (kept for the splice evaluation). */
  holdOut?: HoldOut | null;
}

/** What the job carries: the task's params plus the activation set it fills and the job title's name. */
export type ExtractJobParams = ExtractActivationsParams & { setId: string; name: string };

export interface ExtractActivationsResult {
  path: string;
  totalRows: number;
  dModel: number;
  shards: number;
  tokensPerSecond: number;
}
