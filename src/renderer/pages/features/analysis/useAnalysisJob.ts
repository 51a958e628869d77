import { useCallback, useEffect, useState } from 'react';
import type { JobRecord } from '../../../../shared/types/jobs';
import { getClient } from '../../../api/client';
import { useEvent } from '../../../api/hooks';
import { notifyError } from '../../../components/notify';

const ACTIVE = ['queued', 'running', 'paused'];

/**
 * One analysis job of an SAE, matched by `match` (kind + params): picks up a running one after a
 * reload (analysis.active; `key` changes when `match` would), follows its progress by job.updated, and calls `onDone` when it completes.
 */
export function useAnalysisJob(saeId: string, key: string, match: (job: JobRecord) => boolean, onDone: () => void) {
  const [job, setJob] = useState<JobRecord | null>(null);
  useEffect(() => {
    let live = true;
    setJob(null);
    void getClient()
      .invoke('analysis.active', { saeId })
      .then((jobs) => live && setJob(jobs.find(match) ?? null))
      .catch(() => undefined);
    return () => {
      live = false;
    };
    // eslint-disable-next-line react-hooks/exhaustive-deps -- `match` is recreated every render; `key` names what it matches
  }, [saeId, key]);
  useEvent('job.updated', (j) => {
    if (!match(j)) return;
    if (j.status === 'completed') onDone();
    setJob(ACTIVE.includes(j.status) || j.status === 'failed' ? j : null);
  });
  const run = useCallback(async (start: () => Promise<JobRecord>) => {
    try {
      setJob(await start());
    } catch (err) {
      notifyError(err, 'Could not start');
    }
  }, []);
  const cancel = useCallback(async () => {
    if (job)
      await getClient()
        .invoke('jobs.cancel', { id: job.id })
        .catch((err: unknown) => notifyError(err, 'Cancel failed'));
  }, [job]);
  const running = job !== null && ACTIVE.includes(job.status);
  return { job, running, run, cancel };
}
