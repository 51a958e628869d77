import { describe, expect, it } from 'vitest';
import { HYPERPARAMETER_DEFAULTS } from '../../../../shared/types/training-config';
import { ApiError } from '../../../../shared/contract';
import { MAX_SWEEP_POINTS, planSweep, sparsityParameter, suggestAxis, sweepRefusal } from './draft';

const base = { ...HYPERPARAMETER_DEFAULTS, architecture: 'topk' as const, k: 32, learningRate: 2e-3 };

describe('planSweep', () => {
  it('crosses the axes, first outermost, and counts the runs', () => {
    const plan = planSweep([
      { parameter: 'architecture', text: '', architectures: ['standard', 'topk'] },
      { parameter: 'k', text: '16, 32', architectures: [] },
    ]);
    expect(plan.problems).toEqual([]);
    expect(plan.points).toEqual([
      { architecture: 'standard', k: 16 },
      { architecture: 'standard', k: 32 },
      { architecture: 'topk', k: 16 },
      { architecture: 'topk', k: 32 },
    ]);
  });

  it('says what is wrong, naming the axis, and starts nothing then', () => {
    const bad = planSweep([
      { parameter: 'k', text: '16, 0', architectures: [] },
      { parameter: 'learningRate', text: '', architectures: [] },
    ]);
    expect(bad.problems).toEqual(['k (TopK / BatchTopK): 0 is outside 1–4096', 'Learning rate: enter at least one value']);
    expect(bad.points).toEqual([]);
    expect(
      planSweep([
        { parameter: 'k', text: '8', architectures: [] },
        { parameter: 'k', text: '16', architectures: [] },
      ]).problems,
    ).toEqual(['k (TopK / BatchTopK) is on both axes']);
    expect(planSweep([{ parameter: 'architecture', text: '', architectures: [] }]).problems).toEqual(['Architecture: pick at least one']);
  });

  it(`refuses more than ${MAX_SWEEP_POINTS} runs`, () => {
    const seeds = Array.from({ length: 13 }, (_, i) => i).join(',');
    const plan = planSweep([
      { parameter: 'seed', text: seeds, architectures: [] },
      { parameter: 'k', text: '1,2,3,4,5', architectures: [] },
    ]);
    expect(plan.points).toHaveLength(65);
    expect(plan.problems).toEqual(['65 runs: a sweep has at most 64']);
  });
});

describe('suggestAxis', () => {
  it('offers half, once and twice the base value, rounded for whole numbers and kept in range', () => {
    expect(suggestAxis('k', base).text).toBe('16, 32, 64');
    expect(suggestAxis('learningRate', base).text).toBe('0.001, 0.002, 0.004');
    expect(suggestAxis('k', { ...base, k: 1 }).text).toBe('1, 2'); // ½ rounds to 1 (kept once), 0 would be out of range
    expect(suggestAxis('learningRate', { ...base, learningRate: 0.008 }).text).toBe('0.004, 0.008'); // 0.016 > max 0.01
    expect(suggestAxis('architecture', base)).toEqual({ parameter: 'architecture', text: '', architectures: ['topk'] });
  });

  it('starts from the architecture’s sparsity knob', () => {
    expect(sparsityParameter('topk')).toBe('k');
    expect(sparsityParameter('batchtopk')).toBe('k');
    expect(sparsityParameter('jumprelu')).toBe('l0Coefficient');
    expect(sparsityParameter('standard')).toBe('l1Coefficient');
    expect(sparsityParameter('gated')).toBe('l1Coefficient');
  });
});

describe('sweepRefusal', () => {
  it('keeps the message and the point the server named', () => {
    expect(sweepRefusal(new ApiError('VALIDATION', 'Point 4 of 4 (…): k too big', { point: 3 }))).toEqual({
      message: 'Point 4 of 4 (…): k too big',
      point: 3,
    });
    expect(sweepRefusal(new ApiError('VALIDATION', 'bad', [{ path: ['points'] }]))).toEqual({ message: 'bad', point: null });
    expect(sweepRefusal(new Error('socket closed'))).toEqual({ message: 'socket closed', point: null });
  });
});
