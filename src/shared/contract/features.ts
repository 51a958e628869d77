import { z } from 'zod';
import { method } from './define';
import {
  DENSITY_BUCKETS,
  type FeatureDetail,
  type FeatureExamples,
  type FeatureListPage,
  type FeaturePassRecord,
  type FeatureSummary,
  type ProbeResult,
} from '../types/features';

const id = z.string().min(1).max(64);
const featureIndex = z.number().int().min(0).max(16_777_215);

/**
 * A feature pass's parameters as the caller writes them. `datasetId` defaults to the SAE's own
 * dataset; the dataset must be tokenized for the SAE's model (checked in main).
 */
export const featurePassParamsSchema = z
  .object({
    saeId: id,
    datasetId: id.optional(),
    split: z.enum(['validation', 'test', 'train', 'all']).default('validation'),
    tokens: z.number().int().min(256).max(100_000_000).default(200_000),
    topK: z.number().int().min(1).max(200).default(20),
    contextWindow: z.number().int().min(0).max(64).default(8),
    quantileGroups: z.number().int().min(0).max(20).default(5),
    quantileExamples: z.number().int().min(1).max(50).default(5),
    batchTokens: z.number().int().min(64).max(65_536).default(4096),
  })
  .strict();
export type FeaturePassParamsInput = z.input<typeof featurePassParamsSchema>;

export const featureSortKeys = ['index', 'frequency', 'maxActivation', 'proxy'] as const;

export const featureListSchema = z
  .object({
    saeId: id,
    /** Matches the feature id ("123" or "#123"), its label or suggested label, or one of its top tokens (case-insensitive). */
    search: z.string().trim().max(200).default(''),
    sort: z.enum(featureSortKeys).default('index'),
    order: z.enum(['asc', 'desc']).default('asc'),
    /** Only these density buckets; empty = all. E.g. ['dead'] shows dead ones, every bucket but 'dead' hides them. */
    density: z.array(z.enum(DENSITY_BUCKETS)).max(4).default([]),
    favouritesOnly: z.boolean().default(false),
    labelled: z.enum(['any', 'yes', 'no']).default('any'),
    offset: z.number().int().min(0).default(0),
    limit: z.number().int().min(1).max(500).default(100),
  })
  .strict();
export type FeatureListQuery = z.output<typeof featureListSchema>;

export const featuresMethods = {
  /** Queue a feature pass on the gpu pool; its results replace the SAE's previous ones atomically when it completes. */
  'features.startPass': method<FeaturePassRecord>()(featurePassParamsSchema),
  /** The SAE's active pass if one is queued/running, else its latest one; null when none ever ran. */
  'features.passStatus': method<FeaturePassRecord | null>()(z.object({ saeId: id }).strict()),
  /** Every pass of the SAE, newest first. */
  'features.passes': method<FeaturePassRecord[]>()(z.object({ saeId: id }).strict()),
  /** Cancel the SAE's queued/running pass; the previous results stay. */
  'features.cancelPass': method<FeaturePassRecord>()(z.object({ saeId: id }).strict()),
  /** The browser: server-side search, sort, filters and pagination. */
  'features.list': method<FeatureListPage>()(featureListSchema),
  'features.get': method<FeatureDetail>()(z.object({ saeId: id, featureIndex }).strict()),
  'features.examples': method<FeatureExamples>()(z.object({ saeId: id, featureIndex }).strict()),
  /** Label, notes, favourite; kept across re-runs of the pass. null clears a label / notes. */
  'features.update': method<FeatureSummary>()(
    z
      .object({
        saeId: id,
        featureIndex,
        label: z.string().trim().max(200).nullable().optional(),
        notes: z.string().max(20_000).nullable().optional(),
        isFavorite: z.boolean().optional(),
      })
      .strict(),
  ),
  /**
   * Probe text: tokenize with the SAE's model, run to the hook, encode; per token the top
   * features. With `featureIndex`, also that feature's activation on every token.
   */
  'features.probe': method<ProbeResult>()(
    z
      .object({
        saeId: id,
        text: z.string().min(1).max(20_000),
        topFeatures: z.number().int().min(1).max(50).default(5),
        featureIndex: featureIndex.optional(),
      })
      .strict(),
  ),
};
