import type { ImportError } from './errors';

/** One document read from a source file, before split assignment. */
export interface RawSample {
  text: string;
  metadata?: Record<string, unknown>;
  /** Split named by the data (split field/column), not yet normalised. */
  split?: string;
  /** Where it came from, for messages: "line 12", "row 40". */
  locator: string;
}

export type DatasetFormat = 'txt' | 'jsonl' | 'csv' | 'tsv' | 'parquet';
export type TxtMode = 'line' | 'paragraph' | 'file';
export type BadRowPolicy = 'fail' | 'skip';

/** Bytes to read: a file path, or a named stream (tests, generators). */
export type ByteSource = { path: string } | { name: string; chunks: AsyncIterable<Uint8Array> };

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

/** What a reader needs besides its options: where bad rows go and how bytes are counted. */
export interface ReadHooks {
  /** Called with each row-level error; throws under the `fail` policy, counts under `skip`. */
  onBadRow(err: ImportError): void;
  /** Bytes of the source consumed so far grew by `n` (for progress). */
  onBytes?(n: number): void;
}

export const DEFAULT_MAX_LINE_BYTES = 1 << 20;
export const DEFAULT_MAX_DOCUMENT_BYTES = 64 << 20;

export function sourceName(src: ByteSource): string {
  return 'path' in src ? src.path : src.name;
}
