import { describe, expect, it } from 'vitest';
import type { JobRecord } from '../../shared/types/jobs';
import { FINISHED, jobMessage, jobStatusLabel, keepInRecent, toastsWhenDone } from './job-labels';

/** The fields the labels read; params as loose as a job row's JSON (the functions narrow by kind). */
type Job = Pick<JobRecord, 'kind' | 'status' | 'message' | 'error'> & { params: object | null };
const job = (over: Partial<Job>): Job => ({ kind: 'datasets.import', status: 'running', message: null, error: null, params: {}, ...over });

describe('job labels in the tray', () => {
  it('a cancelled training reads "stopped" (it keeps a checkpoint); other cancelled jobs read "cancelled"', () => {
    expect(jobStatusLabel(job({ kind: 'training.run', status: 'cancelled' }))).toBe('stopped');
    expect(jobStatusLabel(job({ kind: 'activations.extract', status: 'cancelled' }))).toBe('cancelled');
    expect(jobStatusLabel(job({ kind: 'training.run', status: 'running' }))).toBe('running');
  });

  it("the line under the bar: the error first, then a stopped training's way on, then the job's message", () => {
    const error = { code: 'NAN_LOSS', message: 'loss became NaN at step 12' };
    expect(jobMessage(job({ kind: 'training.run', status: 'cancelled', message: 'step 40/600', error }))).toBe(
      'loss became NaN at step 12',
    );
    expect(jobMessage(job({ kind: 'training.run', status: 'cancelled', message: 'step 40/600' }))).toMatch(
      /^Stopped with a checkpoint; Resume/,
    );
    expect(jobMessage(job({ kind: 'datasets.tokenize', status: 'cancelled', message: 'shard 3' }))).toBe('shard 3');
    expect(jobMessage(job({ message: null }))).toBeNull();
  });

  it('quick jobs leave the recent list when they succeed, and stay when they fail or are interrupted', () => {
    expect(keepInRecent(job({ kind: 'models.generate', status: 'completed' }))).toBe(false);
    expect(keepInRecent(job({ kind: 'datasets.statistics', status: 'cancelled' }))).toBe(false);
    expect(keepInRecent(job({ kind: 'models.generate', status: 'failed' }))).toBe(true);
    expect(keepInRecent(job({ kind: 'system.probes', status: 'interrupted' }))).toBe(true);
    expect(keepInRecent(job({ kind: 'training.run', status: 'completed' }))).toBe(true);
  });

  it("long jobs toast when done, except the bundled demo's own imports and quick jobs", () => {
    expect(toastsWhenDone(job({ kind: 'models.import', params: { name: 'gpt2' } }))).toBe(true);
    expect(toastsWhenDone(job({ kind: 'models.import', params: { name: 'KJV GPT-2 (demo)', bundled: true } }))).toBe(false);
    expect(toastsWhenDone(job({ kind: 'datasets.import', params: null }))).toBe(true);
    expect(toastsWhenDone(job({ kind: 'models.generate' }))).toBe(false);
    expect(toastsWhenDone(job({ kind: 'features.probe' }))).toBe(false);
  });

  it('FINISHED is exactly the statuses a job never leaves', () => {
    expect([...FINISHED].sort()).toEqual(['cancelled', 'completed', 'failed', 'interrupted']);
  });
});
