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

export type { DatasetFormat } from '../../../shared/types/datasets';
export type { TxtMode, BadRowPolicy, ReaderOptions } from '../../../shared/jobs/datasets';

/** Bytes to read: a file path, or a named stream (tests, generators). */
export type ByteSource = { path: string } | { name: string; chunks: AsyncIterable<Uint8Array> };

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
