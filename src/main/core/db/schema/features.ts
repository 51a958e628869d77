import { index, integer, real, sqliteTable, text } from 'drizzle-orm/sqlite-core';
import { id, json, updatedAt } from './common';
import { trainings } from './training';

/** One learned SAE feature (seed Phase 2): statistics from the feature pass, the user's label. */
export const features = sqliteTable(
  'features',
  {
    id: id(),
    trainingId: text('training_id')
      .notNull()
      .references(() => trainings.id, { onDelete: 'cascade' }),
    /** Index into d_sae. */
    featureIndex: integer('feature_index').notNull(),
    label: text('label'),
    notes: text('notes'),
    isFavorite: integer('is_favorite', { mode: 'boolean' }).notNull().default(false),
    /** Fraction of tokens on which it fired (0..1). */
    activationFrequency: real('activation_frequency').notNull(),
    maxActivation: real('max_activation').notNull(),
    meanActivation: real('mean_activation').notNull(),
    /** Documented proxy: token specificity of the top activations (DESIGN §5.3). */
    interpretabilityProxy: real('interpretability_proxy'),
    /** log10 density histogram, logit lens, correlated features. */
    histogram: json<{ edges: number[]; counts: number[] }>('histogram'),
    logitLens: json<{ positive: { token: string; value: number }[]; negative: { token: string; value: number }[] }>('logit_lens'),
    correlated: json<{ featureIndex: number; pearson: number }[]>('correlated'),
    updatedAt: updatedAt(),
  },
  (t) => [index('features_run_idx').on(t.trainingId, t.featureIndex)],
);

/** Max-activating and quantile-sampled contexts of a feature. */
export const featureActivations = sqliteTable(
  'feature_activations',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    featureId: text('feature_id')
      .notNull()
      .references(() => features.id, { onDelete: 'cascade' }),
    kind: text('kind').$type<'top' | 'quantile'>().notNull(),
    rank: integer('rank').notNull(),
    datasetSampleId: integer('dataset_sample_id'),
    /** Token position of the max within the sample. */
    position: integer('position').notNull(),
    maxActivation: real('max_activation').notNull(),
    /** ±window tokens and the per-token activations. */
    tokens: json<string[]>('tokens').notNull(),
    activations: json<number[]>('activations').notNull(),
  },
  (t) => [index('feature_activations_feature_idx').on(t.featureId, t.kind, t.rank)],
);

export type FeatureRow = typeof features.$inferSelect;
