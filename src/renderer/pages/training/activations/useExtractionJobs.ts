import { useEffect, useState } from 'react';
import type { ActivationSetRecord } from '../../../../shared/types/activations';
import type { JobRecord } from '../../../../shared/types/jobs';
import { getClient } from '../../../api/client';
import { useEvent } from '../../../api/hooks';

function withJob(prev: Map<string, JobRecord>, job: JobRecord): Map<string, JobRecord> {
  const old = prev.get(job.id);
  if (old && old.updatedAt > job.updatedAt) return prev;
  return new Map(prev).set(job.id, job);
}

/**
 * The extraction jobs of sets still extracting, by job id: fetched once, then kept live from
 * `job.updated` (the newer record wins).
 */
export function useExtractionJobs(sets: ActivationSetRecord[] | undefined): Map<string, JobRecord> {
  const [jobs, setJobs] = useState<Map<string, JobRecord>>(new Map());
  const wanted = (sets ?? []).filter((s) => s.status === 'extracting' && s.jobId).map((s) => s.jobId!);
  const key = wanted.join(',');
  useEffect(() => {
    for (const id of key ? key.split(',') : []) {
      getClient()
        .invoke('jobs.get', { id })
        .then(
          (job) => setJobs((prev) => withJob(prev, job)),
          () => undefined,
        );
    }
  }, [key]);
  useEvent('job.updated', (job) => {
    if (job.kind === 'activations.extract') setJobs((prev) => withJob(prev, job));
  });
  return jobs;
}
