import { chmodSync, lstatSync, mkdirSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { isMainThread } from 'node:worker_threads';

/** Everything miStudio writes is for its user only (docs/security.md). */
export const PRIVATE_DIR_MODE = 0o700;
export const PRIVATE_FILE_MODE = 0o600;

/**
 * New files and folders of this process (and its worker threads, which share the umask)
 * are created without group/other bits: token shards, checkpoints, activations, the DB's
 * WAL — whatever the writer. Worker threads cannot set the umask; they inherit it.
 */
export function privateUmask(): void {
  if (isMainThread && process.platform !== 'win32') process.umask(0o077);
}

/** mkdir -p with 0700, and 0700 on a folder that already existed looser. */
export function ensurePrivateDir(dir: string): void {
  mkdirSync(dir, { recursive: true, mode: PRIVATE_DIR_MODE });
  tighten(dir, true);
}

function tighten(p: string, isDir: boolean): boolean {
  if (process.platform === 'win32') return false;
  const mode = lstatSync(p).mode & 0o777;
  if ((mode & 0o077) === 0) return false;
  // Keep the owner's bits (an executable stays executable for its owner), drop the rest.
  chmodSync(p, isDir ? PRIVATE_DIR_MODE : mode & 0o700);
  return true;
}

/**
 * Start-up: folders 0700, files 0600 (owner bits kept) everywhere under the data dir, so a
 * data dir made by an older version, or copied in with 0644 files, stops being readable by
 * other local users. Symlinks are not followed. Returns how many entries were tightened.
 */
export function tightenDataDir(root: string): number {
  let changed = 0;
  const walk = (dir: string) => {
    if (tighten(dir, true)) changed++;
    let entries;
    try {
      entries = readdirSync(dir, { withFileTypes: true });
    } catch {
      return;
    }
    for (const e of entries) {
      const p = path.join(dir, e.name);
      try {
        if (e.isDirectory()) walk(p);
        else if (e.isFile() && tighten(p, false)) changed++;
      } catch {
        // Vanished or not ours to change: leave it, the next start tries again.
      }
    }
  };
  walk(root);
  return changed;
}
