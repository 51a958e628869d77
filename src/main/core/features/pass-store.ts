import { and, desc, eq, inArray } from 'drizzle-orm';
import type { Db } from '../db/connection';
import { featurePasses, type FeaturePassRow } from '../db/schema';
import type { FeaturePassRecord } from '../../../shared/types/features';
import type { JobStatus } from '../../../shared/types/jobs';

export const ACTIVE_PASS: JobStatus[] = ['queued', 'running', 'paused'];

export function toPassRecord(r: FeaturePassRow): FeaturePassRecord {
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

  row(id: string): FeaturePassRow | null {
    return this.db.select().from(featurePasses).where(eq(featurePasses.id, id)).get() ?? null;
  }

  list(saeId: string): FeaturePassRecord[] {
    return this.db.select().from(featurePasses).where(eq(featurePasses.saeId, saeId)).orderBy(desc(featurePasses.createdAt)).all().map(toPassRecord);
  }

  active(saeId: string): FeaturePassRow | null {
    return this.db.select().from(featurePasses).where(and(eq(featurePasses.saeId, saeId), inArray(featurePasses.status, ACTIVE_PASS))).get() ?? null;
  }

  /** Passes of every SAE left queued/running by a previous process. */
  unfinished(): FeaturePassRow[] {
    return this.db.select().from(featurePasses).where(inArray(featurePasses.status, ACTIVE_PASS)).all();
  }

  /** The pass whose results the SAE's features hold now. */
  lastCompleted(saeId: string): FeaturePassRow | null {
    return (
      this.db
        .select()
        .from(featurePasses)
        .where(and(eq(featurePasses.saeId, saeId), eq(featurePasses.status, 'completed')))
        .orderBy(desc(featurePasses.completedAt))
        .get() ?? null
    );
  }
}
