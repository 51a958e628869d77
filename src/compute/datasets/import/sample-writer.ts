import Database from 'better-sqlite3';

export interface SampleRow {
  ordinal: number;
  split: string;
  text: string;
  metadata: Record<string, unknown> | undefined;
}

/** Rows per multi-row INSERT (5 parameters each, well under SQLite's 32766-parameter cap). */
const BATCH_ROWS = 200;
/** Rows per committed transaction: short write locks, so main's own writes never wait long. */
const COMMIT_ROWS = 5000;

/**
 * Writes a dataset's samples into dataset_samples in short transactions of COMMIT_ROWS
 * rows (one long transaction would hold SQLite's single write lock for the whole import
 * and starve main's job updates). All-or-nothing is kept at the dataset level instead:
 * `rollback()` deletes every row this import wrote, the dataset row stays `importing`
 * until main marks it ready, and main deletes datasets left `importing` at start-up
 * (a crash mid-import). The FTS mirror is kept by the table's triggers.
 */
export class SampleWriter {
  private readonly db: Database.Database;
  private readonly insertBatch: Database.Statement;
  private readonly insertOne: Database.Statement;
  private readonly deleteRows: Database.Statement;
  private pending: SampleRow[] = [];
  private started = false;
  written = 0;

  constructor(
    dbPath: string,
    private readonly datasetId: string,
  ) {
    this.db = new Database(dbPath);
    try {
      this.db.pragma('journal_mode = WAL');
      this.db.pragma('busy_timeout = 5000');
      this.db.pragma('foreign_keys = ON');
      const values = (n: number) => Array.from({ length: n }, () => '(?, ?, ?, ?, ?)').join(', ');
      const sql = 'INSERT INTO dataset_samples (dataset_id, ordinal, split, text, metadata) VALUES ';
      this.insertBatch = this.db.prepare(sql + values(BATCH_ROWS));
      this.insertOne = this.db.prepare(sql + values(1));
      this.deleteRows = this.db.prepare('DELETE FROM dataset_samples WHERE dataset_id = ?');
    } catch (err) {
      this.db.close();
      throw err;
    }
  }

  begin(): void {
    this.started = true;
  }

  add(row: SampleRow): void {
    this.pending.push(row);
    if (this.pending.length >= COMMIT_ROWS) this.flush();
  }

  /** Inserts what is pending in one short transaction. */
  flush(): void {
    const rows = this.pending;
    this.pending = [];
    if (rows.length === 0) return;
    this.db.transaction(() => {
      let i = 0;
      for (; i + BATCH_ROWS <= rows.length; i += BATCH_ROWS) {
        this.insertBatch.run(rows.slice(i, i + BATCH_ROWS).flatMap((r) => this.params(r)));
      }
      for (; i < rows.length; i++) this.insertOne.run(this.params(rows[i] as SampleRow));
    })();
    this.written += rows.length;
  }

  commit(): void {
    this.flush();
    this.started = false;
  }

  /** Removes every row this import wrote. */
  rollback(): void {
    this.pending = [];
    if (this.started && this.written > 0) this.deleteRows.run(this.datasetId);
    this.written = 0;
    this.started = false;
  }

  close(): void {
    this.rollback();
    this.db.close();
  }

  private params(r: SampleRow): unknown[] {
    return [this.datasetId, r.ordinal, r.split, r.text, r.metadata ? JSON.stringify(r.metadata) : null];
  }
}
