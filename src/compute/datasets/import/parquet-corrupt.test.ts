import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { removeDir, tempDir } from '../../../../test/core-helpers';
import { writeParquet } from '../../../../test/parquet-writer';
import { ImportError } from './errors';
import { readParquet } from './parquet';
import { BadRowTally } from './read';

/** Finding 7 (datasets): a corrupt parquet page is reported with the file and the rows it holds. */
const dir = tempDir('mistudio-parquet-corrupt-');
afterAll(() => removeDir(dir));

async function readEverything(file: string): Promise<number> {
  let n = 0;
  for await (const _ of readParquet(file, {}, new BadRowTally('fail').hooks())) n++;
  return n;
}

describe('finding 7: corrupt parquet pages', () => {
  it('a damaged page header names the file, the rows and the column, in a sentence', async () => {
    const rows = Array.from({ length: 30 }, (_, i) => ({ text: `document number ${i}` }));
    const good = writeParquet([{ name: 'text', type: 'utf8' }], rows, 10);
    const file = path.join(dir, 'shard-00000.parquet');
    writeFileSync(file, good);
    expect(await readEverything(file)).toBe(30);
    // Bytes 10–15 are inside the first data page's header: its sizes become nonsense (hyparquet: "Invalid typed array length").
    const bad = new Uint8Array(good);
    bad.fill(0xff, 10, 16);
    writeFileSync(file, bad);
    const err = await readEverything(file).then(
      () => null,
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(ImportError);
    expect((err as ImportError).code).toBe('INVALID_PARQUET');
    expect((err as ImportError).message).toMatch(
      new RegExp(
        `^${file.replace(/[.]/g, '\\.')}, rows 1–10: a data page of column "text" is corrupt or truncated, so these rows cannot be read \\(.+\\)$`,
      ),
    );
  });
});
