import { z } from 'zod';
import { method } from './define';
import { JOB_STATUSES, type JobLogLine, type JobRecord } from '../types/jobs';

const jobId = z.string().min(1).max(64);

export const jobsMethods = {
  'jobs.list': method<JobRecord[]>()(
    z
      .object({
        statuses: z.array(z.enum(JOB_STATUSES)).optional(),
        limit: z.number().int().min(1).max(1000).optional(),
      })
      .strict(),
  ),
  'jobs.get': method<JobRecord>()(z.object({ id: jobId }).strict()),
  'jobs.logs': method<JobLogLine[]>()(z.object({ id: jobId, limit: z.number().int().min(1).max(10000).optional() }).strict()),
  'jobs.cancel': method<JobRecord>()(z.object({ id: jobId }).strict()),
  'jobs.pause': method<JobRecord>()(z.object({ id: jobId }).strict()),
  'jobs.resume': method<JobRecord>()(z.object({ id: jobId }).strict()),
};
