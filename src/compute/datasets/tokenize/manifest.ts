import type { TokenizationSettings } from './settings';
import { CodedError } from '../../../shared/coded-error';

/**
 * A token-shard folder (datasets/<id>/tokens/<hash>/):
 * - `tokens-NNNNN.bin`: uint32 little-endian token ids, rows back to back.
 * - `rows-NNNNN.bin`: per row, uint32 LE × 3 = [tokenOffset, length, unpaddedLength];
 *   tokenOffset counts tokens from the start of the shard (byte offset = 4 × tokenOffset);
 *   the attention mask is 1 on [0, unpaddedLength) and 0 on the right padding.
 * - `index-NNNNN.bin`: per segment, uint32 LE × 5 = [row, position, sampleOrdinal,
 *   sampleTokenStart, length]: tokens [position, position+length) of global row `row` are tokens
 *   [sampleTokenStart, sampleTokenStart+length) of sample `sampleOrdinal` encoded without
 *   special tokens. Positions outside every segment are special tokens or padding.
 * - `manifest.json`: this description, written last; a folder without it is not a tokenization.
 * Rows never straddle shards.
 */
export const MANIFEST_FILE = 'manifest.json';
export const ROW_RECORD_U32 = 3;
export const SEGMENT_RECORD_U32 = 5;

export interface TokenShardInfo {
  tokensFile: string;
  rowsFile: string;
  indexFile: string;
  /** Global index of the shard's first row. */
  firstRow: number;
  rows: number;
  /** Tokens in the shard, padding included. */
  tokens: number;
  segments: number;
}

export interface TokenShardManifest {
  format: 'mistudio-token-shards';
  version: 1;
  datasetId: string;
  createdAt: number;
  mode: TokenizationSettings['mode'];
  /** Window length in concat_chunk mode; null in per_sample mode (rows vary or pad to maxLength). */
  contextSize: number | null;
  settings: TokenizationSettings;
  settingsHash: string;
  tokenizer: {
    name: string;
    modelDir: string;
    tokenizerClass: string | null;
    vocabSize: number;
    bosTokenId: number | null;
    eosTokenId: number | null;
    padTokenId: number | null;
    /** Which code produced the ids (same ids either way; absent in folders written before it was recorded). */
    engine?: { name: string; reason: string };
  };
  /** Resolved special token ids actually used (null: not used). */
  specialTokens: {
    beginBatch: number | null;
    beginSequence: number | null;
    separator: number | null;
    pad: number | null;
    prefix: number[];
    suffix: number[];
  };
  totals: {
    samples: number;
    rows: number;
    /** All tokens in the shards, padding included. */
    tokens: number;
    /** Tokens that came from sample text. */
    contentTokens: number;
    paddingTokens: number;
    /** Content tokens cut by truncation (per_sample) or left in the dropped partial window (concat_chunk). */
    droppedTokens: number;
  };
  dtype: 'uint32le';
  shards: TokenShardInfo[];
}

export function shardFileNames(index: number): { tokensFile: string; rowsFile: string; indexFile: string } {
  const n = String(index).padStart(5, '0');
  return { tokensFile: `tokens-${n}.bin`, rowsFile: `rows-${n}.bin`, indexFile: `index-${n}.bin` };
}

export class ManifestError extends CodedError<'TOKENS_INVALID'> {
  constructor(message: string) {
    super('TOKENS_INVALID', message);
  }
}

/** Checks what readers rely on; a folder written by another version is refused clearly. */
export function checkManifest(value: unknown, where: string): TokenShardManifest {
  const m = value as Partial<TokenShardManifest> | null;
  if (!m || m.format !== 'mistudio-token-shards') throw new ManifestError(`${where}: not a token-shard manifest`);
  if (m.version !== 1) throw new ManifestError(`${where}: manifest version ${String(m.version)} is not supported (expected 1)`);
  if (m.dtype !== 'uint32le' || !Array.isArray(m.shards) || !m.totals)
    throw new ManifestError(`${where}: manifest is missing dtype, shards or totals`);
  return m as TokenShardManifest;
}
