import { z } from 'zod';
import { method } from './define';
import type { SaeRecord } from '../types/saes';

const id = z.string().min(1).max(64);

export const saesMethods = {
  /** Every SAE, newest first; optionally only those of one training run or model. */
  'saes.list': method<SaeRecord[]>()(z.object({ trainingId: id.optional(), modelId: id.optional() }).strict()),
  'saes.get': method<SaeRecord>()(z.object({ id }).strict()),
  /**
   * "Use this checkpoint": an SAE record from any checkpoint of a run (a run's final checkpoint
   * gets one automatically when it completes). Idempotent: the same checkpoint gives the same SAE.
   */
  'saes.createFromCheckpoint': method<SaeRecord>()(
    z.object({ checkpointId: id, name: z.string().trim().min(1).max(200).optional() }).strict(),
  ),
  'saes.rename': method<SaeRecord>()(z.object({ id, name: z.string().trim().min(1).max(200) }).strict()),
  /** Deletes the record, its features and passes (not the run's checkpoint). Refused while a pass runs. */
  'saes.delete': method<{ freedBytes: number }>()(z.object({ id }).strict()),
};
