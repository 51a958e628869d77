import { describe, expect, it } from 'vitest';
import type { SweepRunSummary } from '../../../../shared/types/sweeps';
import { axesText, formatSeconds, runColumns, shortRunName, splitSweepRunName } from './columns';

const run: SweepRunSummary = {
  trainingId: 't1',
  name: 'my sweep · architecture=topk, k=32',
  point: { architecture: 'topk', k: 32 },
  architecture: 'topk',
  status: 'completed',
  currentStep: 40,
  totalSteps: 40,
  dSae: 512,
  explainedVariance: 0.81234,
  l0: 31.96,
  ceDelta: 0.1234,
  ceDeltaPercent: 2.345,
  ceLossRecovered: 0.95,
  deadFeatures: 3,
  denseFeatures: 0,
  seconds: 75.4,
  saeId: 'sae-1',
};

describe('sweep run table columns', () => {
  it('puts the swept values first and drops the architecture column when architecture is swept', () => {
    const cols = runColumns([
      { parameter: 'architecture', values: ['standard', 'topk'] },
      { parameter: 'k', values: [16, 32] },
    ]);
    expect(cols.map((c) => c.header)).toEqual([
      'architecture',
      'k',
      'status',
      'EV',
      'L0',
      'ΔCE',
      'ΔCE %',
      'CE rec.',
      'dead',
      'dense',
      'time',
    ]);
    expect(cols.map((c) => c.text(run))).toEqual([
      'TopK',
      '32',
      'completed',
      '0.812',
      '32.0',
      '0.123',
      '2.3%',
      '0.950',
      '3',
      '0',
      '1 m 15 s',
    ]);
    expect(
      runColumns([{ parameter: 'seed', values: [1, 2] }])
        .map((c) => c.header)
        .slice(0, 2),
    ).toEqual(['seed', 'architecture']);
  });

  it('shows — for what is not measured yet, and sorts by the raw value', () => {
    const cols = runColumns([]);
    const pending = { ...run, explainedVariance: null, ceDeltaPercent: null, seconds: null };
    const byKey = Object.fromEntries(cols.map((c) => [c.key, c]));
    expect(byKey.explainedVariance!.text(pending)).toBe('—');
    expect(byKey.ceDeltaPercent!.text(pending)).toBe('—');
    expect(byKey.seconds!.text(pending)).toBe('—');
    expect(byKey.explainedVariance!.value(run)).toBe(0.81234);
  });

  it('formats wall time and trims the sweep prefix of a run name', () => {
    expect([formatSeconds(42.4), formatSeconds(185), formatSeconds(3720), formatSeconds(null)]).toEqual([
      '42 s',
      '3 m 05 s',
      '1 h 02 m',
      '—',
    ]);
    expect(shortRunName(run, 'my sweep')).toBe('architecture=topk, k=32');
    expect(shortRunName(run, 'other')).toBe(run.name);
    expect(splitSweepRunName('demo · blocks.2 · sweep · architecture=topk, k=32')).toEqual({
      sweep: 'demo · blocks.2 · sweep',
      point: 'architecture=topk, k=32',
    });
    expect(splitSweepRunName('k=32')).toEqual({ sweep: '', point: 'k=32' });
  });
});

describe('axesText', () => {
  it('a full grid with ×, anything else as a list with its point count', () => {
    const arch = { parameter: 'architecture' as const, values: ['standard', 'topk'] };
    const lr = { parameter: 'learningRate' as const, values: [0.001, 0.004] };
    expect(axesText([arch, lr], 4, true)).toBe('architecture ∈ {standard, topk} × learningRate ∈ {0.001, 0.004}');
    expect(axesText([arch, lr], 4, false)).toBe('architecture (2) × learningRate (2)');
    expect(axesText([arch, { parameter: 'k', values: [16, 32] }], 3, false)).toBe('3 points over architecture (2), k (2)');
    expect(axesText([], 1, true)).toBe('one point');
  });
});
