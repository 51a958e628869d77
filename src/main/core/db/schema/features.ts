import { blob, index, integer, primaryKey, real, sqliteTable, text, uniqueIndex } from 'drizzle-orm/sqlite-core';
import { createdAt, id, json, updatedAt } from './common';
import { jobs } from './jobs';
import { saes } from './saes';
import type {
  DensityBucket,
  FeatureHistogram,
  FeatureNeighbour,
  FeaturePassParams,
  FeaturePassProgress,
  FeaturePassRecord,
  LogitLens,
  QuantileGroup,
} from '../../../../shared/types/features';
import type { JobStatus } from '../../../../shared/types/jobs';

/** A feature pass over an SAE (docs/features.md): its parameters, progress and outcome. Results land in `features` when it completes. */
export const featurePasses = sqliteTable(
  'feature_passes',
  {
    id: id(),
    saeId: text('sae_id')
      .notNull()
      .references(() => saes.id, { onDelete: 'cascade' }),
    jobId: text('job_id').references(() => jobs.id, { onDelete: 'set null' }),
    status: text('status').$type<JobStatus>().notNull(),
    params: json<FeaturePassParams>('params').notNull(),
    progress: json<FeaturePassProgress>('progress').notNull(),
    summary: json<NonNullable<FeaturePassRecord['summary']>>('summary'),
    /** Text of each token id the stored contexts use (id → decoded text), so examples decode without a tokenizer. */
    tokenTexts: json<Record<string, string>>('token_texts'),
    error: text('error'),
    createdAt: createdAt(),
    startedAt: integer('started_at'),
    completedAt: integer('completed_at'),
  },
  (t) => [index('feature_passes_sae_idx').on(t.saeId, t.createdAt)],
);

/**
 * One feature of an SAE: the browser's columns (statistics of the latest completed pass) and
 * the researcher's label, notes and star — the pass updates the statistics in place, so those survive it.
 */
export const features = sqliteTable(
  'features',
  {
    /** Explicit so the rowid the search index (features_fts) refers to never changes (VACUUM renumbers implicit rowids). */
    id: integer('id').primaryKey({ autoIncrement: true }),
    saeId: text('sae_id')
      .notNull()
      .references(() => saes.id, { onDelete: 'cascade' }),
    /** Index into d_sae. */
    featureIndex: integer('feature_index').notNull(),
    passId: text('pass_id').notNull(),
    label: text('label'),
    notes: text('notes'),
    isFavorite: integer('is_favorite', { mode: 'boolean' }).notNull().default(false),
    suggestedLabel: text('suggested_label'),
    /** Fraction of the pass's tokens it fired on (0..1), and the count behind it. */
    frequency: real('frequency').notNull(),
    firingCount: integer('firing_count').notNull(),
    maxActivation: real('max_activation').notNull(),
    /** Over firing tokens only. */
    meanActivation: real('mean_activation').notNull(),
    /** Top-token concentration (docs/features.md); null for dead features. */
    proxy: real('proxy'),
    densityBucket: text('density_bucket').$type<DensityBucket>().notNull(),
    /** Most common peak tokens of the top examples, space-joined for LIKE search; JSON for display. */
    topTokensText: text('top_tokens_text').notNull(),
    topTokens: json<string[]>('top_tokens').notNull(),
    updatedAt: updatedAt(),
  },
  (t) => [
    uniqueIndex('features_sae_feature_idx').on(t.saeId, t.featureIndex),
    // The browser's sorts walk these in order (feature_index is the tie-break); the density bucket rides along so
    // a density filter is checked in the index, not by reading every skipped row. Search uses features_fts (migration 6).
    index('features_frequency_idx').on(t.saeId, t.frequency, t.featureIndex, t.densityBucket),
    index('features_max_idx').on(t.saeId, t.maxActivation, t.featureIndex, t.densityBucket),
    index('features_proxy_idx').on(t.saeId, t.proxy, t.featureIndex, t.densityBucket),
    index('features_density_idx').on(t.saeId, t.densityBucket, t.featureIndex),
  ],
);

/** The dashboard's heavier per-feature results, apart so browser scans stay on small rows. */
export const featureDetails = sqliteTable(
  'feature_details',
  {
    saeId: text('sae_id')
      .notNull()
      .references(() => saes.id, { onDelete: 'cascade' }),
    featureIndex: integer('feature_index').notNull(),
    histogram: json<FeatureHistogram>('histogram').notNull(),
    logitLens: json<LogitLens>('logit_lens').notNull(),
    neighbours: json<Omit<FeatureNeighbour, 'label'>[]>('neighbours').notNull(),
    /** Quantile groups' intervals and populations, in group order (their contexts are in feature_examples). */
    quantiles: json<Omit<QuantileGroup, 'contexts'>[]>('quantiles').notNull(),
  },
  (t) => [primaryKey({ columns: [t.saeId, t.featureIndex] })],
);

/** Top-k and quantile-sampled contexts of a feature; token ids (uint32) and activations (float32) as BLOBs. */
export const featureExamples = sqliteTable(
  'feature_examples',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    saeId: text('sae_id')
      .notNull()
      .references(() => saes.id, { onDelete: 'cascade' }),
    featureIndex: integer('feature_index').notNull(),
    /** -1 = top-k; 0.. = quantile group index. */
    groupIndex: integer('group_index').notNull(),
    rank: integer('rank').notNull(),
    peakIndex: integer('peak_index').notNull(),
    peakActivation: real('peak_activation').notNull(),
    tokenIds: blob('token_ids', { mode: 'buffer' }).notNull(),
    activations: blob('activations', { mode: 'buffer' }).notNull(),
    windowIndex: integer('window_index').notNull(),
    peakPosition: integer('peak_position').notNull(),
    sampleOrdinal: integer('sample_ordinal'),
  },
  (t) => [index('feature_examples_feature_idx').on(t.saeId, t.featureIndex, t.groupIndex, t.rank)],
);

export type FeatureRow = typeof features.$inferSelect;
export type FeaturePassRow = typeof featurePasses.$inferSelect;
export type FeatureExampleRow = typeof featureExamples.$inferSelect;
