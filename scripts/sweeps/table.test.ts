import { describe, expect, it } from 'vitest';
import type { SweepRunSummary } from '../../src/shared/types/sweeps';
import { markdownTable, sweepTable } from './table';

const run = (over: Partial<SweepRunSummary>): SweepRunSummary => ({
  trainingId: 'tr_1',
  name: 'S · architecture=topk, k=32',
  point: { architecture: 'topk', k: 32 },
  architecture: 'topk',
  status: 'completed',
  currentStep: 600,
  totalSteps: 600,
  dSae: 2048,
  explainedVariance: 0.91234,
  l0: 31.96,
  ceDelta: 0.1234,
  ceDeltaPercent: 3.456,
  ceLossRecovered: 0.9512,
  deadFeatures: 12,
  denseFeatures: 0,
  seconds: 151.6,
  saeId: 'sae_1',
  ...over,
});

describe('demo sweep table', () => {
  it('names the swept parameter of each run and writes the figures as markdown, — where not measured', () => {
    const rows = sweepTable([
      run({}),
      run({
        name: 'S · architecture=standard',
        point: { architecture: 'standard' },
        architecture: 'standard',
        ceDelta: null,
        seconds: null,
      }),
    ]);
    expect(rows.map((r) => r.parameter)).toEqual(['k=32', '(defaults)']);
    expect(markdownTable(rows).split('\n')).toEqual([
      '| name | architecture | parameter | EV | L0 | ΔCE nats (%) | CE recovered | dead | dense | seconds |',
      '| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |',
      '| S · architecture=topk, k=32 | topk | k=32 | 0.912 | 32.0 | 0.123 (3.5%) | 0.951 | 12 | 0 | 152 |',
      '| S · architecture=standard | standard | (defaults) | 0.912 | 32.0 | — | 0.951 | 12 | 0 | — |',
    ]);
  });
});
