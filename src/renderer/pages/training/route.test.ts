import { describe, expect, it } from 'vitest';
import { tabFromHash } from '../../app/tabs';
import { parseTrainingHash, trainingHash } from './route';

describe('training route in the hash', () => {
  it('round-trips a run, a sweep and the plain views', () => {
    for (const r of [
      { view: 'runs', runId: 'run-1', sweepId: null },
      { view: 'sweeps', runId: null, sweepId: 'sw-1' },
      { view: 'sweeps', runId: null, sweepId: null },
      { view: 'activations', runId: null, sweepId: null },
      { view: 'runs', runId: null, sweepId: null },
    ] as const) {
      const h = trainingHash(r);
      expect(parseTrainingHash(h)).toEqual(r);
      expect(tabFromHash(h)).toBe('training');
    }
    expect(trainingHash({ sweepId: 'sw-1' })).toBe('#/training?sweep=sw-1');
    expect(trainingHash({ runId: 'run-1' })).toBe('#/training?run=run-1');
    expect(trainingHash({})).toBe('#/training');
  });

  it('falls back to the runs on a bare or malformed hash; a sweep wins over a run', () => {
    expect(parseTrainingHash('#/training')).toEqual({ view: 'runs', runId: null, sweepId: null });
    expect(parseTrainingHash('#/training?view=nope')).toEqual({ view: 'runs', runId: null, sweepId: null });
    expect(parseTrainingHash('#/training?run=a&sweep=b')).toEqual({ view: 'sweeps', runId: null, sweepId: 'b' });
  });
});
