import { desc, eq } from 'drizzle-orm';
import type Database from 'better-sqlite3';
import type { Db } from '../db/connection';
import { datasets, type DatasetRow } from '../db/schema';
import type { DatasetRecord, DatasetSample, DatasetTokenization } from '../../../shared/types/datasets';

export function toDatasetRecord(row: DatasetRow): DatasetRecord {
  return {
    id: row.id,
    name: row.name,
    description: row.description,
    source: row.source,
    sourceRef: row.sourceRef,
    format: row.format,
    status: row.status,
    sampleCount: row.sampleCount,
    tokenCount: row.tokenCount,
    sizeBytes: row.sizeBytes,
    splits: row.splits ?? {},
    tokenization: (row.tokenization as DatasetTokenization | null) ?? null,
    statistics: row.statistics ?? null,
    error: row.error,
    skippedRows: row.skippedRows ?? {},
    createdAt: row.createdAt,
    updatedAt: row.updatedAt,
  };
}

/** FTS5 query from free text: every word must appear (each quoted, so no FTS syntax leaks in). */
export function ftsQuery(search: string): string {
  return search
    .split(/\s+/)
    .filter(Boolean)
    .map((w) => `"${w.replace(/"/g, '""')}"`)
    .join(' ');
}

export class DatasetStore {
  constructor(
    private readonly db: Db,
    private readonly sqlite: Database.Database,
  ) {}

  /**
   * After many samples are deleted: FTS5 keeps deleted entries in its index segments until
   * they are merged, so the pages they hold are not free. 'optimize' merges them away
   * (cost ∝ the index left), then the freed pages can go back to the disk.
   */
  compactSearchIndex(): void {
    this.sqlite.exec("INSERT INTO dataset_samples_fts(dataset_samples_fts) VALUES('optimize')");
  }

  list(): DatasetRecord[] {
    return this.db.select().from(datasets).orderBy(desc(datasets.createdAt)).all().map(toDatasetRecord);
  }

  get(id: string): DatasetRecord | null {
    const row = this.db.select().from(datasets).where(eq(datasets.id, id)).get();
    return row ? toDatasetRecord(row) : null;
  }

  insert(row: typeof datasets.$inferInsert): void {
    this.db.insert(datasets).values(row).run();
  }

  update(id: string, patch: Partial<typeof datasets.$inferInsert>): void {
    this.db
      .update(datasets)
      .set({ ...patch, updatedAt: Date.now() })
      .where(eq(datasets.id, id))
      .run();
  }

  /** Samples go with the row (foreign key cascade; the FTS mirror follows through its trigger). */
  delete(id: string): void {
    this.db.delete(datasets).where(eq(datasets.id, id)).run();
  }

  samples(q: { id: string; split?: string; search?: string; offset: number; limit: number }): { total: number; items: DatasetSample[] } {
    const where = ['s.dataset_id = @id'];
    const params: Record<string, unknown> = { id: q.id, limit: q.limit, offset: q.offset };
    let join = '';
    if (q.split) {
      where.push('s.split = @split');
      params.split = q.split;
    }
    const fts = q.search ? ftsQuery(q.search) : '';
    if (fts) {
      join = 'JOIN dataset_samples_fts f ON f.rowid = s.id';
      where.push('dataset_samples_fts MATCH @fts');
      params.fts = fts;
    }
    const from = `FROM dataset_samples s ${join} WHERE ${where.join(' AND ')}`;
    const total = (this.sqlite.prepare(`SELECT count(*) AS n ${from}`).get(params) as { n: number }).n;
    const rows = this.sqlite
      .prepare(
        `SELECT s.ordinal, s.split, s.text, s.token_count AS tokenCount, s.metadata ${from} ORDER BY s.ordinal LIMIT @limit OFFSET @offset`,
      )
      .all(params) as { ordinal: number; split: string; text: string; tokenCount: number | null; metadata: string | null }[];
    return { total, items: rows.map((r) => ({ ...r, metadata: r.metadata ? (JSON.parse(r.metadata) as Record<string, unknown>) : null })) };
  }
}
