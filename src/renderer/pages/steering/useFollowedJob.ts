import { useCallback, useRef } from 'react';
import type { JobRecord } from '../../../shared/types/jobs';
import type { SteeringJobStarted } from '../../../shared/contract/steering';
import { getClient } from '../../api/client';
import { notifyError } from '../../components/notify';

export const isRunning = (j: JobRecord | null) => j !== null && (j.status === 'queued' || j.status === 'running');

/**
 * Follows one steering job of an SAE at a time. Its streamed events can arrive before the start
 * call answers with the job id, so while a start is in flight an event of this SAE is taken for
 * the run being started (`mine`). `launch` starts, then reads the job once (a short run may have
 * finished before its id was known); `stop` asks the running one to stop.
 */
export function useFollowedJob(saeId: string) {
  const jobId = useRef<string | null>(null);
  const starting = useRef(false);
  const mine = (id: string, sae: string): boolean => {
    if (jobId.current !== null) return jobId.current === id;
    if (!starting.current || sae !== saeId) return false;
    jobId.current = id;
    return true;
  };
  const launch = useCallback(
    async (call: () => Promise<SteeringJobStarted>, refused: string): Promise<{ started: SteeringJobStarted; now: JobRecord } | null> => {
      jobId.current = null;
      starting.current = true;
      try {
        const started = await call();
        jobId.current = started.job.id;
        return { started, now: await getClient().invoke('jobs.get', { id: started.job.id }) };
      } catch (err) {
        notifyError(err, refused);
        return null;
      } finally {
        starting.current = false;
      }
    },
    [],
  );
  const stop = useCallback(async () => {
    if (!jobId.current) return;
    try {
      await getClient().invoke('steering.stop', { jobId: jobId.current });
    } catch (err) {
      notifyError(err, 'Could not stop the run');
    }
  }, []);
  return { jobId, mine, launch, stop, starting };
}
