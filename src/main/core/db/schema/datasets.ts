import { index, integer, sqliteTable, text } from 'drizzle-orm/sqlite-core';
import { createdAt, id, json, updatedAt } from './common';

export type DatasetStatus = 'importing' | 'ready' | 'tokenizing' | 'tokenized' | 'failed';

/** A text dataset (docs/datasets.md). Raw text and token shards live under datasets/<id>/. */
export const datasets = sqliteTable('datasets', {
  id: id(),
  name: text('name').notNull(),
  description: text('description'),
  /** 'local' (file import), 'hf' (hub download), 'bundled' (demo dataset). */
  source: text('source').$type<'local' | 'hf' | 'bundled'>().notNull(),
  /** File path or hub repo id / config / split. */
  sourceRef: text('source_ref'),
  format: text('format').$type<'txt' | 'jsonl' | 'csv' | 'tsv' | 'parquet'>(),
  status: text('status').$type<DatasetStatus>().notNull(),
  sampleCount: integer('sample_count').notNull().default(0),
  tokenCount: integer('token_count'),
  sizeBytes: integer('size_bytes').notNull().default(0),
  /** { train: n, validation: n, test: n } */
  splits: json<Record<string, number>>('splits'),
  /** Tokenization settings used for the shards (docs/datasets.md). */
  tokenization: json<Record<string, unknown>>('tokenization'),
  /** Model whose tokenizer produced the shards. */
  tokenizerModelId: text('tokenizer_model_id'),
  /** Statistics job output (docs/datasets.md, "Statistics"). */
  statistics: json<Record<string, unknown>>('statistics'),
  error: text('error'),
  /** Rows left out under the skip policy, by reason code (docs/datasets.md, "Import"). */
  skippedRows: json<Record<string, number>>('skipped_rows'),
  createdAt: createdAt(),
  updatedAt: updatedAt(),
});

/** One sample (document) of a dataset; text searchable through dataset_samples_fts (FTS5). */
export const datasetSamples = sqliteTable(
  'dataset_samples',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    datasetId: text('dataset_id')
      .notNull()
      .references(() => datasets.id, { onDelete: 'cascade' }),
    /** Position in the dataset, 0-based, stable. */
    ordinal: integer('ordinal').notNull(),
    split: text('split').notNull(),
    text: text('text').notNull(),
    metadata: json<Record<string, unknown>>('metadata'),
    tokenCount: integer('token_count'),
  },
  (t) => [index('dataset_samples_ds_idx').on(t.datasetId, t.split, t.ordinal)],
);

export type DatasetRow = typeof datasets.$inferSelect;
export type DatasetSampleRow = typeof datasetSamples.$inferSelect;
