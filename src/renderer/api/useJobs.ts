import { useEffect, useState } from 'react';
import type { JobRecord } from '../../shared/types/jobs';
import { getClient } from './client';
import { useEvent } from './hooks';

/** Recent jobs, kept live from `job.updated` events; newest first. */
export function useJobs(limit = 50): JobRecord[] {
  const [jobs, setJobs] = useState<Map<string, JobRecord>>(new Map());
  useEffect(() => {
    void getClient()
      .invoke('jobs.list', { limit })
      .then((list) => setJobs((prev) => new Map([...list.map((j) => [j.id, j] as const), ...prev])))
      .catch(() => undefined);
  }, [limit]);
  useEvent('job.updated', (job) => {
    setJobs((prev) => {
      const old = prev.get(job.id);
      if (old && old.updatedAt > job.updatedAt) return prev;
      const next = new Map(prev);
      next.set(job.id, job);
      return next;
    });
  });
  return [...jobs.values()].sort((a, b) => b.createdAt - a.createdAt).slice(0, limit);
}

export const isActive = (j: JobRecord) => j.status === 'queued' || j.status === 'running' || j.status === 'paused';
