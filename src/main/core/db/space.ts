import type Database from 'better-sqlite3';

/**
 * Disk space after large deletes (a dataset's samples, a failed import rolled back):
 * SQLite keeps freed pages in its file unless auto_vacuum is on. We use INCREMENTAL
 * (docs/security.md): deletes stay fast, and `reclaimFreePages` returns the free pages
 * to the OS when they are many.
 */

/** auto_vacuum = INCREMENTAL. A database made without it needs one VACUUM to switch (done once, logged). */
export function ensureIncrementalVacuum(sqlite: Database.Database): 'already' | 'set' | 'vacuumed' {
  if (sqlite.pragma('auto_vacuum', { simple: true }) === 2) return 'already';
  sqlite.pragma('auto_vacuum = INCREMENTAL');
  if (sqlite.pragma('auto_vacuum', { simple: true }) === 2) return 'set'; // an empty database takes it at once
  sqlite.exec('VACUUM');
  return 'vacuumed';
}

export interface SpaceReport {
  freePages: number;
  pageSize: number;
  /** Bytes given back to the filesystem (0 when below the thresholds). */
  reclaimedBytes: number;
}

/**
 * Frees the free pages when at least `minFreeBytes` and `minFreeFraction` of the file are
 * free, then truncates the WAL. SQLITE_BUSY (a worker mid-write) skips it: the next call tries again.
 */
export function reclaimFreePages(sqlite: Database.Database, opts: { minFreeBytes?: number; minFreeFraction?: number } = {}): SpaceReport {
  const pageSize = Number(sqlite.pragma('page_size', { simple: true }));
  const freePages = Number(sqlite.pragma('freelist_count', { simple: true }));
  const pages = Number(sqlite.pragma('page_count', { simple: true }));
  const report: SpaceReport = { freePages, pageSize, reclaimedBytes: 0 };
  if (freePages * pageSize < (opts.minFreeBytes ?? 4 * 1024 * 1024) || freePages < pages * (opts.minFreeFraction ?? 0.1)) return report;
  try {
    sqlite.pragma('incremental_vacuum');
    sqlite.pragma('wal_checkpoint(TRUNCATE)');
  } catch (err) {
    if ((err as { code?: string }).code?.startsWith('SQLITE_BUSY')) return report;
    throw err;
  }
  report.reclaimedBytes = (freePages - Number(sqlite.pragma('freelist_count', { simple: true }))) * pageSize;
  return report;
}
