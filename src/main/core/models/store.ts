import { desc, eq } from 'drizzle-orm';
import type { Db } from '../db/connection';
import { models, type ModelRow } from '../db/schema';
import type { ModelRecord } from '../../../shared/types/models';

export function toModelRecord(row: ModelRow): ModelRecord {
  return {
    id: row.id,
    name: row.name,
    source: row.source,
    repoId: row.repoId,
    revision: row.revision,
    status: row.status,
    path: row.path,
    architecture: row.config ?? null,
    hooks: row.hooks ?? [],
    hookNotes: row.hookNotes ?? [],
    files: row.files ?? [],
    sizeBytes: row.sizeBytes,
    error: row.error,
    createdAt: row.createdAt,
    updatedAt: row.updatedAt,
  };
}

export class ModelStore {
  constructor(private readonly db: Db) {}

  list(): ModelRecord[] {
    return this.db.select().from(models).orderBy(desc(models.createdAt)).all().map(toModelRecord);
  }

  get(id: string): ModelRecord | null {
    const row = this.db.select().from(models).where(eq(models.id, id)).get();
    return row ? toModelRecord(row) : null;
  }

  bundled(): ModelRecord | null {
    const row = this.db.select().from(models).where(eq(models.source, 'bundled')).get();
    return row ? toModelRecord(row) : null;
  }

  insert(row: typeof models.$inferInsert): ModelRecord {
    this.db.insert(models).values(row).run();
    return this.get(row.id)!;
  }

  update(id: string, patch: Partial<typeof models.$inferInsert>): void {
    this.db
      .update(models)
      .set({ ...patch, updatedAt: Date.now() })
      .where(eq(models.id, id))
      .run();
  }

  delete(id: string): void {
    this.db.delete(models).where(eq(models.id, id)).run();
  }
}
