import { useCallback, useState } from 'react';
import type { ArgsOf } from '../../../shared/contract';
import { isJobOf, type JobRecord } from '../../../shared/types/jobs';
import type { SteeringSweepResult, SweepPoint } from '../../../shared/types/steering';
import { getClient } from '../../api/client';
import { useEvent } from '../../api/hooks';
import { isRunning, useFollowedJob } from './useFollowedJob';

export interface SweepRunState {
  job: JobRecord | null;
  coefficients: number[];
  /** Finished points by coefficient index (null until measured). */
  points: (SweepPoint | null)[];
  /** The text being generated now: coefficient index (null = the unsteered run) and its text so far. */
  live: { coefficientIndex: number | null; text: string } | null;
  result: SteeringSweepResult | null;
}

const EMPTY: SweepRunState = { job: null, coefficients: [], points: [], live: null, result: null };

function withJob(s: SweepRunState, j: JobRecord): SweepRunState {
  if (s.job && s.job.updatedAt > j.updatedAt) return s;
  const result = isJobOf(j, 'steering.sweep') && j.status === 'completed' && j.result ? j.result : s.result;
  return { ...s, job: j, result, points: result ? result.points : s.points, live: isRunning(j) ? s.live : null };
}

/** Runs `steering.sweep` and follows its streamed tokens (`steering.sweepToken`) and points (`steering.sweepPoint`). */
export function useSweepRun(saeId: string) {
  const [state, setState] = useState<SweepRunState>(EMPTY);
  const follow = useFollowedJob(saeId);
  useEvent(
    'steering.sweepToken',
    (t) =>
      follow.mine(t.jobId, t.saeId) &&
      setState((s) => ({
        ...s,
        live:
          s.live && s.live.coefficientIndex === t.coefficientIndex && t.index > 0
            ? { ...s.live, text: s.live.text + t.text }
            : { coefficientIndex: t.coefficientIndex, text: t.text },
      })),
  );
  useEvent('steering.sweepPoint', (p) => {
    if (!follow.mine(p.jobId, p.saeId)) return;
    setState((s) => {
      const points = s.points.slice();
      points[p.index] = p.point;
      return { ...s, points };
    });
  });
  useEvent('job.updated', (j) => j.id === follow.jobId.current && setState((s) => withJob(s, j)));

  const { launch } = follow;
  const start = useCallback(
    async (args: ArgsOf<'steering.sweep'>) => {
      setState({ ...EMPTY, coefficients: args.coefficients, points: args.coefficients.map(() => null) });
      const r = await launch(() => getClient().invoke('steering.sweep', args), 'Sweep refused');
      if (r) setState((s) => withJob(s, r.now));
    },
    [launch],
  );
  return { ...state, running: isRunning(state.job) || follow.starting.current, start, stop: follow.stop };
}
