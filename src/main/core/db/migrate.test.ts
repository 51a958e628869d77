import Database from 'better-sqlite3';
import { existsSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { removeDir, tempDir } from '../../../../test/core-helpers';
import { defaultPaths } from '../paths';
import { openDatabase } from './connection';
import { appliedMigrations, migrate, readShippedMigrations } from './migrate';

const shipped = readShippedMigrations(defaultPaths.migrations());
let dir = '';
afterEach(() => removeDir(dir));

const tables = (db: Database.Database) =>
  (db.prepare("SELECT name FROM sqlite_master WHERE type IN ('table') ORDER BY name").all() as { name: string }[]).map((r) => r.name);

describe('migrations', () => {
  it('ships at least the initial schema and the FTS migration, in order', () => {
    expect(shipped.length).toBeGreaterThanOrEqual(2);
    expect(shipped[0]?.tag).toMatch(/initial$/);
  });

  it('a fresh data dir gets the tables of docs/architecture.md, "Storage", WAL and foreign keys on', () => {
    dir = tempDir();
    const { sqlite, migrations } = openDatabase(dir, defaultPaths.migrations());
    expect(migrations.applied).toEqual(shipped.map((m) => m.tag));
    expect(migrations.backupPath).toBeNull(); // nothing to back up in a new DB
    const names = tables(sqlite);
    for (const t of [
      'datasets',
      'dataset_samples',
      'dataset_samples_fts',
      'models',
      'activation_sets',
      'trainings',
      'sweeps',
      'training_metrics',
      'training_logs',
      'checkpoints',
      'saes',
      'feature_passes',
      'features',
      'feature_details',
      'feature_examples',
      'features_fts',
      'training_templates',
      'extraction_templates',
      'steering_presets',
      'jobs',
    ]) {
      expect(names).toContain(t);
    }
    expect(sqlite.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(sqlite.pragma('foreign_keys', { simple: true })).toBe(1);
    // FTS5 stays in sync through triggers.
    sqlite.prepare("INSERT INTO datasets (id, name, source, status, created_at, updated_at) VALUES ('d1','d','local','ready',0,0)").run();
    sqlite
      .prepare(
        "INSERT INTO dataset_samples (dataset_id, ordinal, split, text) VALUES ('d1', 0, 'train', 'In the beginning God created the heaven')",
      )
      .run();
    expect(sqlite.prepare("SELECT rowid FROM dataset_samples_fts WHERE dataset_samples_fts MATCH 'heaven'").all()).toHaveLength(1);
    sqlite.close();
  });

  it('upgrades an older DB: backs it up first, keeps its data, applies only what is pending', () => {
    dir = tempDir();
    const file = path.join(dir, 'mistudio.db');
    const old = new Database(file);
    migrate(old, file, shipped.slice(0, 1)); // an older app version shipped only the first
    old
      .prepare("INSERT INTO jobs (id, kind, title, pool, status, created_at, updated_at) VALUES ('j1','k','t','cpu','completed',1,1)")
      .run();
    old.close();

    const { sqlite, migrations } = openDatabase(dir, defaultPaths.migrations());
    expect(migrations.applied).toEqual(shipped.slice(1).map((m) => m.tag));
    expect(migrations.backupPath).not.toBeNull();
    expect(existsSync(migrations.backupPath!)).toBe(true);
    expect(sqlite.prepare('SELECT id FROM jobs').all()).toEqual([{ id: 'j1' }]);
    expect(appliedMigrations(sqlite).map((m) => m.tag)).toEqual(shipped.map((m) => m.tag));
    // The backup is the old schema (no FTS table yet) with the data.
    const backup = new Database(migrations.backupPath!, { readonly: true });
    expect(tables(backup)).not.toContain('dataset_samples_fts');
    expect(backup.prepare('SELECT id FROM jobs').all()).toEqual([{ id: 'j1' }]);
    backup.close();
    sqlite.close();
  });

  it('refuses a DB written by a newer version (applied ⊄ shipped), touching nothing', () => {
    dir = tempDir();
    const file = path.join(dir, 'mistudio.db');
    const db = new Database(file);
    const future = [...shipped, { tag: '29990101000000_from_the_future', sql: 'CREATE TABLE future (x INTEGER);', hash: 'f'.repeat(64) }];
    migrate(db, file, future);
    db.close();
    const before = readdirSync(dir).sort();
    expect(() => openDatabase(dir, defaultPaths.migrations())).toThrow(/newer version/);
    expect(readdirSync(dir).sort()).toEqual(before); // no backup, nothing new
  });

  it('refuses when an applied migration differs from the shipped one with the same tag', () => {
    dir = tempDir();
    const file = path.join(dir, 'mistudio.db');
    const db = new Database(file);
    const edited = shipped.map((m, i) => (i === 0 ? { ...m, hash: '0'.repeat(64) } : m));
    migrate(db, file, edited.slice(0, 1));
    expect(() => migrate(db, file, shipped)).toThrow(/content differs/);
    expect(appliedMigrations(db)).toHaveLength(1);
    db.close();
  });
});
