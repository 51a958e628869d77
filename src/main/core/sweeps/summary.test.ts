import { describe, expect, it } from 'vitest';
import { sweepStatusOf } from './summary';

describe('a sweep status from its runs', () => {
  it('queued until a run starts, running while any is on the pool, then completed / failed / stopped', () => {
    expect(sweepStatusOf(['queued', 'queued'])).toBe('queued');
    expect(sweepStatusOf(['running', 'queued'])).toBe('running');
    expect(sweepStatusOf(['completed', 'queued'])).toBe('running');
    expect(sweepStatusOf(['completed', 'paused'])).toBe('running');
    expect(sweepStatusOf(['completed', 'completed'])).toBe('completed');
    expect(sweepStatusOf(['completed', 'failed', 'cancelled'])).toBe('failed');
    expect(sweepStatusOf(['completed', 'cancelled'])).toBe('stopped');
    expect(sweepStatusOf(['interrupted', 'interrupted'])).toBe('stopped');
    // Every run deleted one by one: nothing left to run.
    expect(sweepStatusOf([])).toBe('stopped');
  });
});
