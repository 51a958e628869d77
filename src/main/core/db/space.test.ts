import { statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { createTestCore, waitForJob } from '../../../../test/core-helpers';
import { testScope } from '../../../../test/process-helpers';
import type { JobRecord } from '../../../shared/types/jobs';
import type { Core } from '..';
import { ensureIncrementalVacuum } from './space';

const scope = testScope();
afterEach(() => scope.cleanup());

/** The DB's bytes on disk: the file plus its WAL. */
function dbBytes(dataDir: string): number {
  const f = path.join(dataDir, 'mistudio.db');
  const size = (p: string) => {
    try {
      return statSync(p).size;
    } catch {
      return 0;
    }
  };
  return size(f) + size(`${f}-wal`);
}

/** ~8 MB of distinct text, so the samples and their FTS index take real pages. */
function bigJsonl(): string {
  const file = path.join(scope.dir(), 'big.jsonl');
  const lines = Array.from({ length: 20_000 }, (_, i) =>
    JSON.stringify({ text: `document ${i}: ${Array.from({ length: 40 }, (_, j) => `w${(i * 31 + j * 17) % 9973}`).join(' ')}` }),
  );
  writeFileSync(file, lines.join('\n') + '\n');
  return file;
}

async function importBig(core: Core): Promise<string> {
  const env = await core.dispatch('datasets.importFile', { path: bigJsonl() });
  if (!env.ok) throw new Error(env.error.message);
  const job = await waitForJob(core, (env.result as JobRecord).id, ['completed', 'failed'], 60_000);
  expect(job.status).toBe('completed');
  return core.datasets.store.list()[0]!.id;
}

describe('finding 6: the DB gives freed pages back after large deletes', () => {
  it('deleting a large dataset shrinks the DB file back', async () => {
    const data = scope.dir();
    const core = scope.keep(await createTestCore(data));
    const empty = dbBytes(data);
    const id = await importBig(core);
    core.database.sqlite.pragma('wal_checkpoint(TRUNCATE)');
    const full = dbBytes(data);
    expect(full - empty).toBeGreaterThan(4 * 1024 * 1024);
    expect((await core.dispatch('datasets.delete', { id })).ok).toBe(true);
    expect(dbBytes(data) - empty).toBeLessThan((full - empty) / 4);
  });

  it('rows left by an import that never finished are removed at start-up and their pages reclaimed', async () => {
    const data = scope.dir();
    const first = await createTestCore(data);
    const empty = dbBytes(data);
    const id = await importBig(first);
    // The state a process killed mid-import leaves: committed sample rows, a dataset still "importing".
    first.datasets.store.update(id, { status: 'importing' });
    await first.close();
    const full = dbBytes(data);
    const core = scope.keep(await createTestCore(data));
    expect(core.datasets.store.get(id)).toBeNull();
    expect(dbBytes(data) - empty).toBeLessThan((full - empty) / 4);
  });

  it('a database made without auto_vacuum is switched to INCREMENTAL with one VACUUM; a new one at once', () => {
    const dir = scope.dir();
    const old = new Database(path.join(dir, 'old.db'));
    old.exec('CREATE TABLE t (x TEXT); INSERT INTO t VALUES (hex(randomblob(1000)));');
    expect(old.pragma('auto_vacuum', { simple: true })).toBe(0);
    expect(ensureIncrementalVacuum(old)).toBe('vacuumed');
    expect(old.pragma('auto_vacuum', { simple: true })).toBe(2);
    expect(ensureIncrementalVacuum(old)).toBe('already');
    expect(old.prepare('SELECT count(*) AS n FROM t').get()).toEqual({ n: 1 });
    old.close();
    const fresh = new Database(path.join(dir, 'new.db'));
    expect(ensureIncrementalVacuum(fresh)).toBe('set');
    fresh.close();
  });
});
