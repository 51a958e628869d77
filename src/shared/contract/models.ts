import { z } from 'zod';
import { method } from './define';
import type { JobRecord } from '../types/jobs';
import type { ModelRecord } from '../types/models';

const modelId = z.string().min(1).max(64);
const dtype = z.enum(['fp32', 'fp16', 'q8', 'q4']);

/** Sampling settings for generation (docs/models.md, "Generation"). */
export const generationOptionsSchema = z
  .object({
    maxNewTokens: z.number().int().min(1).max(2048),
    temperature: z.number().min(0).max(5),
    topP: z.number().gt(0).max(1),
    topK: z.number().int().min(0).max(100000),
    seed: z
      .number()
      .int()
      .min(0)
      .max(2 ** 32 - 1),
    stopAtEos: z.boolean().optional(),
  })
  .strict();

export const modelsMethods = {
  'models.list': method<ModelRecord[]>()(z.object({}).strict()),
  'models.get': method<ModelRecord>()(z.object({ id: modelId }).strict()),
  /** Copy a transformers.js-layout folder into the data dir (a job: validates, discovers hooks). */
  'models.import': method<JobRecord>()(
    z
      .object({ path: z.string().trim().min(1).max(4096), name: z.string().trim().min(1).max(200).optional(), dtype: dtype.optional() })
      .strict(),
  ),
  /** Download from the Hugging Face Hub (a job with byte progress; resumable; cached for offline reuse). */
  'models.download': method<JobRecord>()(
    z
      .object({
        repoId: z
          .string()
          .trim()
          .regex(/^[\w.-]+\/[\w.-]+$/, 'expected owner/name, e.g. onnx-community/gpt2'),
        revision: z.string().trim().min(1).max(200).optional(),
        dtype: dtype.optional(),
      })
      .strict(),
  ),
  'models.delete': method<{ freedBytes: number }>()(z.object({ id: modelId }).strict()),
  /** Generate from a prompt ("try it"); tokens stream as `models.token` events. */
  'models.generate': method<JobRecord>()(
    z.object({ modelId, prompt: z.string().min(1).max(20000), options: generationOptionsSchema }).strict(),
  ),
};
