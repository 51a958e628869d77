import { z } from 'zod';
import { method } from './define';
import {
  ABLATION_MODES,
  PROJECTION_METHODS,
  type AblationResult,
  type CorrelationHeatmap,
  type CorrelationPartner,
  type CorrelationSummary,
  type FeatureMapView,
} from '../types/analysis';
import type { JobRecord } from '../types/jobs';

const id = z.string().min(1).max(64);
const featureIndex = z.number().int().min(0).max(16_777_215);

/** A measured ablation's request: feature, mode, and which held-out text (default: the SAE's dataset, validation split). */
export const ablationParamsSchema = z
  .object({
    saeId: id,
    featureIndex,
    mode: z.enum(ABLATION_MODES).default('sae'),
    datasetId: id.optional(),
    split: z.enum(['validation', 'test', 'train', 'all']).default('validation'),
    tokens: z.number().int().min(256).max(5_000_000).default(20_000),
    batchTokens: z.number().int().min(64).max(65_536).default(1024),
    topChanges: z.number().int().min(1).max(100).default(12),
  })
  .strict();

export const correlationParamsSchema = z
  .object({
    saeId: id,
    /** Features in the matrix: the most frequent (non-dead) ones, at most this many (memory: m² × 8 bytes while it runs). */
    maxFeatures: z.number().int().min(2).max(4096).default(2048),
    partners: z.number().int().min(1).max(50).default(10),
  })
  .strict();

export const heatmapQuerySchema = z
  .object({
    saeId: id,
    /** Explicit features (must be in the correlation matrix); otherwise the `top` most frequent. */
    features: z.array(featureIndex).min(2).max(256).optional(),
    top: z.number().int().min(2).max(256).default(48),
    /** Pairs with |r| at or above this are listed. */
    threshold: z.number().min(0).max(1).default(0.3),
  })
  .strict();

export const mapParamsSchema = z
  .object({
    saeId: id,
    method: z.enum(PROJECTION_METHODS),
    seed: z
      .number()
      .int()
      .min(0)
      .max(2 ** 31 - 1)
      .default(0),
  })
  .strict();

export const analysisMethods = {
  /** Queue a measured ablation of one feature on the gpu pool (result: analysis.ablation once the job completes). */
  'analysis.startAblation': method<JobRecord>()(ablationParamsSchema),
  /** The latest ablation result of (feature, mode), or null when none was run. */
  'analysis.ablation': method<AblationResult | null>()(z.object({ saeId: id, featureIndex, mode: z.enum(ABLATION_MODES) }).strict()),
  /** Queue the correlation job over the tokens of the SAE's last feature pass. */
  'analysis.startCorrelations': method<JobRecord>()(correlationParamsSchema),
  /** The correlation run's summary (null: none yet) and one feature's top Pearson partners (null: not in the matrix). */
  'analysis.partners': method<{ summary: CorrelationSummary | null; partners: (CorrelationPartner & { label: string | null })[] | null }>()(
    z.object({ saeId: id, featureIndex }).strict(),
  ),
  'analysis.heatmap': method<CorrelationHeatmap | null>()(heatmapQuerySchema),
  /** Queue a feature-map projection (cpu pool); cached per SAE and method. */
  'analysis.startMap': method<JobRecord>()(mapParamsSchema),
  /** The cached map of (SAE, method) with what the scatter colours by, or null. */
  'analysis.map': method<FeatureMapView | null>()(z.object({ saeId: id, method: z.enum(PROJECTION_METHODS) }).strict()),
  /** Analysis jobs of the SAE that are queued or running (so a page can show their progress after a reload). */
  'analysis.active': method<JobRecord[]>()(z.object({ saeId: id }).strict()),
};
