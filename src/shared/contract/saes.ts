import { z } from 'zod';
import { method } from './define';
import type { SaeFolderPreview, SaeRecord } from '../types/saes';

const id = z.string().min(1).max(64);
const saeFolder = z.string().trim().min(1).max(4096);
const hookName = z.string().regex(/^[A-Za-z0-9_.]{1,200}$/, 'a hook name such as blocks.2.hook_resid_post');

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
  // SAE folder import
  /** What a SAELens / sparsify folder holds and whether it fits the model; writes nothing. */
  'saes.inspectFolder': method<SaeFolderPreview>()(
    z.object({ folder: saeFolder, modelId: id.optional(), hook: hookName.optional() }).strict(),
  ),
  /**
   * Imports the folder onto the model as a new SAE (source = import); validates everything
   * first and writes nothing on refusal. A probe of its explained variance and L0 follows.
   */
  'saes.importFolder': method<SaeRecord>()(
    z.object({ folder: saeFolder, modelId: id, name: z.string().trim().min(1).max(200).optional(), hook: hookName.optional() }).strict(),
  ),
  /** Measures an imported SAE again (explained variance, L0) on a dataset tokenized for its model. */
  'saes.probeImport': method<SaeRecord>()(z.object({ id, datasetId: id.optional() }).strict()),
};
