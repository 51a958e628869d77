import { z } from 'zod';
import { method } from './define';
import { pointLabel, samePoint } from '../sweeps/grid';
import type { SweepDetail, SweepPoint, SweepRecord } from '../types/sweeps';
import { hyperparametersSchema, trainingConfigSchema } from '../types/training-config';

const id = z.string().min(1).max(64);
const hp = hyperparametersSchema.shape;

/**
 * One grid point: only the parameters it sets (no defaults filled in — the rest come from the
 * sweep's base config), each with the same range as in a training config. Every key of
 * SWEEP_PARAMETERS (src/shared/types/sweeps.ts), nothing else.
 */
export const sweepPointSchema = z
  .object({
    architecture: hp.architecture.unwrap().optional(),
    l1Coefficient: hp.l1Coefficient.unwrap().optional(),
    k: hp.k.unwrap().optional(),
    l0Coefficient: hp.l0Coefficient.unwrap().optional(),
    expansionFactor: hp.expansionFactor.unwrap().optional(),
    learningRate: hp.learningRate.unwrap().optional(),
    totalSteps: hp.totalSteps.unwrap().optional(),
    batchSize: hp.batchSize.unwrap().optional(),
    auxKCoefficient: hp.auxKCoefficient.unwrap().optional(),
    jumpReluBandwidth: hp.jumpReluBandwidth.unwrap().optional(),
    topkThresholdLr: hp.topkThresholdLr.unwrap().optional(),
    seed: hp.seed.unwrap().optional(),
  })
  .strict() satisfies z.ZodType<SweepPoint>;

/** Points must be distinct: the same run twice measures nothing new. */
const distinctPoints = z
  .array(sweepPointSchema)
  .min(1, 'a sweep needs at least one point')
  .max(64, 'a sweep takes at most 64 points (runs)')
  .superRefine((points, ctx) => {
    points.forEach((p, i) => {
      const j = points.findIndex((q) => samePoint(p, q));
      if (j < i)
        ctx.addIssue({
          code: 'custom',
          path: [i],
          message: `point ${i + 1} (${pointLabel(p) || 'the base config'}) repeats point ${j + 1}`,
        });
    });
  });

export const sweepsMethods = {
  /** Every sweep, newest first. */
  'sweeps.list': method<SweepRecord[]>()(z.object({}).strict()),
  /** A sweep with its runs in point order. */
  'sweeps.get': method<SweepDetail>()(z.object({ id }).strict()),
  /**
   * One run per point (each point merged over `base.hyperparameters`), all on the base's source and
   * hook, queued on the gpu pool in point order. Every point is checked as training.create checks a
   * run before any run is created: all or nothing, and the error names the point.
   */
  'sweeps.create': method<SweepDetail>()(
    z.object({ name: z.string().trim().min(1).max(200).optional(), base: trainingConfigSchema, points: distinctPoints }).strict(),
  ),
  /** Stops the running run (a checkpoint, as training.stop) and cancels the queued ones. */
  'sweeps.stop': method<SweepDetail>()(z.object({ id }).strict()),
  /** Refused while a run of the sweep is running; without deleteRuns its runs stay, as plain runs. */
  'sweeps.delete': method<{ freedBytes: number }>()(z.object({ id, deleteRuns: z.boolean().default(false) }).strict()),
};
