import { z } from 'zod';
import { method } from './define';
import type { JobRecord } from '../types/jobs';
import type { ActivationSetRecord, TemplateRecord } from '../types/activations';

const id = z.string().min(1).max(64);

export const hookTypeSchema = z.enum(['hook_resid_pre', 'hook_resid_mid', 'hook_resid_post', 'hook_attn_out', 'hook_mlp_out']);

/** Activation extraction (docs/activations.md). */
export const extractionConfigSchema = z
  .object({
    name: z.string().trim().min(1).max(200).optional(),
    modelId: id,
    /** Must be tokenized for this model. */
    datasetId: id,
    layers: z.array(z.number().int().min(0).max(1000)).min(1, 'select at least one layer').max(1000),
    hookTypes: z.array(hookTypeSchema).min(1, 'select at least one activation type'),
    /** Token windows per forward pass. */
    batchSize: z.number().int().min(1).max(512).default(8),
    /** Stop after this many tokens (activation rows per hook); null = the whole dataset. */
    maxTokens: z.number().int().min(1).max(1e10).nullable().default(200_000),
    /** Cut windows to their first N tokens; null = the tokenization's window. */
    contextSize: z.number().int().min(2).max(131072).nullable().default(null),
    dtype: z.enum(['float32', 'float16']).default('float32'),
    /** Leave out windows with validation/test text, so splice evaluations run on held-out text. */
    holdOutEvalSplits: z.boolean().default(true),
  })
  .strict();
export type ExtractionConfigInput = z.input<typeof extractionConfigSchema>;
export type ExtractionConfig = z.output<typeof extractionConfigSchema>;

const templateKind = z.enum(['training', 'extraction']);

export const activationsMethods = {
  'activations.list': method<ActivationSetRecord[]>()(z.object({}).strict()),
  'activations.get': method<ActivationSetRecord>()(z.object({ id }).strict()),
  /** Start an extraction job (gpu pool) writing activations/<id>/. */
  'activations.extract': method<{ set: ActivationSetRecord; job: JobRecord }>()(z.object({ config: extractionConfigSchema }).strict()),
  'activations.delete': method<{ freedBytes: number }>()(z.object({ id }).strict()),
};

/** Training and extraction templates: save, load, favourite, delete. */
export const templatesMethods = {
  'templates.list': method<TemplateRecord[]>()(z.object({ kind: templateKind }).strict()),
  /** Create (no id) or overwrite (id) a template. */
  'templates.save': method<TemplateRecord>()(
    z
      .object({
        kind: templateKind,
        id: id.optional(),
        name: z.string().trim().min(1).max(200),
        description: z.string().trim().max(2000).nullable().optional(),
        isFavorite: z.boolean().optional(),
        config: z.record(z.string(), z.unknown()),
      })
      .strict(),
  ),
  'templates.setFavorite': method<TemplateRecord>()(z.object({ kind: templateKind, id, isFavorite: z.boolean() }).strict()),
  'templates.delete': method<{ deleted: true }>()(z.object({ kind: templateKind, id }).strict()),
};
