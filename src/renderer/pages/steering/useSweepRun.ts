import { useCallback, useRef, useState } from 'react';
import type { ArgsOf } from '../../../shared/contract';
import type { JobRecord } from '../../../shared/types/jobs';
import type { SteeringSweepResult, SweepPoint } from '../../../shared/types/steering';
import { getClient } from '../../api/client';
import { useEvent } from '../../api/hooks';
import { notifyError } from '../../components/notify';
import { isRunning } from './useSteeringRun';

export interface SweepRunState {
  job: JobRecord | null;
  coefficients: number[];
  /** Finished points by coefficient index (sparse while it runs). */
  points: (SweepPoint | null)[];
  /** The text being generated now: coefficient index (null = the unsteered run) and its text so far. */
  live: { coefficientIndex: number | null; text: string } | null;
  result: SteeringSweepResult | null;
}

const EMPTY: SweepRunState = { job: null, coefficients: [], points: [], live: null, result: null };

/** Runs `steering.sweep` and follows its streamed tokens and points (as useSteeringRun does). */
export function useSweepRun(saeId: string) {
  const [state, setState] = useState<SweepRunState>(EMPTY);
  const jobId = useRef<string | null>(null);
  const starting = useRef(false);
  const mine = (id: string, sae: string) => (jobId.current === null ? starting.current && sae === saeId && ((jobId.current = id), true) : jobId.current === id);

  useEvent('steering.sweepToken', (t) =>
    mine(t.jobId, t.saeId) &&
    setState((s) => ({ ...s, live: s.live && s.live.coefficientIndex === t.coefficientIndex && t.index > 0 ? { ...s.live, text: s.live.text + t.text } : { coefficientIndex: t.coefficientIndex, text: t.text } })),
  );
  useEvent('steering.sweepPoint', (p) => {
    if (!mine(p.jobId, p.saeId)) return;
    setState((s) => {
      const points = s.points.slice();
      points[p.index] = p.point;
      return { ...s, points };
    });
  });
  useEvent('job.updated', (j) => {
    if (j.id !== jobId.current) return;
    setState((s) => {
      const result = j.status === 'completed' && j.result ? (j.result as SteeringSweepResult) : s.result;
      return { ...s, job: j, result, points: result ? result.points : s.points, live: isRunning(j) ? s.live : null };
    });
  });

  const start = useCallback(async (args: ArgsOf<'steering.sweep'>) => {
    jobId.current = null;
    starting.current = true;
    setState({ ...EMPTY, coefficients: args.coefficients, points: args.coefficients.map(() => null) });
    try {
      const started = await getClient().invoke('steering.sweep', args);
      jobId.current = started.job.id;
      const now = await getClient().invoke('jobs.get', { id: started.job.id });
      setState((s) => {
        const result = now.status === 'completed' ? (now.result as SteeringSweepResult) : null;
        return { ...s, job: s.job && s.job.updatedAt > now.updatedAt ? s.job : now, ...(result ? { result, points: result.points, live: null } : {}) };
      });
    } catch (err) {
      notifyError(err, 'Sweep refused');
    } finally {
      starting.current = false;
    }
  }, []);
  const stop = useCallback(async () => {
    if (!jobId.current) return;
    try {
      await getClient().invoke('steering.stop', { jobId: jobId.current });
    } catch (err) {
      notifyError(err, 'Could not stop the sweep');
    }
  }, []);
  return { ...state, running: isRunning(state.job) || starting.current, start, stop };
}
