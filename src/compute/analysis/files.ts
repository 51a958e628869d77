import { randomBytes } from 'node:crypto';
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { fsyncDir } from '../hub/cache';

/**
 * Analysis results are single files under saes/<id>/analysis/ (docs/analysis.md). Each is written
 * as `.<name>.partial-<hex>` beside its final name, fsynced, renamed, and the folder fsynced, so a
 * reader sees the old file or the new one, never half of one; start-up cleanup removes leftovers.
 * (src/main/core/util/atomic-write.ts does the same with a `.tmp` name; analysis files follow the
 * `.partial-` staging convention so the cleanup of saes/ finds them.)
 */
export async function writeResultFile(file: string, data: string | Uint8Array): Promise<void> {
  const dir = path.dirname(file);
  await fs.mkdir(dir, { recursive: true });
  const tmp = path.join(dir, `.${path.basename(file)}.partial-${randomBytes(4).toString('hex')}`);
  await writeSynced(tmp, data);
  try {
    await fs.rename(tmp, file);
  } catch (err) {
    await fs.rm(tmp, { force: true });
    throw err;
  }
  await fsyncDir(dir);
}

/** Write and fsync one file (inside a staging folder, or as the staged copy above). */
export async function writeSynced(file: string, data: string | Uint8Array): Promise<void> {
  const handle = await fs.open(file, 'w');
  try {
    await handle.writeFile(data);
    await handle.sync();
  } finally {
    await handle.close();
  }
}
