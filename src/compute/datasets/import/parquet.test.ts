import { writeFileSync } from 'node:fs';
import { open, stat } from 'node:fs/promises';
import path from 'node:path';
import { parquetReadObjects } from 'hyparquet';
import { afterAll, describe, expect, it } from 'vitest';
import { removeDir, tempDir } from '../../../../test/core-helpers';
import { writeParquet } from '../../../../test/parquet-writer';
import { ImportError } from './errors';
import { fileHandleBuffer, readParquet } from './parquet';
import { BadRowTally } from './read';
import type { RawSample } from './types';

const dir = tempDir('mistudio-parquet-');
afterAll(() => removeDir(dir));

const rows = Array.from({ length: 25 }, (_, i) => ({ text: `document ${i} ✓`, id: BigInt(i), split: i % 5 === 0 ? 'test' : 'train' }));
const columns = [
  { name: 'text', type: 'utf8' as const, optional: true },
  { name: 'id', type: 'int64' as const },
  { name: 'split', type: 'utf8' as const },
];

function fixture(name: string, data: Record<string, string | bigint | null>[], perGroup = 10): string {
  const file = path.join(dir, name);
  writeFileSync(file, writeParquet(columns, data, perGroup));
  return file;
}

async function collect(file: string, policy: 'fail' | 'skip' = 'fail', splitColumn?: string) {
  const tally = new BadRowTally(policy);
  const out: RawSample[] = [];
  let bytes = 0;
  for await (const s of readParquet(
    file,
    { textColumn: 'text', ...(splitColumn ? { splitColumn } : {}) },
    tally.hooks((n) => (bytes += n)),
  ))
    out.push(s);
  return { out, tally, bytes };
}

describe('parquet reader', () => {
  it('the fixture writer makes files hyparquet reads back exactly', async () => {
    const file = fixture('check.parquet', rows);
    const handle = await open(file, 'r');
    try {
      const read = await parquetReadObjects({ file: fileHandleBuffer(handle, (await handle.stat()).size) });
      expect(read).toEqual(rows);
    } finally {
      await handle.close();
    }
  });

  it('reads the text and split columns row group by row group, progress summing to the file size', async () => {
    const file = fixture('rows.parquet', rows, 10);
    const { out, bytes } = await collect(file, 'fail', 'split');
    expect(out.map((s) => s.text)).toEqual(rows.map((r) => r.text));
    expect(out[5]).toEqual({ text: 'document 5 ✓', split: 'test', locator: 'row 6' });
    const { size } = await stat(file);
    expect(Math.abs(bytes - size)).toBeLessThanOrEqual(3);
  });

  it('a null text is MISSING_FIELD naming the row; skip counts it', async () => {
    const data = rows.map((r, i) => (i === 13 ? { ...r, text: null } : r));
    const file = fixture('nulls.parquet', data);
    await expect(collect(file)).rejects.toMatchObject({ code: 'MISSING_FIELD', locator: 'row 14' });
    const { out, tally } = await collect(file, 'skip');
    expect(out).toHaveLength(24);
    expect(tally.counts).toEqual({ MISSING_FIELD: 1 });
  });

  it('refuses a missing column, a non-text column, an empty table and a non-parquet file', async () => {
    const file = fixture('cols.parquet', rows);
    await expect(collect(file, 'fail', 'nope')).rejects.toMatchObject({ code: 'MISSING_FIELD' });
    const tally = new BadRowTally('fail');
    const gen = readParquet(file, { textColumn: 'id' }, tally.hooks());
    await expect(gen.next()).rejects.toMatchObject({ code: 'NOT_TEXT', locator: 'row 1' });
    await expect(collect(fixture('empty.parquet', []))).rejects.toMatchObject({ code: 'EMPTY_FILE' });
    const junk = path.join(dir, 'junk.parquet');
    writeFileSync(junk, 'not parquet at all, just text');
    await expect(collect(junk)).rejects.toBeInstanceOf(ImportError);
    await expect(collect(junk)).rejects.toMatchObject({ code: 'INVALID_PARQUET' });
  });
});
