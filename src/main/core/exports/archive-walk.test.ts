import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createGzip } from 'node:zlib';
import { createWriteStream } from 'node:fs';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import * as tar from 'tar-stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { removeDir, tempDir } from '../../../../test/core-helpers';
import { rawZip } from '../../../../test/zip-bytes';
import { packFolder } from '../../../compute/exports/pack';
import { readSmall } from './entry-checks';
import { safeEntryName, walkArchive, ARCHIVE_LIMITS } from './archive-walk';

let dir: string;
const read = async (file: string) => {
  const got: Record<string, string> = {};
  const r = await walkArchive(file, async (e, data) => void (got[e.name] = await readSmall(e.name, data, 1 << 24)));
  return { ...r, got };
};

async function tarGz(file: string, entries: Partial<tar.Header>[], body = 'x'): Promise<void> {
  const pack = tar.pack();
  const done = pipeline(pack, createGzip(), createWriteStream(file));
  for (const h of entries) {
    if (h.type === 'file') pack.entry(h as tar.Header, body);
    else pack.entry(h as tar.Header);
  }
  pack.finalize();
  await done;
}

beforeAll(() => {
  dir = tempDir('mistudio-archive-');
  mkdirSync(path.join(dir, 'src', 'sae'), { recursive: true });
  writeFileSync(path.join(dir, 'src', 'sae', 'cfg.json'), '{"d_in": 4}');
  writeFileSync(path.join(dir, 'src', 'metrics.csv'), 'step,loss\n1,0.5\n');
});
afterAll(() => removeDir(dir));

describe('entry names', () => {
  it('keeps relative names and refuses names that leave the folder', () => {
    expect(safeEntryName('sae/cfg.json')).toBe('sae/cfg.json');
    for (const bad of ['../x', 'a/../../x', '/etc/passwd', 'C:/x', 'a\\..\\x', 'a\0b', './x', '']) expect(safeEntryName(bad)).toBeNull();
  });
});

describe('archives we pack read back whole', () => {
  for (const kind of ['zip', 'tar.gz'] as const) {
    it(`${kind}: every file, byte for byte, with progress up to the total`, async () => {
      const out = path.join(dir, `ok.${kind}`);
      const seen: number[] = [];
      await packFolder(path.join(dir, 'src'), out, kind, (b) => seen.push(b));
      const r = await read(out);
      expect(r.kind).toBe(kind);
      expect(r.got).toEqual({ 'metrics.csv': 'step,loss\n1,0.5\n', 'sae/cfg.json': '{"d_in": 4}' });
      expect(r.unpackedBytes).toBe(27);
      expect(seen.at(-1)).toBe(27);
      expect(seen).toEqual([...seen].sort((a, b) => a - b));
    });
  }
});

