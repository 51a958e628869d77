import { createHash } from 'node:crypto';
import { copyFileSync, existsSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import type Database from 'better-sqlite3';
import { ApiError } from '../../../shared/contract/errors';

/** One shipped migration: drizzle-kit's journal entry plus its SQL and content hash. */
export interface ShippedMigration {
  tag: string;
  sql: string;
  hash: string;
}

interface Journal {
  entries: { idx: number; tag: string }[];
}

/** Reads migrations/meta/_journal.json and the SQL files it lists, in order. */
export function readShippedMigrations(migrationsDir: string): ShippedMigration[] {
  const journalPath = path.join(migrationsDir, 'meta', '_journal.json');
  if (!existsSync(journalPath)) throw new ApiError('INTERNAL', `migration journal not found at ${journalPath}`);
  const journal = JSON.parse(readFileSync(journalPath, 'utf8')) as Journal;
  return [...journal.entries]
    .sort((a, b) => a.idx - b.idx)
    .map(({ tag }) => {
      const sql = readFileSync(path.join(migrationsDir, `${tag}.sql`), 'utf8');
      return { tag, sql, hash: createHash('sha256').update(sql).digest('hex') };
    });
}

const LEDGER = '__mistudio_migrations';

export function appliedMigrations(db: Database.Database): { tag: string; hash: string }[] {
  db.exec(
    `CREATE TABLE IF NOT EXISTS ${LEDGER} (idx INTEGER PRIMARY KEY, tag TEXT NOT NULL, hash TEXT NOT NULL, applied_at INTEGER NOT NULL)`,
  );
  return db.prepare(`SELECT tag, hash FROM ${LEDGER} ORDER BY idx`).all() as { tag: string; hash: string }[];
}

export interface MigrationOutcome {
  applied: string[];
  backupPath: string | null;
  schemaVersion: string | null;
  appliedCount: number;
  shippedCount: number;
}

/**
 * Applies pending migrations, each in a transaction, after copying the DB file aside.
 * Refuses loudly — touching nothing — when the DB's applied migrations are not a
 * prefix of the shipped ones (a newer app wrote it, or a shipped file was edited).
 */
export function migrate(db: Database.Database, dbPath: string | null, shipped: ShippedMigration[]): MigrationOutcome {
  const applied = appliedMigrations(db);
  applied.forEach((a, i) => {
    const s = shipped[i];
    if (!s) {
      throw new ApiError(
        'INVALID_STATE',
        `The database at ${dbPath ?? ':memory:'} has migration "${a.tag}" that this version of miStudio does not ship (it was written by a newer version). Nothing was changed; run the newer version or choose another data dir.`,
        { applied: applied.map((x) => x.tag), shipped: shipped.map((x) => x.tag) },
      );
    }
    if (s.tag !== a.tag || s.hash !== a.hash) {
      throw new ApiError(
        'INVALID_STATE',
        `The database's migration #${i + 1} ("${a.tag}") does not match the shipped one ("${s.tag}"${s.tag === a.tag ? ', content differs' : ''}). Nothing was changed.`,
        { applied: applied.map((x) => x.tag), shipped: shipped.map((x) => x.tag) },
      );
    }
  });
  const pending = shipped.slice(applied.length);
  let backupPath: string | null = null;
  if (pending.length > 0 && applied.length > 0 && dbPath && existsSync(dbPath) && statSync(dbPath).size > 0) {
    db.pragma('wal_checkpoint(TRUNCATE)');
    backupPath = `${dbPath}.backup-before-${pending[0]?.tag ?? 'migration'}`;
    copyFileSync(dbPath, backupPath);
  }
  const insert = db.prepare(`INSERT INTO ${LEDGER} (idx, tag, hash, applied_at) VALUES (?, ?, ?, ?)`);
  pending.forEach((m, i) => {
    db.transaction(() => {
      for (const statement of m.sql.split('--> statement-breakpoint')) {
        if (statement.trim()) db.exec(statement);
      }
      insert.run(applied.length + i, m.tag, m.hash, Date.now());
    })();
  });
  return {
    applied: pending.map((m) => m.tag),
    backupPath,
    schemaVersion: shipped.at(-1)?.tag ?? null,
    appliedCount: shipped.length,
    shippedCount: shipped.length,
  };
}
