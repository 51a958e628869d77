import { describe, expect, it } from 'vitest';
import { l1CoefficientAt, learningRateAt } from './schedule';

const base = { learningRate: 1, totalSteps: 110, lrWarmupSteps: 10 };

describe('learningRateAt (SAELens semantics)', () => {
  it('linear warm-up: lr·(step+1)/W', () => {
    expect(learningRateAt(0, { ...base, lrSchedule: 'constant' })).toBeCloseTo(0.1);
    expect(learningRateAt(9, { ...base, lrSchedule: 'constant' })).toBeCloseTo(1);
    expect(learningRateAt(50, { ...base, lrSchedule: 'constant' })).toBe(1);
  });
  it('cosine: CosineAnnealingLR from lr to lrEnd over T − W', () => {
    const hp = { ...base, lrSchedule: 'cosine' as const };
    expect(learningRateAt(10, hp, { lrEnd: 0 })).toBeCloseTo(1);
    expect(learningRateAt(60, hp, { lrEnd: 0 })).toBeCloseTo(0.5);
    expect(learningRateAt(110, hp, { lrEnd: 0 })).toBeCloseTo(0);
  });
  it('linear decay and exponential', () => {
    expect(learningRateAt(60, { ...base, lrSchedule: 'linear' })).toBeCloseTo(0.5);
    const hp = { ...base, lrSchedule: 'exponential' as const };
    expect(learningRateAt(10, hp)).toBeCloseTo(1);
    expect(learningRateAt(109, hp)).toBeCloseTo(0.01);
  });
});

describe('l1CoefficientAt (SAELens CoefficientScheduler)', () => {
  it('step s uses λ·min(s, W)/W', () => {
    const hp = { l1Coefficient: 5, l1WarmupSteps: 10 };
    expect(l1CoefficientAt(0, hp)).toBe(0);
    expect(l1CoefficientAt(5, hp)).toBe(2.5);
    expect(l1CoefficientAt(10, hp)).toBe(5);
    expect(l1CoefficientAt(3, { l1Coefficient: 5, l1WarmupSteps: 0 })).toBe(5);
  });
});
