import { mkdirSync } from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { drizzle, type BetterSQLite3Database } from 'drizzle-orm/better-sqlite3';
import * as schema from './schema';
import { migrate, readShippedMigrations, type MigrationOutcome } from './migrate';

export type Db = BetterSQLite3Database<typeof schema>;

export interface OpenedDatabase {
  sqlite: Database.Database;
  db: Db;
  path: string;
  migrations: MigrationOutcome;
}

/** Opens <dataDir>/mistudio.db in WAL mode with foreign keys on, migrated to the shipped schema. */
export function openDatabase(dataDir: string, migrationsDir: string): OpenedDatabase {
  mkdirSync(dataDir, { recursive: true });
  const file = path.join(dataDir, 'mistudio.db');
  const sqlite = new Database(file);
  try {
    sqlite.pragma('journal_mode = WAL');
    sqlite.pragma('foreign_keys = ON');
    sqlite.pragma('synchronous = NORMAL');
    sqlite.pragma('busy_timeout = 5000');
    const migrations = migrate(sqlite, file, readShippedMigrations(migrationsDir));
    return { sqlite, db: drizzle(sqlite, { schema }), path: file, migrations };
  } catch (err) {
    sqlite.close();
    throw err;
  }
}
