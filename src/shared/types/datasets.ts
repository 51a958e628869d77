export type DatasetFormat = 'txt' | 'jsonl' | 'csv' | 'tsv' | 'parquet';
export type DatasetStatus = 'importing' | 'ready' | 'tokenizing' | 'tokenized' | 'failed';

/** Tokenization settings (docs/datasets.md); concat_chunk is SAELens' training layout. */
export interface TokenizationSettings {
  mode: 'per_sample' | 'concat_chunk';
  maxLength: number;
  padding: 'max_length' | 'longest' | 'none';
  truncation: 'longest_first' | 'only_first' | 'none';
  addSpecialTokens: boolean;
  returnAttentionMask: boolean;
  /** concat_chunk: window length in tokens. */
  contextSize: number;
  /** concat_chunk: start every window with BOS (SAELens prepend_bos). */
  prependBos: boolean;
}

export interface DatasetTokenization {
  modelId: string;
  modelName: string;
  settings: TokenizationSettings;
  /** Folder with manifest.json and token shards. */
  path: string;
  totalTokens: number;
  rows: number;
  createdAt: number;
}

export interface DatasetStatistics {
  totalSamples: number;
  totalTokens: number;
  avgTokens: number;
  minTokens: number;
  medianTokens: number;
  maxTokens: number;
  uniqueTokens: number;
  /** Sequence length histogram: bin edges (tokens) and counts. */
  lengthHistogram: { edges: number[]; counts: number[] };
  topTokens: { id: number; text: string; count: number; fraction: number }[];
  splits: Record<string, { samples: number; tokens: number }>;
}

export interface DatasetRecord {
  id: string;
  name: string;
  description: string | null;
  source: 'local' | 'hf' | 'bundled';
  sourceRef: string | null;
  format: DatasetFormat | null;
  status: DatasetStatus;
  sampleCount: number;
  tokenCount: number | null;
  sizeBytes: number;
  splits: Record<string, number>;
  tokenization: DatasetTokenization | null;
  statistics: DatasetStatistics | null;
  error: string | null;
  /** Rows the import left out (skip policy), by reason code. */
  skippedRows: Record<string, number>;
  createdAt: number;
  updatedAt: number;
}

export interface DatasetSample {
  ordinal: number;
  split: string;
  text: string;
  tokenCount: number | null;
  metadata: Record<string, unknown> | null;
}

export interface TokenPreview {
  tokens: { id: number; text: string }[];
  count: number;
}
