import { promises as fs } from 'node:fs';
import path from 'node:path';
import {
  checkManifest,
  MANIFEST_FILE,
  ManifestError,
  ROW_RECORD_U32,
  SEGMENT_RECORD_U32,
  type TokenShardInfo,
  type TokenShardManifest,
} from './manifest';
import type { TokenSegment } from './rows';

export interface ShardRow {
  /** Global row index (window index in concat_chunk mode). */
  row: number;
  /** [length] token ids (a view into the shard buffer: copy it to keep it past the next shard). */
  tokens: Uint32Array;
  unpaddedLength: number;
  /** [length] 1 for real tokens, 0 for padding; present when the settings asked for it. */
  attentionMask?: Uint8Array;
  segments: TokenSegment[];
}

export async function readTokenManifest(dir: string): Promise<TokenShardManifest> {
  const file = path.join(dir, MANIFEST_FILE);
  let text: string;
  try {
    text = await fs.readFile(file, 'utf8');
  } catch {
    throw new ManifestError(`${file} not found: this folder holds no finished tokenization`);
  }
  return checkManifest(JSON.parse(text), file);
}

async function readU32(file: string, expected: number): Promise<Uint32Array> {
  const buf = await fs.readFile(file);
  if (buf.byteLength !== expected * 4) throw new ManifestError(`${file}: ${buf.byteLength} bytes, manifest says ${expected * 4}`);
  // Copy into an aligned buffer: Buffer slices from the pool may start at odd offsets.
  const out = new Uint32Array(expected);
  new Uint8Array(out.buffer).set(buf);
  return out;
}

async function* readShard(dir: string, shard: TokenShardInfo, withMask: boolean, fromRow: number): AsyncGenerator<ShardRow> {
  const tokens = await readU32(path.join(dir, shard.tokensFile), shard.tokens);
  const rows = await readU32(path.join(dir, shard.rowsFile), shard.rows * ROW_RECORD_U32);
  const index = await readU32(path.join(dir, shard.indexFile), shard.segments * SEGMENT_RECORD_U32);
  let seg = 0;
  for (let r = 0; r < shard.rows; r++) {
    const row = shard.firstRow + r;
    const segments: TokenSegment[] = [];
    for (; seg < shard.segments && index[seg * SEGMENT_RECORD_U32] === row; seg++) {
      const at = seg * SEGMENT_RECORD_U32;
      segments.push({
        position: index[at + 1] ?? 0,
        sampleOrdinal: index[at + 2] ?? 0,
        sampleTokenStart: index[at + 3] ?? 0,
        length: index[at + 4] ?? 0,
      });
    }
    if (row < fromRow) continue;
    const offset = rows[r * ROW_RECORD_U32] ?? 0;
    const length = rows[r * ROW_RECORD_U32 + 1] ?? 0;
    const unpaddedLength = rows[r * ROW_RECORD_U32 + 2] ?? 0;
    const out: ShardRow = { row, tokens: tokens.subarray(offset, offset + length), unpaddedLength, segments };
    if (withMask) {
      const mask = new Uint8Array(length);
      mask.fill(1, 0, unpaddedLength);
      out.attentionMask = mask;
    }
    yield out;
  }
}

/**
 * Rows (windows in concat_chunk mode) of a finished tokenization, in order, one shard in memory
 * at a time (≈ 64 MB). `fromRow` resumes at a row (e.g. from an extraction's data cursor).
 */
export async function* readTokenRows(dir: string, opts: { fromRow?: number; attentionMask?: boolean } = {}): AsyncGenerator<ShardRow> {
  const manifest = await readTokenManifest(dir);
  const fromRow = opts.fromRow ?? 0;
  const withMask = opts.attentionMask ?? manifest.settings.returnAttentionMask;
  for (const shard of manifest.shards) {
    if (shard.firstRow + shard.rows <= fromRow) continue;
    yield* readShard(dir, shard, withMask, fromRow);
  }
}
