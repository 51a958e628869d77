import { createReadStream, createWriteStream, promises as fs } from 'node:fs';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import { createGzip } from 'node:zlib';
import * as tar from 'tar-stream';
import yazl from 'yazl';

/** Every file under `root`, as archive paths (forward slashes, sorted so archives are reproducible), with sizes. */
export async function listFiles(root: string): Promise<{ name: string; file: string; size: number }[]> {
  const out: { name: string; file: string; size: number }[] = [];
  for (const e of await fs.readdir(root, { recursive: true, withFileTypes: true })) {
    if (!e.isFile()) continue;
    const file = path.join(e.parentPath, e.name);
    out.push({ name: path.relative(root, file).split(path.sep).join('/'), file, size: (await fs.stat(file)).size });
  }
  return out.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}

/** Called with bytes of input read so far (the packed total is known up front from listFiles). */
export type PackProgress = (bytesRead: number) => void;

function counted(file: string, onBytes: (n: number) => void) {
  const s = createReadStream(file);
  s.on('data', (chunk) => onBytes(chunk.length));
  return s;
}

/**
 * Packs the folder `root` into `out` as .zip (yazl, deflate) or .tar.gz (tar-stream + gzip),
 * streaming file by file; `out` is fsynced before this returns. Entry names are relative to root.
 */
export async function packFolder(root: string, out: string, kind: 'zip' | 'tar.gz', onProgress: PackProgress): Promise<void> {
  const files = await listFiles(root);
  let read = 0;
  const onBytes = (n: number) => onProgress((read += n));
  const mtime = new Date();
  if (kind === 'zip') {
    const zip = new yazl.ZipFile();
    for (const f of files)
      zip.addReadStreamLazy(f.name, { size: f.size, mtime, mode: 0o100644 }, (cb) => cb(null, counted(f.file, onBytes)));
    zip.end();
    await pipeline(zip.outputStream, createWriteStream(out, { mode: 0o600 }));
  } else {
    const pack = tar.pack();
    const writing = pipeline(pack, createGzip(), createWriteStream(out, { mode: 0o600 }));
    try {
      for (const f of files) {
        const entry = pack.entry({ name: f.name, size: f.size, mode: 0o644, mtime, type: 'file' });
        await pipeline(counted(f.file, onBytes), entry);
      }
      pack.finalize();
    } catch (err) {
      pack.destroy(err as Error);
    }
    await writing;
  }
  const h = await fs.open(out, 'r+');
  try {
    await h.sync();
  } finally {
    await h.close();
  }
}
