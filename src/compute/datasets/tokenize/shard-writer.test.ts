import { mkdtempSync, rmSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { MANIFEST_FILE } from './manifest';
import { readTokenRows } from './shard-reader';
import { TokenShardWriter } from './shard-writer';

const dir = mkdtempSync(path.join(tmpdir(), 'mistudio-shards-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('TokenShardWriter', () => {
  it('writes rows longer than its 1 Mi-value buffer and across buffer boundaries intact', async () => {
    // 3 rows of 700k tokens: the 4 MiB buffer fills mid-row twice.
    const rows = [0, 1, 2].map((r) => Array.from({ length: 700_000 }, (_, i) => (i * 7 + r) % 50_257));
    const w = new TokenShardWriter(dir, 1 << 24);
    for (const tokens of rows)
      w.write({
        tokens,
        unpaddedLength: tokens.length,
        segments: [{ position: 0, sampleOrdinal: 0, sampleTokenStart: 0, length: tokens.length }],
      });
    const shards = w.finish();
    expect(shards).toHaveLength(1);
    const manifest = {
      format: 'mistudio-token-shards',
      version: 1,
      dtype: 'uint32le',
      shards,
      settings: { returnAttentionMask: true },
      totals: { samples: 1, rows: 3, tokens: 2_100_000, contentTokens: 2_100_000, paddingTokens: 0, droppedTokens: 0 },
    };
    await writeFile(path.join(dir, MANIFEST_FILE), JSON.stringify(manifest));
    let r = 0;
    for await (const row of readTokenRows(dir)) {
      expect(row.tokens.length).toBe(700_000);
      expect([...row.tokens].every((t, i) => t === rows[r]?.[i])).toBe(true);
      r += 1;
    }
    expect(r).toBe(3);
  });
});
