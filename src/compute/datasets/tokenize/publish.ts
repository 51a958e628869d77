import { randomBytes } from 'node:crypto';
import { existsSync, promises as fs } from 'node:fs';
import path from 'node:path';

/** A sibling temp folder for `finalDir`: same filesystem, so the final rename is atomic. */
export function partialDirFor(finalDir: string): string {
  return `${finalDir}.partial-${randomBytes(4).toString('hex')}`;
}

async function syncDir(dir: string): Promise<void> {
  const h = await fs.open(dir, 'r');
  try {
    await h.sync();
  } catch {
    // Some filesystems (Windows) cannot fsync a directory; the rename is still atomic.
  } finally {
    await h.close();
  }
}

/**
 * Moves a finished temp folder into place. An older folder of the same name (same settings
 * hash, e.g. a re-run) is moved aside first and removed after, so `finalDir` is at every
 * moment either the old complete folder, absent, or the new complete folder.
 */
export async function publishDir(tempDir: string, finalDir: string): Promise<void> {
  await syncDir(tempDir);
  let aside: string | null = null;
  if (existsSync(finalDir)) {
    aside = `${finalDir}.old-${randomBytes(4).toString('hex')}`;
    await fs.rename(finalDir, aside);
  }
  await fs.rename(tempDir, finalDir);
  await syncDir(path.dirname(finalDir));
  if (aside) await fs.rm(aside, { recursive: true, force: true });
}

/** Where a dataset's tokenization lives: <dataDir>/datasets/<id>/tokens/<tokenizationHash>/. */
export function tokenShardDir(dataDir: string, datasetId: string, settingsHash: string): string {
  return path.join(dataDir, 'datasets', datasetId, 'tokens', settingsHash);
}
