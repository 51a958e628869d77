import { randomBytes } from 'node:crypto';
import { promises as fs } from 'node:fs';
import path from 'node:path';

/**
 * Write a file so a crash never leaves a half file that looks whole:
 * temp file in the same folder → fsync → rename → fsync the folder.
 * Private by default (0600 in a 0700 folder, docs/security.md).
 */
export async function writeFileAtomic(file: string, data: string | Uint8Array, mode = 0o600): Promise<void> {
  const dir = path.dirname(file);
  await fs.mkdir(dir, { recursive: true, mode: 0o700 });
  const tmp = path.join(dir, `.${path.basename(file)}.${randomBytes(6).toString('hex')}.tmp`);
  const handle = await fs.open(tmp, 'w', mode);
  try {
    await handle.writeFile(data);
    await handle.sync();
  } finally {
    await handle.close();
  }
  try {
    await fs.rename(tmp, file);
  } catch (err) {
    await fs.rm(tmp, { force: true });
    throw err;
  }
  await fs.chmod(file, mode);
  const dirHandle = await fs.open(dir, 'r');
  try {
    await dirHandle.sync();
  } catch {
    // Some filesystems (Windows) cannot fsync a directory; the rename is still atomic.
  } finally {
    await dirHandle.close();
  }
}
