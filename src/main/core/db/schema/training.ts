import { index, integer, real, sqliteTable, text } from 'drizzle-orm/sqlite-core';
import { createdAt, id, json, updatedAt } from './common';
import { datasets } from './datasets';
import { jobs } from './jobs';
import { models } from './models';
import { sweeps } from './sweeps';
import type { SweepPoint } from '../../../../shared/types/sweeps';
import type { ActivationSetRecord } from '../../../../shared/types/activations';
import type {
  DensityHistogram,
  SpliceEval,
  TrainingHyperparameters,
  TrainingMetricPoint,
  TrainingRecord,
  TrainingStatus,
} from '../../../../shared/types/training';

/** Activations extracted at hook points, stored as shards + manifest.json under activations/<id>/. */
export const activationSets = sqliteTable('activation_sets', {
  id: id(),
  name: text('name').notNull(),
  modelId: text('model_id').references(() => models.id, { onDelete: 'set null' }),
  datasetId: text('dataset_id').references(() => datasets.id, { onDelete: 'set null' }),
  /** e.g. ["blocks.2.hook_resid_post"] */
  hooks: json<string[]>('hooks').notNull(),
  dtype: text('dtype').$type<'float32' | 'float16'>().notNull(),
  dModel: integer('d_model').notNull(),
  tokenCount: integer('token_count').notNull().default(0),
  sizeBytes: integer('size_bytes').notNull().default(0),
  status: text('status').$type<'extracting' | 'ready' | 'failed' | 'interrupted'>().notNull(),
  /** Extraction settings (batch size, context size, max samples). */
  config: json<ActivationSetRecord['config']>('config'),
  jobId: text('job_id').references(() => jobs.id, { onDelete: 'set null' }),
  error: text('error'),
  tokensPerSecond: real('tokens_per_second'),
  createdAt: createdAt(),
  updatedAt: updatedAt(),
});

export type { TrainingStatus };

/**
 * A metrics row's `extra` JSON, flat numbers: the splice evaluation's fields when one ran at that
 * step (`ceClean` present), and the step values without a column of their own (mseRawPerElement,
 * l1Coefficient, auxLoss). Older rows lack some; readers treat a missing one as not measured.
 */
export type MetricExtra = Partial<Record<keyof SpliceEval | 'mseRawPerElement' | 'l1Coefficient' | 'auxLoss' | 'step', number | null>>;

/** One SAE training run (docs/training.md); hyperparameters as JSON. */
export const trainings = sqliteTable(
  'trainings',
  {
    id: id(),
    name: text('name').notNull(),
    modelId: text('model_id').references(() => models.id, { onDelete: 'set null' }),
    datasetId: text('dataset_id').references(() => datasets.id, { onDelete: 'set null' }),
    activationSetId: text('activation_set_id').references(() => activationSets.id, { onDelete: 'set null' }),
    hook: text('hook').notNull(),
    /** 'standard' (ReLU+L1) | 'topk' | 'jumprelu' | 'batchtopk' | 'gated' | 'matryoshka' (a text column: no migration) */
    architecture: text('architecture').$type<TrainingRecord['architecture']>().notNull(),
    /** tfjs | ort, and the tfjs backend that ran */
    engine: text('engine'),
    hyperparameters: json<TrainingHyperparameters>('hyperparameters').notNull(),
    status: text('status').$type<TrainingStatus>().notNull(),
    currentStep: integer('current_step').notNull().default(0),
    totalSteps: integer('total_steps').notNull(),
    /** Latest values for the list view (a TrainingMetricPoint). */
    latest: json<TrainingMetricPoint>('latest_metrics'),
    /** The run's configuration as created (source, checkpoint/metrics/eval cadence, engine). */
    config: json<TrainingRecord['config']>('run_config'),
    dIn: integer('d_in').notNull().default(0),
    dSae: integer('d_sae').notNull().default(0),
    /** Latest splice evaluation and feature-density histogram. */
    latestEval: json<MetricExtra>('latest_eval'),
    density: json<DensityHistogram>('density'),
    error: text('error'),
    jobId: text('job_id').references(() => jobs.id, { onDelete: 'set null' }),
    /** Run this one branched from (checkpoint load → new run). */
    parentTrainingId: text('parent_training_id'),
    /** The sweep this run belongs to (null: a plain run, or its sweep was deleted and the run kept). */
    sweepId: text('sweep_id').references(() => sweeps.id, { onDelete: 'set null' }),
    /** Its place in the sweep's points (run order) and the point's values (docs/training.md, "Sweeps"). */
    sweepIndex: integer('sweep_index'),
    sweepPoint: json<SweepPoint>('sweep_point'),
    createdAt: createdAt(),
    startedAt: integer('started_at'),
    completedAt: integer('completed_at'),
    updatedAt: updatedAt(),
  },
  (t) => [index('trainings_sweep_idx').on(t.sweepId, t.sweepIndex)],
);

/** Metrics every N steps; definitions in docs/training.md. */
export const trainingMetrics = sqliteTable(
  'training_metrics',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    trainingId: text('training_id')
      .notNull()
      .references(() => trainings.id, { onDelete: 'cascade' }),
    step: integer('step').notNull(),
    loss: real('loss'),
    mse: real('mse'),
    l1: real('l1'),
    l0: real('l0'),
    deadFeatures: integer('dead_features'),
    denseFeatures: integer('dense_features'),
    explainedVariance: real('explained_variance'),
    learningRate: real('learning_rate'),
    tokensPerSecond: real('tokens_per_second'),
    memoryBytes: integer('memory_bytes'),
    /** Splice evals and anything else periodic: ce_with_sae, ce_without, ce_zero_ablation, ce_recovered, kl. */
    extra: json<MetricExtra>('extra'),
    at: integer('at').notNull(),
  },
  (t) => [index('training_metrics_run_step_idx').on(t.trainingId, t.step)],
);

export const trainingLogs = sqliteTable(
  'training_logs',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    trainingId: text('training_id')
      .notNull()
      .references(() => trainings.id, { onDelete: 'cascade' }),
    level: text('level').$type<'debug' | 'info' | 'warn' | 'error'>().notNull(),
    message: text('message').notNull(),
    at: integer('at').notNull(),
  },
  (t) => [index('training_logs_run_idx').on(t.trainingId, t.id)],
);

/** SAELens-format folders under saes/<training-id>/checkpoints/step-<n>/ (docs/training.md, "The loop"). */
export const checkpoints = sqliteTable(
  'checkpoints',
  {
    id: id(),
    trainingId: text('training_id')
      .notNull()
      .references(() => trainings.id, { onDelete: 'cascade' }),
    step: integer('step').notNull(),
    loss: real('loss'),
    path: text('path').notNull(),
    sizeBytes: integer('size_bytes').notNull(),
    isBest: integer('is_best', { mode: 'boolean' }).notNull().default(false),
    createdAt: createdAt(),
  },
  (t) => [index('checkpoints_run_idx').on(t.trainingId, t.step)],
);

export type TrainingRow = typeof trainings.$inferSelect;
export type TrainingMetricRow = typeof trainingMetrics.$inferSelect;
export type CheckpointRow = typeof checkpoints.$inferSelect;
export type ActivationSetRow = typeof activationSets.$inferSelect;
