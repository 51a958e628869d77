import type { z } from 'zod';
import { hyperparametersSchema, trainingConfigSchema } from '../../../shared/contract/training';

type HpKey = keyof typeof hyperparametersSchema.shape;
type RunKey = 'checkpointEvery' | 'metricsEvery' | 'evalEvery' | 'evalTokens';

/** min/max of a numeric field, read from the contract's schema (one source for ranges). */
export function rangeOf(key: HpKey | RunKey): { min: number; max: number } {
  const field = (key in hyperparametersSchema.shape
    ? hyperparametersSchema.shape[key as HpKey]
    : trainingConfigSchema.shape[key as RunKey]) as unknown as z.ZodDefault<z.ZodNumber>;
  const n = field.unwrap();
  return { min: n.minValue ?? 0, max: n.maxValue ?? Number.MAX_SAFE_INTEGER };
}

/** Defaults of every hyperparameter (the schema's). */
export function defaultHyperparameters(): z.output<typeof hyperparametersSchema> {
  return hyperparametersSchema.parse({});
}
