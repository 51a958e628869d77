import { z } from 'zod';
import { method } from './define';
import type { CheckpointInfo, TrainingLogLine, TrainingMetricPoint, TrainingRecord } from '../types/training';
import { trainingConfigSchema } from '../types/training-config';

/** The run configuration schemas live with the types (src/shared/types/training-config.ts); re-exported for the callers of the contract. */
export {
  HYPERPARAMETER_DEFAULTS,
  hyperparametersSchema,
  RUN_CADENCE_DEFAULTS,
  trainingConfigSchema,
  trainingSourceSchema,
} from '../types/training-config';
export type { HyperparametersInput, TrainingConfig, TrainingConfigInput } from '../types/training-config';

const id = z.string().min(1).max(64);

export const trainingMethods = {
  'training.list': method<TrainingRecord[]>()(z.object({}).strict()),
  'training.get': method<TrainingRecord>()(z.object({ id }).strict()),
  /** Create a run and queue its job on the gpu pool (one trains at a time; others queue). */
  'training.create': method<TrainingRecord>()(z.object({ config: trainingConfigSchema }).strict()),
  /** Metric history (every N steps), oldest first; `afterStep` for incremental fetches. */
  'training.metrics': method<TrainingMetricPoint[]>()(z.object({ id, afterStep: z.number().int().min(-1).default(-1) }).strict()),
  /** Persisted log lines, oldest first; `afterId` for incremental fetches. */
  'training.logs': method<TrainingLogLine[]>()(
    z
      .object({
        id,
        afterId: z.number().int().min(0).default(0),
        limit: z.number().int().min(1).max(5000).default(1000),
        /** The newest `limit` lines (still oldest first) instead of the first ones after `afterId`. */
        newest: z.boolean().default(false),
      })
      .strict(),
  ),
  /** Pause at the next step (a checkpoint is written first). */
  'training.pause': method<TrainingRecord>()(z.object({ id }).strict()),
  /** Resume a paused run, or continue an interrupted/stopped/failed one from its last checkpoint. */
  'training.resume': method<TrainingRecord>()(z.object({ id }).strict()),
  /** Stop: writes a checkpoint at the current step, then ends the run (it can be resumed later). */
  'training.stop': method<TrainingRecord>()(z.object({ id }).strict()),
  /** Retry a failed run from its last good checkpoint (or from scratch when there is none). */
  'training.retry': method<TrainingRecord>()(z.object({ id }).strict()),
  /** Write a checkpoint at the next step of a running run. */
  'training.saveCheckpoint': method<TrainingRecord>()(z.object({ id }).strict()),
  'training.checkpoints': method<CheckpointInfo[]>()(z.object({ id }).strict()),
  /**
   * Load a checkpoint: `continue` rewinds this run to it (later checkpoints and metrics are
   * dropped) and resumes; `branch` starts a new run from it, optionally with more steps.
   */
  'training.loadCheckpoint': method<TrainingRecord>()(
    z
      .object({
        checkpointId: id,
        mode: z.enum(['continue', 'branch']),
        name: z.string().trim().min(1).max(200).optional(),
        totalSteps: z.number().int().min(1).max(1_000_000).optional(),
      })
      .strict(),
  ),
  'training.deleteCheckpoint': method<{ freedBytes: number }>()(z.object({ checkpointId: id }).strict()),
  'training.delete': method<{ freedBytes: number }>()(z.object({ id }).strict()),
};
