import { chmodSync, existsSync } from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { drizzle, type BetterSQLite3Database } from 'drizzle-orm/better-sqlite3';
import * as schema from './schema';
import { migrate, readShippedMigrations, type MigrationOutcome } from './migrate';
import { ensureIncrementalVacuum } from './space';
import { ensurePrivateDir, PRIVATE_FILE_MODE } from '../storage/private-files';

export type Db = BetterSQLite3Database<typeof schema>;

export interface OpenedDatabase {
  sqlite: Database.Database;
  db: Db;
  path: string;
  migrations: MigrationOutcome;
  /** What start-up did to turn on incremental vacuum ('vacuumed': a one-off VACUUM of an older DB). */
  autoVacuum: ReturnType<typeof ensureIncrementalVacuum>;
}

/** Opens <dataDir>/mistudio.db in WAL mode with foreign keys on, migrated to the shipped schema. */
export function openDatabase(dataDir: string, migrationsDir: string): OpenedDatabase {
  ensurePrivateDir(dataDir);
  const file = path.join(dataDir, 'mistudio.db');
  const sqlite = new Database(file);
  try {
    // Before WAL and the first table, so a new database starts with it (docs/security.md).
    const autoVacuum = ensureIncrementalVacuum(sqlite);
    sqlite.pragma('journal_mode = WAL');
    sqlite.pragma('foreign_keys = ON');
    sqlite.pragma('synchronous = NORMAL');
    sqlite.pragma('busy_timeout = 5000');
    const migrations = migrate(sqlite, file, readShippedMigrations(migrationsDir));
    // The DB and its WAL/SHM are the researcher's data: owner only, whatever the umask was.
    for (const f of [file, `${file}-wal`, `${file}-shm`]) if (existsSync(f)) chmodSync(f, PRIVATE_FILE_MODE);
    return { sqlite, db: drizzle(sqlite, { schema }), path: file, migrations, autoVacuum };
  } catch (err) {
    sqlite.close();
    throw err;
  }
}
