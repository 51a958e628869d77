import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { CodedError } from '../../shared/coded-error';

/** Who holds a data dir (written beside the lock for the next process to read). */
export interface LockHolder {
  pid: number;
  mode: 'electron' | 'serve';
  startedAt: string;
  hostname: string;
}

export class DataDirLockedError extends CodedError<'DATA_DIR_LOCKED'> {
  constructor(
    readonly dataDir: string,
    readonly holder: LockHolder | null,
  ) {
    const who = holder
      ? `process ${holder.pid} (${holder.mode === 'serve' ? 'mistudio serve' : 'the desktop app'}, started ${holder.startedAt}${holder.hostname !== os.hostname() ? ` on ${holder.hostname}` : ''})`
      : 'another miStudio process';
    super(
      'DATA_DIR_LOCKED',
      `The data dir ${dataDir} is in use by ${who}. Two processes on one data dir would mark each other's jobs interrupted; stop that one first (or use it), or pass --data-dir for another folder.`,
    );
  }
}

export interface DataDirLock {
  holder: LockHolder;
  release(): void;
}

export const LOCK_FILE = 'mistudio.lock';
export const LOCK_INFO_FILE = 'mistudio.lock.json';

/**
 * One process per data dir, by an OS-level lock: SQLite's exclusive lock (fcntl on POSIX,
 * LockFileEx on Windows) on <dataDir>/mistudio.lock, held for the process's life. The OS
 * drops it when the process dies, however it dies, so a lock left by a killed process is
 * never stale; a second process (or a second core in this one) gets DataDirLockedError
 * naming the holder from mistudio.lock.json. See docs/security.md.
 */
export function lockDataDir(dataDir: string, mode: LockHolder['mode']): DataDirLock {
  const file = path.join(dataDir, LOCK_FILE);
  const infoFile = path.join(dataDir, LOCK_INFO_FILE);
  const lock = new Database(file, { timeout: 0 });
  try {
    lock.pragma('locking_mode = EXCLUSIVE');
    lock.pragma('journal_mode = MEMORY'); // no -journal file beside the lock
    // The first write takes the EXCLUSIVE lock; in exclusive locking mode it is kept after COMMIT.
    lock.exec(
      'BEGIN EXCLUSIVE; CREATE TABLE IF NOT EXISTS held (at TEXT); DELETE FROM held; INSERT INTO held VALUES (datetime()); COMMIT;',
    );
  } catch (err) {
    lock.close();
    if ((err as { code?: string }).code?.startsWith('SQLITE_BUSY') || (err as { code?: string }).code?.startsWith('SQLITE_LOCKED')) {
      throw new DataDirLockedError(dataDir, readHolder(infoFile));
    }
    throw err;
  }
  const holder: LockHolder = { pid: process.pid, mode, startedAt: new Date().toISOString(), hostname: os.hostname() };
  writeFileSync(infoFile, JSON.stringify(holder), { mode: 0o600 });
  let held = true;
  return {
    holder,
    release() {
      if (!held) return;
      held = false;
      rmSync(infoFile, { force: true });
      lock.close();
    },
  };
}

function readHolder(file: string): LockHolder | null {
  try {
    const h = JSON.parse(readFileSync(file, 'utf8')) as Partial<LockHolder>;
    if (typeof h.pid !== 'number' || (h.mode !== 'serve' && h.mode !== 'electron') || typeof h.startedAt !== 'string') return null;
    return { pid: h.pid, mode: h.mode, startedAt: h.startedAt, hostname: typeof h.hostname === 'string' ? h.hostname : os.hostname() };
  } catch {
    return null;
  }
}
