/**
 * Job-side shapes of the dataset kinds (docs/datasets.md): what main hands `datasets.import`,
 * `datasets.download`, `datasets.tokenize`, `datasets.statistics` and `datasets.preview`, and
 * what main reads back from their results (the tasks in src/compute/datasets return more).
 */
import type { DatasetFormat, DatasetStatistics, TokenizationSettings } from '../types/datasets';

export type TxtMode = 'line' | 'paragraph' | 'file';
export type BadRowPolicy = 'fail' | 'skip';
/** Split name → fraction of samples; must sum to 1. */
export type SplitRatios = Record<string, number>;

export interface ReaderOptions {
  /** txt: a document per line, per blank-line paragraph, or the whole file. Default 'line'. */
  txtMode?: TxtMode;
  /** jsonl: dotted path to the text, e.g. "text", "a.b.c", "messages.0.content". Default "text". */
  textField?: string;
  /** jsonl: dotted path to the split name. */
  splitField?: string;
  /** csv/tsv/parquet: column holding the text. Default "text". */
  textColumn?: string;
  /** csv/tsv/parquet: column holding the split name. */
  splitColumn?: string;
  /** csv/tsv: field delimiter; default from the extension (',' or '\t'). */
  delimiter?: string;
  /** Longest line (csv: record) in bytes. Default 1 MiB. */
  maxLineBytes?: number;
  /** Largest single document in bytes (txt paragraph/file modes). Default 64 MiB. */
  maxDocumentBytes?: number;
  /** Most metadata keys kept per sample. Default 32. */
  maxMetadataKeys?: number;
  /** Longest metadata string value kept (longer values are cut). Default 1024 chars. */
  maxMetadataChars?: number;
}

export interface ImportOptions extends ReaderOptions {
  /** `fail` (default): the first bad row aborts; `skip`: bad rows are counted and dropped. */
  badRows?: BadRowPolicy;
  /** `data` (default): splits from the split field/column or file; `random`: seeded by ratios. */
  splitMode?: 'data' | 'random';
  /** For `random`; default { train: 0.9, validation: 0.05, test: 0.05 }. */
  ratios?: SplitRatios;
  /** For `random`; default 0. */
  seed?: number;
  /** Samples between pause/cancel checks. Default 1000. */
  checkpointEvery?: number;
}

export interface ImportFile {
  path: string;
  /** Defaults to the extension's format. */
  format?: DatasetFormat;
  /** Split for every sample of this file (else the data's, the file name's, or "train"). */
  split?: string;
}

export interface ImportDatasetParams {
  datasetId: string;
  /** The app's SQLite file; the task opens its own connection. */
  dbPath: string;
  files: ImportFile[];
  options: ImportOptions;
  /** `<dataDir>/datasets/<id>`; raw copies go under `raw/`. */
  datasetDir: string;
}

/** `datasets.import` as main starts it: the task's params plus the job title's name. */
/** `bundled`: the app's own demo import at start-up (the renderer does not toast it). */
export type ImportDatasetJobParams = ImportDatasetParams & { name: string; bundled?: boolean };

export interface ImportDatasetResult {
  sampleCount: number;
  /** Samples per split, e.g. { train: 900, validation: 50, test: 50 }. */
  splits: Record<string, number>;
  /** Total bytes of the source files. */
  sizeBytes: number;
  /** Rows dropped under the `skip` policy, by reason code. */
  skipped: Record<string, number>;
  format: DatasetFormat;
}

export interface DownloadDatasetParams {
  datasetId: string;
  name: string;
  dbPath: string;
  datasetDir: string;
  repoId: string;
  config: string;
  splits: string[];
  textColumn: string;
  cacheDir: string;
  endpoint: string | undefined;
}

export interface TokenizeDatasetJobParams {
  datasetId: string;
  name: string;
  modelId: string;
  modelName: string;
  dbPath: string;
  modelDir: string;
  settings: TokenizationSettings;
  /** datasets/<id>/tokens/<model id>; the task writes a shard folder per settings hash under it. */
  outDir: string;
}

export interface TokenizeDatasetJobResult {
  path: string;
  totals: { rows: number; tokens: number; contentTokens: number; droppedTokens: number };
}

export interface DatasetStatisticsParams {
  datasetId: string;
  dbPath: string;
  /** Model folder whose tokenizer counts the tokens. */
  modelDir: string;
  /** Count the special tokens the tokenizer adds per sample (BOS/EOS); default false: text tokens only. */
  addSpecialTokens?: boolean;
  topK?: number;
  checkpointEvery?: number;
}

export type DatasetStatisticsJobParams = DatasetStatisticsParams & { name: string };

export interface DatasetStatisticsResult extends DatasetStatistics {
  tokenizerName: string;
  addSpecialTokens: boolean;
  computedAt: number;
}

export interface PreviewParams {
  modelDir: string;
  text: string;
  addSpecialTokens: boolean;
}
