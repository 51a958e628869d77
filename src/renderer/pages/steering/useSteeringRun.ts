import { useCallback, useRef, useState } from 'react';
import type { ArgsOf } from '../../../shared/contract';
import type { JobRecord } from '../../../shared/types/jobs';
import type { SteeringGenerateResult, SteeringPair } from '../../../shared/types/steering';
import { getClient } from '../../api/client';
import { useEvent } from '../../api/hooks';
import { notifyError } from '../../components/notify';

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
  /** The job's result (aggregate, first-position shifts, vector norm) once it completed or stopped. */
  result: SteeringGenerateResult | null;
}

const pairSample = (p: SteeringPair): StreamedSample => ({ unsteered: p.unsteered.text, steered: p.steered.text, pair: p });
const EMPTY: SteeringRunState = { job: null, warnings: [], samples: [], result: null };
export const isRunning = (j: JobRecord | null) => j !== null && (j.status === 'queued' || j.status === 'running');

/**
 * Runs `steering.generate` and follows it: tokens stream into each sample's two texts
 * (`steering.token`), finished pairs arrive as `steering.pair`, the result with `job.updated`.
 * Events can arrive before the start call answers with the job id, so while a start is in
 * flight events of this SAE are taken for the run being started.
 */
export function useSteeringRun(saeId: string) {
  const [state, setState] = useState<SteeringRunState>(EMPTY);
  const jobId = useRef<string | null>(null);
  const starting = useRef(false);
  const mine = (id: string, sae: string) => (jobId.current === null ? starting.current && sae === saeId && ((jobId.current = id), true) : jobId.current === id);

  const sample = (s: SteeringRunState, i: number, patch: (x: StreamedSample) => StreamedSample): SteeringRunState => {
    const samples = s.samples.slice();
    while (samples.length <= i) samples.push({ unsteered: '', steered: '', pair: null });
    samples[i] = patch(samples[i]!);
    return { ...s, samples };
  };
  useEvent('steering.token', (t) => mine(t.jobId, t.saeId) && setState((s) => sample(s, t.sample, (x) => ({ ...x, [t.run]: x[t.run] + t.text }))));
  useEvent('steering.pair', (p) => mine(p.jobId, p.saeId) && setState((s) => sample(s, p.pair.sample, () => pairSample(p.pair))));
  useEvent('job.updated', (j) => {
    if (j.id !== jobId.current) return;
    setState((s) => {
      const result = j.status === 'completed' && j.result ? (j.result as SteeringGenerateResult) : s.result;
      // The result carries every pair: fill any whose event was missed.
      const samples = result ? result.pairs.map(pairSample) : s.samples;
      return { ...s, job: j, result, samples };
    });
  });

  const start = useCallback(async (args: ArgsOf<'steering.generate'>) => {
    jobId.current = null;
    starting.current = true;
    setState(EMPTY);
    try {
      const started = await getClient().invoke('steering.generate', args);
      jobId.current = started.job.id;
      // A job that finished before we knew its id sent its events already: read it once.
      const now = await getClient().invoke('jobs.get', { id: started.job.id });
      const result = now.status === 'completed' ? (now.result as SteeringGenerateResult) : null;
      setState((s) => ({
        ...s,
        warnings: started.warnings,
        job: s.job && s.job.updatedAt > now.updatedAt ? s.job : now,
        ...(result ? { result, samples: result.pairs.map(pairSample) } : {}),
      }));
    } catch (err) {
      notifyError(err, 'Steering refused');
    } finally {
      starting.current = false;
    }
  }, []);
  const stop = useCallback(async () => {
    if (!jobId.current) return;
    try {
      await getClient().invoke('steering.stop', { jobId: jobId.current });
    } catch (err) {
      notifyError(err, 'Could not stop the run');
    }
  }, []);
  return { ...state, running: isRunning(state.job) || starting.current, start, stop };
}
