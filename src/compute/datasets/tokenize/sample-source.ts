import Database from 'better-sqlite3';
import { CodedError } from '../../../shared/coded-error';

export interface SampleRecord {
  /** dataset_samples.id (primary key; used to update the row cheaply). */
  id: number;
  ordinal: number;
  split: string;
  text: string;
}

export class SampleSourceError extends CodedError {}

/**
 * A dataset's samples in ordinal order, read through its own read-only connection with an
 * iterating cursor (one row in memory at a time). WAL mode lets the app write meanwhile; the
 * cursor sees the snapshot taken when iteration starts.
 */
export class SampleReader {
  private readonly db: Database.Database;
  readonly count: number;
  readonly splits: Record<string, number>;

  constructor(
    dbPath: string,
    private readonly datasetId: string,
  ) {
    this.db = new Database(dbPath, { readonly: true, fileMustExist: true });
    try {
      this.db.pragma('busy_timeout = 5000');
      const found = this.db.prepare('SELECT 1 FROM datasets WHERE id = ?').get(datasetId);
      if (!found) throw new SampleSourceError('NOT_FOUND', `dataset ${datasetId} not found in ${dbPath}`);
      const rows = this.db
        .prepare('SELECT split, count(*) AS n FROM dataset_samples WHERE dataset_id = ? GROUP BY split')
        .all(datasetId) as { split: string; n: number }[];
      this.splits = Object.fromEntries(rows.map((r) => [r.split, r.n]));
      this.count = rows.reduce((s, r) => s + r.n, 0);
    } catch (err) {
      this.db.close();
      throw err;
    }
  }

  iterate(): IterableIterator<SampleRecord> {
    return this.db
      .prepare('SELECT id, ordinal, split, text FROM dataset_samples WHERE dataset_id = ? ORDER BY ordinal')
      .iterate(this.datasetId) as IterableIterator<SampleRecord>;
  }

  close(): void {
    this.db.close();
  }
}

/** Writes dataset_samples.token_count through a second connection, in batched transactions. */
export class TokenCountWriter {
  private readonly db: Database.Database;
  private readonly update: Database.Statement<[number, number]>;
  private pending: [number, number][] = [];

  constructor(
    dbPath: string,
    private readonly batchSize = 2000,
  ) {
    this.db = new Database(dbPath, { fileMustExist: true });
    this.db.pragma('busy_timeout = 5000');
    this.update = this.db.prepare('UPDATE dataset_samples SET token_count = ? WHERE id = ?');
  }

  set(sampleId: number, tokenCount: number): void {
    this.pending.push([tokenCount, sampleId]);
    if (this.pending.length >= this.batchSize) this.flush();
  }

  flush(): void {
    if (this.pending.length === 0) return;
    const batch = this.pending;
    this.pending = [];
    this.db.transaction(() => {
      for (const [count, id] of batch) this.update.run(count, id);
    })();
  }

  close(): void {
    this.db.close();
  }
}
