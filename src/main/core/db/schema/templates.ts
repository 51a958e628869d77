import { integer, sqliteTable, text } from 'drizzle-orm/sqlite-core';
import { createdAt, id, json, updatedAt } from './common';

const templateColumns = () => ({
  id: id(),
  name: text('name').notNull(),
  description: text('description'),
  isFavorite: integer('is_favorite', { mode: 'boolean' }).notNull().default(false),
  config: json<Record<string, unknown>>('config').notNull(),
  createdAt: createdAt(),
  updatedAt: updatedAt(),
});

/** Saved training configurations (architecture + hyperparameters). */
export const trainingTemplates = sqliteTable('training_templates', templateColumns());
/** Saved extraction configurations (layers, hook types, batch size, max samples). */
export const extractionTemplates = sqliteTable('extraction_templates', templateColumns());
/** Saved steering configurations (features, coefficients, hook, prompt, sampling). */
export const steeringPresets = sqliteTable('steering_presets', templateColumns());
