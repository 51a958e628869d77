/**
 * Atomic files and folders, one guarantee for both sides (main and the workers; docs/architecture.md
 * "Files on disk"): the bytes go to a temp name in the same folder, are fsynced, renamed into place,
 * and the folder is fsynced — so after a crash a path holds either its old complete content, nothing,
 * or the new complete content. Node-only helpers live in src/node-shared (src/shared is pure types
 * and functions the renderer may load too).
 */
import { randomBytes } from 'node:crypto';
import { closeSync, fsyncSync, openSync, existsSync, promises as fs } from 'node:fs';
import path from 'node:path';

/** fsync a folder so a rename in it survives a crash. Some filesystems (Windows) cannot; the rename is still atomic there. */
export async function fsyncDir(dir: string): Promise<void> {
  const handle = await fs.open(dir, 'r');
  try {
    await handle.sync();
  } catch {
    // see above: not every filesystem can fsync a directory
  } finally {
    await handle.close();
  }
}

/** fsyncDir for synchronous writers (better-sqlite3 transactions, the feature-pass result writer). */
export function fsyncDirSync(dir: string): void {
  const fd = openSync(dir, 'r');
  try {
    fsyncSync(fd);
  } catch {
    // see fsyncDir
  } finally {
    closeSync(fd);
  }
}

export interface AtomicWriteOptions {
  /**
   * File mode. Default 0600 in a 0700 folder (docs/security.md: the data dir is private);
   * null = the process defaults, for files outside the data dir (the shared Hugging Face cache).
   */
  mode?: number | null;
}

/** Write a file atomically (temp → fsync → rename → fsync folder). */
export async function writeFileAtomic(file: string, data: string | Uint8Array, o: AtomicWriteOptions = {}): Promise<void> {
  const mode = o.mode === undefined ? 0o600 : o.mode;
  const dir = path.dirname(file);
  await fs.mkdir(dir, mode === null ? { recursive: true } : { recursive: true, mode: 0o700 });
  const tmp = path.join(dir, `.${path.basename(file)}.${randomBytes(6).toString('hex')}.tmp`);
  const handle = mode === null ? await fs.open(tmp, 'w') : await fs.open(tmp, 'w', mode);
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
  if (mode !== null) await fs.chmod(file, mode);
  await fsyncDir(dir);
}

/** A sibling staging folder for `finalDir` (same filesystem, so the final rename is atomic); named `*.partial-*`, swept at start-up. */
export function partialDirFor(finalDir: string): string {
  return `${finalDir}.partial-${randomBytes(4).toString('hex')}`;
}

/**
 * Moves a finished staging folder (its files already fsynced by the writer) into place. An older
 * folder of the same name is moved aside first and removed after, so `finalDir` is at every
 * moment either the old complete folder, absent, or the new complete folder.
 */
export async function publishDir(tempDir: string, finalDir: string): Promise<void> {
  await fsyncDir(tempDir);
  let aside: string | null = null;
  if (existsSync(finalDir)) {
    aside = `${finalDir}.old-${randomBytes(4).toString('hex')}`;
    await fs.rename(finalDir, aside);
  }
  await fs.rename(tempDir, finalDir);
  await fsyncDir(path.dirname(finalDir));
  if (aside) await fs.rm(aside, { recursive: true, force: true });
}

/** A whole folder of small files written atomically: staged, each file fsynced, then published. */
export async function writeFolderAtomic(dir: string, files: Record<string, Uint8Array | string>): Promise<void> {
  await fs.mkdir(path.dirname(dir), { recursive: true });
  const tmp = partialDirFor(dir);
  await fs.mkdir(tmp);
  try {
    for (const [name, data] of Object.entries(files)) {
      const h = await fs.open(path.join(tmp, name), 'w');
      try {
        await h.writeFile(data);
        await h.sync();
      } finally {
        await h.close();
      }
    }
    await publishDir(tmp, dir);
  } catch (err) {
    await fs.rm(tmp, { recursive: true, force: true });
    throw err;
  }
}
