import { index, integer, sqliteTable, text, uniqueIndex } from 'drizzle-orm/sqlite-core';
import { createdAt, id, json, updatedAt } from './common';
import { datasets } from './datasets';
import { models } from './models';
import { checkpoints, trainings } from './training';
import type { SaeArchitecture, SaeDtype, SaeProvenance, SaeSourceKind } from '../../../../shared/types/saes';

/**
 * One analysable SAE (docs/features.md): a training's checkpoint, an imported SAELens folder,
 * or the bundled demo. Its weights folder is its own (saes/<sae-id>/weights/, hard-linked from
 * the checkpoint where the filesystem allows) so deleting the run's checkpoint leaves it intact.
 */
export const saes = sqliteTable(
  'saes',
  {
    id: id(),
    name: text('name').notNull(),
    source: text('source').$type<SaeSourceKind>().notNull(),
    modelId: text('model_id').references(() => models.id, { onDelete: 'set null' }),
    trainingId: text('training_id').references(() => trainings.id, { onDelete: 'set null' }),
    checkpointId: text('checkpoint_id').references(() => checkpoints.id, { onDelete: 'set null' }),
    /** The dataset its training activations came from (the feature pass defaults to its validation split). */
    datasetId: text('dataset_id').references(() => datasets.id, { onDelete: 'set null' }),
    hook: text('hook').notNull(),
    dIn: integer('d_in').notNull(),
    dSae: integer('d_sae').notNull(),
    architecture: text('architecture').$type<SaeArchitecture>().notNull(),
    k: integer('k'),
    hasThreshold: integer('has_threshold', { mode: 'boolean' }).notNull().default(false),
    dtype: text('dtype').$type<SaeDtype>().notNull(),
    /** SAELens folder: cfg.json + sae_weights.safetensors. */
    weightsPath: text('weights_path').notNull(),
    provenance: json<SaeProvenance>('provenance').notNull(),
    sizeBytes: integer('size_bytes').notNull().default(0),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [uniqueIndex('saes_checkpoint_idx').on(t.checkpointId), index('saes_training_idx').on(t.trainingId)],
);

export type SaeRow = typeof saes.$inferSelect;
