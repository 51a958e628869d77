import { randomBytes } from 'node:crypto';
import { promises as fs } from 'node:fs';
import path from 'node:path';

/**
 * Gives an SAE its own copy of a checkpoint's SAELens folder: hard links where the filesystem
 * allows (no extra bytes; the files are never modified in place), copies otherwise. Staged as
 * `<dest>.partial-<hex>` and renamed into place, so a crash never leaves a folder that looks whole.
 */
export async function linkWeightsFolder(source: string, dest: string): Promise<void> {
  const stage = `${dest}.partial-${randomBytes(6).toString('hex')}`;
  await fs.mkdir(stage, { recursive: true });
  try {
    for (const e of await fs.readdir(source, { withFileTypes: true })) {
      if (!e.isFile()) continue;
      const from = path.join(source, e.name);
      const to = path.join(stage, e.name);
      await fs.link(from, to).catch(() => fs.copyFile(from, to));
    }
    await fs.rename(stage, dest);
  } catch (err) {
    await fs.rm(stage, { recursive: true, force: true });
    throw err;
  }
  const dir = await fs.open(path.dirname(dest), 'r');
  try {
    await dir.sync();
  } catch {
    // Some filesystems (Windows) cannot fsync a directory; the rename is still atomic.
  } finally {
    await dir.close();
  }
}
