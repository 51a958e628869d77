import { index, sqliteTable, text } from 'drizzle-orm/sqlite-core';
import { createdAt, id, json, updatedAt } from './common';
import type { SweepPoint } from '../../../../shared/types/sweeps';
import type { TrainingConfig } from '../../../../shared/types/training-config';

/**
 * A hyperparameter sweep (docs/training.md, "Sweeps"): a grid of points over one base config; its
 * runs are `trainings` rows pointing here (`sweep_id`, `sweep_point`). Status and figures are
 * derived from the runs, never stored.
 */
export const sweeps = sqliteTable(
  'sweeps',
  {
    id: id(),
    name: text('name').notNull(),
    hook: text('hook').notNull(),
    /** The config every point was merged over (as validated at create). */
    baseConfig: json<TrainingConfig>('base_config').notNull(),
    /** The points in run order, as asked. */
    points: json<SweepPoint[]>('points').notNull(),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [index('sweeps_created_idx').on(t.createdAt)],
);

export type SweepRow = typeof sweeps.$inferSelect;
