import { describe, expect, it } from 'vitest';
import { hyperparametersSchema, trainingConfigSchema } from '../../../shared/contract/training';
import { defaultHyperparameters, rangeOf } from './fields';

/** The drawer's numeric hyperparameters: every key whose default is a number. */
const NUMERIC = Object.entries(defaultHyperparameters())
  .filter(([, v]) => typeof v === 'number')
  .map(([k]) => k as keyof typeof hyperparametersSchema.shape);

const accepts = (key: keyof typeof hyperparametersSchema.shape, value: number) => hyperparametersSchema.safeParse({ [key]: value }).success;

describe("the drawer's ranges and defaults come from the contract's schema", () => {
  it('reads the bounds the schema declares', () => {
    expect(rangeOf('learningRate')).toEqual({ min: 1e-6, max: 1e-2 });
    expect(rangeOf('batchSize')).toEqual({ min: 32, max: 16384 });
    expect(rangeOf('l1Coefficient')).toEqual({ min: 0, max: 100 });
    expect(rangeOf('checkpointEvery')).toEqual({ min: 0, max: 1_000_000 });
    expect(rangeOf('evalTokens')).toEqual({ min: 64, max: 1_000_000 });
  });

  it('for every numeric hyperparameter the schema accepts the max and refuses just outside the range', () => {
    expect(NUMERIC.length).toBeGreaterThan(15);
    for (const key of NUMERIC) {
      const { min, max } = rangeOf(key);
      const step = Math.max(Math.abs(max), Math.abs(min), 1) * 1e-6;
      expect(accepts(key, max), `${key} = max ${max}`).toBe(true);
      expect(accepts(key, max + step), `${key} above max`).toBe(false);
      expect(accepts(key, min - step), `${key} below min`).toBe(false);
      // The one exclusive bound: denseThreshold is > 0, which rangeOf reports as min 0.
      if (key !== 'denseThreshold') expect(accepts(key, min), `${key} = min ${min}`).toBe(true);
    }
  });

  it("run settings' bounds are the config schema's", () => {
    for (const key of ['checkpointEvery', 'metricsEvery', 'evalEvery', 'evalTokens'] as const) {
      const { min, max } = rangeOf(key);
      const field = trainingConfigSchema.shape[key];
      expect(field.safeParse(min).success && field.safeParse(max).success, key).toBe(true);
      expect(field.safeParse(max + 1).success || field.safeParse(min - 1).success, key).toBe(false);
    }
  });

  it('defaults are the schema defaults, each inside its range', () => {
    const d = defaultHyperparameters();
    expect(d).toEqual(hyperparametersSchema.parse({}));
    expect(d).toMatchObject({
      architecture: 'standard',
      expansionFactor: 8,
      k: 32,
      learningRate: 2e-3,
      batchSize: 1024,
      l1Coefficient: 4,
      totalSteps: 600,
    });
    for (const key of NUMERIC) {
      const { min, max } = rangeOf(key);
      expect(d[key] as number, key).toBeGreaterThanOrEqual(min);
      expect(d[key] as number, key).toBeLessThanOrEqual(max);
    }
  });
});
