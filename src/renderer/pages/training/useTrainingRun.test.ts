import { describe, expect, it } from 'vitest';
import type { TrainingMetricPoint } from '../../../shared/types/training';
import { mergePoint } from './useTrainingRun';

const pt = (step: number, at: number, ev: number | null = null): TrainingMetricPoint => ({
  step,
  loss: 1,
  mse: 1,
  mseRawPerElement: 0.01,
  l1: 1,
  l0: 1,
  explainedVariance: 0.5,
  deadFeatures: 0,
  denseFeatures: 0,
  learningRate: 1e-3,
  l1Coefficient: null,
  auxLoss: null,
  tokensPerSecond: 1,
  memoryBytes: 1,
  eval:
    ev === null
      ? null
      : {
          ceClean: 1,
          ceWithSae: 1,
          ceDelta: 0,
          ceDeltaPercent: 0,
          ceZeroAblation: 2,
          ceLossRecovered: ev,
          ceMeanAblation: 1.5,
          ceLossRecoveredMean: 1,
          klWithSae: 0,
          tokens: 10,
        },
  at,
});

describe('mergePoint', () => {
  it('appends new steps, replaces a re-sent record (eval attached), and drops the stale tail on a rewind', () => {
    let h = [pt(10, 100), pt(20, 200)];
    h = mergePoint(h, pt(30, 300));
    expect(h.map((p) => p.step)).toEqual([10, 20, 30]);
    h = mergePoint(h, pt(30, 300, 0.9)); // the eval of step 30
    expect(h.map((p) => p.step)).toEqual([10, 20, 30]);
    expect(h[2]!.eval!.ceLossRecovered).toBe(0.9);
    h = mergePoint(h, pt(20, 999)); // continued from the checkpoint at step 10: step 20 again, later
    expect(h.map((p) => [p.step, p.at])).toEqual([
      [10, 100],
      [20, 999],
    ]);
  });
});
