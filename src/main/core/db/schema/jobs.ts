import { index, integer, real, sqliteTable, text } from 'drizzle-orm/sqlite-core';
import { createdAt, id, json, updatedAt } from './common';
import type { JobStatus, PoolName } from '../../../../shared/types/jobs';

/** Durable jobs (docs/architecture.md): every long operation has a row; workers report, main persists. */
export const jobs = sqliteTable(
  'jobs',
  {
    id: id(),
    kind: text('kind').notNull(),
    title: text('title').notNull(),
    pool: text('pool').$type<PoolName>().notNull(),
    params: json<unknown>('params'),
    status: text('status').$type<JobStatus>().notNull(),
    progress: real('progress').notNull().default(0),
    message: text('message'),
    result: json<unknown>('result'),
    error: json<{ code: string; message: string }>('error'),
    createdAt: createdAt(),
    startedAt: integer('started_at'),
    finishedAt: integer('finished_at'),
    updatedAt: updatedAt(),
  },
  (t) => [index('jobs_status_idx').on(t.status), index('jobs_created_idx').on(t.createdAt)],
);

export const jobLogs = sqliteTable(
  'job_logs',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    jobId: text('job_id')
      .notNull()
      .references(() => jobs.id, { onDelete: 'cascade' }),
    level: text('level').$type<'debug' | 'info' | 'warn' | 'error'>().notNull(),
    message: text('message').notNull(),
    at: integer('at').notNull(),
  },
  (t) => [index('job_logs_job_idx').on(t.jobId, t.id)],
);

export type JobRow = typeof jobs.$inferSelect;
export type NewJobRow = typeof jobs.$inferInsert;
