import { useCallback, useState } from 'react';
import type { ArgsOf } from '../../../shared/contract';
import { isJobOf, type JobRecord } from '../../../shared/types/jobs';
import type { SteeringGenerateResult, SteeringPair } from '../../../shared/types/steering';
import { getClient } from '../../api/client';
import { useEvent } from '../../api/hooks';
import { isRunning, useFollowedJob } from './useFollowedJob';

/** What one sample shows while it streams: the two texts so far, then its finished pair. */
export interface StreamedSample {
  unsteered: string;
  steered: string;
  pair: SteeringPair | null;
}

export interface SteeringRunState {
  job: JobRecord | null;
  warnings: string[];
  samples: StreamedSample[];
  /** The job's result (aggregate, first-position shifts, vector norm) once it completed. */
  result: SteeringGenerateResult | null;
}

const pairSample = (p: SteeringPair): StreamedSample => ({ unsteered: p.unsteered.text, steered: p.steered.text, pair: p });
const EMPTY: SteeringRunState = { job: null, warnings: [], samples: [], result: null };

/** The state once `j` is known: a completed job's result carries every pair (fills any whose event was missed). */
function withJob(s: SteeringRunState, j: JobRecord): SteeringRunState {
  if (s.job && s.job.updatedAt > j.updatedAt) return s;
  const result = isJobOf(j, 'steering.generate') && j.status === 'completed' && j.result ? j.result : s.result;
  return { ...s, job: j, result, samples: result ? result.pairs.map(pairSample) : s.samples };
}

/**
 * Runs `steering.generate` and follows it: tokens stream into each sample's two texts
 * (`steering.token`), finished pairs arrive as `steering.pair`, the result with `job.updated`.
 */
export function useSteeringRun(saeId: string) {
  const [state, setState] = useState<SteeringRunState>(EMPTY);
  const follow = useFollowedJob(saeId);
  const sample = (s: SteeringRunState, i: number, patch: (x: StreamedSample) => StreamedSample): SteeringRunState => {
    const samples = s.samples.slice();
    while (samples.length <= i) samples.push({ unsteered: '', steered: '', pair: null });
    samples[i] = patch(samples[i]!);
    return { ...s, samples };
  };
  useEvent(
    'steering.token',
    (t) => follow.mine(t.jobId, t.saeId) && setState((s) => sample(s, t.sample, (x) => ({ ...x, [t.run]: x[t.run] + t.text }))),
  );
  useEvent('steering.pair', (p) => follow.mine(p.jobId, p.saeId) && setState((s) => sample(s, p.pair.sample, () => pairSample(p.pair))));
  useEvent('job.updated', (j) => j.id === follow.jobId.current && setState((s) => withJob(s, j)));

  const { launch } = follow;
  const start = useCallback(
    async (args: ArgsOf<'steering.generate'>) => {
      setState(EMPTY);
      const r = await launch(() => getClient().invoke('steering.generate', args), 'Steering refused');
      if (r) setState((s) => ({ ...withJob(s, r.now), warnings: r.started.warnings }));
    },
    [launch],
  );
  return { ...state, running: isRunning(state.job) || follow.starting.current, start, stop: follow.stop };
}
