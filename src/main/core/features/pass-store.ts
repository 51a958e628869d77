import { and, desc, eq, getTableColumns, inArray } from 'drizzle-orm';
import type { Db } from '../db/connection';
import { featurePasses, type FeaturePassRow } from '../db/schema';
import type { FeaturePassRecord } from '../../../shared/types/features';
import type { JobStatus } from '../../../shared/types/jobs';

export const ACTIVE_PASS: JobStatus[] = ['queued', 'running', 'paused'];

/** Every column but the token-text table (vocabulary-sized JSON, read only for examples). */
const { tokenTexts: _tokenTexts, ...passColumns } = getTableColumns(featurePasses);
export type PassRow = Omit<FeaturePassRow, 'tokenTexts'>;

export function toPassRecord(r: PassRow): FeaturePassRecord {
  return {
    id: r.id,
    saeId: r.saeId,
    jobId: r.jobId,
    status: r.status,
    params: r.params,
    progress: r.progress,
    summary: r.summary ?? null,
    error: r.error,
    createdAt: r.createdAt,
    startedAt: r.startedAt,
    completedAt: r.completedAt,
  };
}

/** Rows of feature_passes: one per pass an SAE ran (or is running). */
export class PassStore {
  constructor(private readonly db: Db) {}

  insert(row: typeof featurePasses.$inferInsert): void {
    this.db.insert(featurePasses).values(row).run();
  }

  update(id: string, patch: Partial<typeof featurePasses.$inferInsert>): void {
    this.db.update(featurePasses).set(patch).where(eq(featurePasses.id, id)).run();
  }

  row(id: string): PassRow | null {
    return this.db.select(passColumns).from(featurePasses).where(eq(featurePasses.id, id)).get() ?? null;
  }

  /** Token id → text of the contexts a pass stored. */
  tokenTexts(id: string): Record<string, string> {
    return this.db.select({ t: featurePasses.tokenTexts }).from(featurePasses).where(eq(featurePasses.id, id)).get()?.t ?? {};
  }

  list(saeId: string): FeaturePassRecord[] {
    return this.db
      .select(passColumns)
      .from(featurePasses)
      .where(eq(featurePasses.saeId, saeId))
      .orderBy(desc(featurePasses.createdAt))
      .all()
      .map(toPassRecord);
  }

  active(saeId: string): PassRow | null {
    return (
      this.db
        .select(passColumns)
        .from(featurePasses)
        .where(and(eq(featurePasses.saeId, saeId), inArray(featurePasses.status, ACTIVE_PASS)))
        .get() ?? null
    );
  }

  /** Passes of every SAE left queued/running by a previous process. */
  unfinished(): PassRow[] {
    return this.db.select(passColumns).from(featurePasses).where(inArray(featurePasses.status, ACTIVE_PASS)).all();
  }

  /** The pass whose results the SAE's features hold now. */
  lastCompleted(saeId: string): PassRow | null {
    return (
      this.db
        .select(passColumns)
        .from(featurePasses)
        .where(and(eq(featurePasses.saeId, saeId), eq(featurePasses.status, 'completed')))
        .orderBy(desc(featurePasses.completedAt))
        .get() ?? null
    );
  }
}