describe('damaged or hostile archives are refused with a clear error', () => {
  const zipCase = async (name: string, entries: Parameters<typeof rawZip>[0]) => {
    const f = path.join(dir, name);
    writeFileSync(f, rawZip(entries));
    return f;
  };

  it('zip path traversal and absolute entries', async () => {
    await expect(
      read(
        await zipCase('trav.zip', [
          { name: 'ok.txt', data: Buffer.from('a') },
          { name: '../../evil.sh', data: Buffer.from('rm') },
        ]),
      ),
    ).rejects.toThrow(/"\.\.\/\.\.\/evil\.sh" would unpack outside its folder.*Nothing was written/);
    await expect(read(await zipCase('abs.zip', [{ name: '/tmp/evil', data: Buffer.from('x') }]))).rejects.toThrow(
      /"\/tmp\/evil" would unpack outside/,
    );
  });

  it('zip symlinks', async () => {
    await expect(read(await zipCase('link.zip', [{ name: 'sae', data: Buffer.from('/etc'), mode: 0o120777 }]))).rejects.toThrow(
      /"sae" is a symbolic link; only plain files are allowed/,
    );
  });

  it('a truncated zip (cut anywhere) and a file that is no archive', async () => {
    const whole = await zipCase('whole.zip', [{ name: 'a.txt', data: Buffer.alloc(5000, 7) }]);
    const bytes = readFileSync(whole);
    for (const cut of [bytes.length - 10, Math.floor(bytes.length / 2), 40]) {
      const f = path.join(dir, `cut-${cut}.zip`);
      writeFileSync(f, bytes.subarray(0, cut));
      await expect(read(f)).rejects.toThrow(/damaged or truncated/);
    }
    writeFileSync(path.join(dir, 'plain.zip'), 'hello');
    await expect(read(path.join(dir, 'plain.zip'))).rejects.toThrow(/neither a \.zip nor a \.tar\.gz/);
  });

  it('zip bombs: sizes past the limits, and a ratio past 200×, are refused before unpacking', async () => {
    const big = await zipCase('big.zip', [
      { name: 'a.bin', data: Buffer.alloc(2048) },
      { name: 'b.bin', data: Buffer.alloc(1000) },
    ]);
    await expect(walkArchive(big, async () => undefined, { ...ARCHIVE_LIMITS, maxEntryBytes: 1024 })).rejects.toThrow(
      /"a\.bin" unpacks to 2048 bytes, more than the 1024 allowed/,
    );
    await expect(walkArchive(big, async () => undefined, { ...ARCHIVE_LIMITS, maxTotalBytes: 3000 })).rejects.toThrow(
      /unpacks to more than 3000 bytes/,
    );
    // A header that lies about the size is caught by the reader too.
    const lies = await zipCase('lies.zip', [{ name: 'a.bin', data: Buffer.alloc(10), claimedSize: 2 ** 31 }]);
    await expect(read(lies)).rejects.toThrow(/damaged or truncated \(compressed\/uncompressed size mismatch/);
    const zeros = path.join(dir, 'zeros');
    mkdirSync(zeros);
    writeFileSync(path.join(zeros, 'z.bin'), Buffer.alloc(50 * 2 ** 20));
    await packFolder(zeros, path.join(dir, 'bomb.zip'), 'zip', () => undefined);
    await expect(read(path.join(dir, 'bomb.zip'))).rejects.toThrow(/expands \d+× \(a zip bomb\?\)/);
    await packFolder(zeros, path.join(dir, 'bomb.tar.gz'), 'tar.gz', () => undefined);
    await expect(read(path.join(dir, 'bomb.tar.gz'))).rejects.toThrow(/expands \d+×/);
    const many = await zipCase(
      'many.zip',
      Array.from({ length: 5 }, (_, i) => ({ name: `f${i}`, data: Buffer.from('x') })),
    );
    await expect(walkArchive(many, async () => undefined, { ...ARCHIVE_LIMITS, maxEntries: 4 })).rejects.toThrow(/more than 4 entries/);
  });

  it('tar.gz traversal, symlinks, hard links, and truncation', async () => {
    await tarGz(path.join(dir, 'trav.tar.gz'), [{ name: '../evil', type: 'file', size: 1 }]);
    await expect(read(path.join(dir, 'trav.tar.gz'))).rejects.toThrow(/"\.\.\/evil" would unpack outside/);
    await tarGz(path.join(dir, 'link.tar.gz'), [{ name: 'sae', type: 'symlink', linkname: '/etc' }]);
    await expect(read(path.join(dir, 'link.tar.gz'))).rejects.toThrow(/"sae" is a link/);
    await tarGz(path.join(dir, 'hard.tar.gz'), [{ name: 'x', type: 'link', linkname: '/etc/passwd' }]);
    await expect(read(path.join(dir, 'hard.tar.gz'))).rejects.toThrow(/"x" is a link/);
    await packFolder(path.join(dir, 'src'), path.join(dir, 'whole.tar.gz'), 'tar.gz', () => undefined);
    const bytes = readFileSync(path.join(dir, 'whole.tar.gz'));
    writeFileSync(path.join(dir, 'cut.tar.gz'), bytes.subarray(0, bytes.length - 12));
    await expect(read(path.join(dir, 'cut.tar.gz'))).rejects.toThrow(/damaged or truncated/);
  });
});
