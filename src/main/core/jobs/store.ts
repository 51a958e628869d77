import { and, desc, eq, inArray } from 'drizzle-orm';
import type { Db } from '../db/connection';
import { jobLogs, jobs, type JobRow } from '../db/schema';
import type { JobLogLine, JobRecord, JobStatus } from '../../../shared/types/jobs';

/**
 * Row ↔ record, and the few queries the job service needs. The row's params and result are the
 * JSON that JobService.start<kind> and that kind's task wrote, so the kind column tells their types.
 */
export function toRecord(row: JobRow): JobRecord {
  const record = {
    id: row.id,
    kind: row.kind,
    title: row.title,
    pool: row.pool,
    params: row.params ?? null,
    status: row.status,
    progress: row.progress,
    message: row.message,
    result: row.result ?? null,
    error: row.error ?? null,
    createdAt: row.createdAt,
    startedAt: row.startedAt,
    finishedAt: row.finishedAt,
    updatedAt: row.updatedAt,
  };
  return record as JobRecord;
}

export class JobStore {
  constructor(private readonly db: Db) {}

  insert(row: typeof jobs.$inferInsert): JobRecord {
    this.db.insert(jobs).values(row).run();
    return this.get(row.id)!;
  }

  get(id: string): JobRecord | null {
    const row = this.db.select().from(jobs).where(eq(jobs.id, id)).get();
    return row ? toRecord(row) : null;
  }

  update(id: string, patch: Partial<typeof jobs.$inferInsert>): JobRecord | null {
    this.db
      .update(jobs)
      .set({ ...patch, updatedAt: Date.now() })
      .where(eq(jobs.id, id))
      .run();
    return this.get(id);
  }

  list(statuses: JobStatus[] | undefined, limit: number): JobRecord[] {
    const q = this.db.select().from(jobs);
    const rows = (statuses?.length ? q.where(inArray(jobs.status, statuses)) : q).orderBy(desc(jobs.createdAt)).limit(limit).all();
    return rows.map(toRecord);
  }

  /** Jobs a previous process left running, paused or queued: they can't still be running. */
  interruptLeftovers(now: number): number {
    const res = this.db
      .update(jobs)
      .set({
        status: 'interrupted',
        finishedAt: now,
        updatedAt: now,
        message: 'miStudio stopped while this job was running',
        error: { code: 'INTERRUPTED', message: 'miStudio stopped while this job was running' },
      })
      .where(inArray(jobs.status, ['running', 'paused', 'queued']))
      .run();
    return res.changes;
  }

  addLog(line: JobLogLine): void {
    this.db.insert(jobLogs).values(line).run();
  }

  logs(jobId: string, limit: number): JobLogLine[] {
    return this.db
      .select()
      .from(jobLogs)
      .where(and(eq(jobLogs.jobId, jobId)))
      .orderBy(desc(jobLogs.id))
      .limit(limit)
      .all()
      .reverse()
      .map(({ jobId: j, level, message, at }) => ({ jobId: j, level, message, at }));
  }
}
