import { z } from 'zod';
import { method } from './define';
import type { JobRecord } from '../types/jobs';
import type { DatasetRecord, DatasetSample, TokenizationSettings, TokenPreview } from '../types/datasets';

const datasetId = z.string().min(1).max(64);
const fieldPath = z.string().trim().min(1).max(200);

const ratios = z
  .object({ train: z.number().min(0).max(1), validation: z.number().min(0).max(1), test: z.number().min(0).max(1) })
  .strict()
  .refine((r) => Math.abs(r.train + r.validation + r.test - 1) < 1e-6, 'ratios must add up to 1');

/** How a file becomes samples (docs/datasets.md, "Import"). */
export const importOptionsSchema = z
  .object({
    format: z.enum(['txt', 'jsonl', 'csv', 'tsv', 'parquet']).optional(),
    /** .txt: a document per line, per blank-line paragraph, or the whole file. */
    txtMode: z.enum(['line', 'paragraph', 'file']).default('line'),
    /** JSONL field path (a.b.0.c), CSV/Parquet column. */
    textField: fieldPath.default('text'),
    splitField: fieldPath.optional(),
    /** Splits from the data (split field, or one file per split) or a seeded random split. */
    splitMode: z.enum(['from-data', 'random']).default('random'),
    ratios: ratios.default({ train: 0.9, validation: 0.05, test: 0.05 }),
    seed: z
      .number()
      .int()
      .min(0)
      .max(2 ** 31 - 1)
      .default(1234),
    /** fail: the first bad row aborts (nothing imported); skip: bad rows are counted and left out. */
    badRows: z.enum(['fail', 'skip']).default('fail'),
    maxLineBytes: z
      .number()
      .int()
      .min(1024)
      .max(1024 ** 3)
      .default(1024 * 1024),
  })
  .strict();

export const tokenizationSettingsSchema = z
  .object({
    mode: z.enum(['per_sample', 'concat_chunk']),
    maxLength: z.number().int().min(1).max(131072),
    padding: z.enum(['max_length', 'longest', 'none']),
    truncation: z.enum(['longest_first', 'only_first', 'none']),
    addSpecialTokens: z.boolean(),
    returnAttentionMask: z.boolean(),
    contextSize: z.number().int().min(2).max(131072),
    prependBos: z.boolean(),
  })
  .strict();

/** The Tokenization tab's defaults (SAELens layout: 128-token windows with BOS); the demo SAE was made with them. */
export const DEFAULT_TOKENIZATION: TokenizationSettings = {
  mode: 'concat_chunk',
  maxLength: 128,
  padding: 'none',
  truncation: 'longest_first',
  addSpecialTokens: false,
  returnAttentionMask: true,
  contextSize: 128,
  prependBos: true,
};

export const datasetsMethods = {
  'datasets.list': method<DatasetRecord[]>()(z.object({}).strict()),
  'datasets.get': method<DatasetRecord>()(z.object({ id: datasetId }).strict()),
  /** Import a local file (streamed; all-or-nothing). */
  'datasets.importFile': method<JobRecord>()(
    z
      .object({
        path: z.string().trim().min(1).max(4096),
        name: z.string().trim().min(1).max(200).optional(),
        options: importOptionsSchema.optional(),
      })
      .strict(),
  ),
  /** Download a Hugging Face dataset split (its parquet conversion) and import it. */
  'datasets.downloadHf': method<JobRecord>()(
    z
      .object({
        repoId: z
          .string()
          .trim()
          .regex(/^[\w.-]+\/[\w.-]+$/, 'expected owner/name'),
        config: z.string().trim().min(1).max(200).default('default'),
        splits: z.array(z.string().trim().min(1).max(100)).min(1).max(10),
        textColumn: fieldPath.default('text'),
      })
      .strict(),
  ),
  'datasets.delete': method<{ freedBytes: number }>()(z.object({ id: datasetId }).strict()),
  /** Sample browser (docs/datasets.md): FTS5 search, split filter, pagination. */
  'datasets.samples': method<{ total: number; items: DatasetSample[] }>()(
    z
      .object({
        id: datasetId,
        split: z.string().max(100).optional(),
        search: z.string().max(500).optional(),
        offset: z.number().int().min(0).default(0),
        limit: z.number().int().min(1).max(200).default(25),
      })
      .strict(),
  ),
  /** Live preview of a tokenizer on some text. */
  'datasets.previewTokens': method<TokenPreview>()(
    z.object({ modelId: z.string().min(1), text: z.string().max(20000), addSpecialTokens: z.boolean().default(false) }).strict(),
  ),
  /** Tokenize for a model (a job writing token shards), then compute statistics. */
  'datasets.tokenize': method<JobRecord>()(
    z.object({ id: datasetId, modelId: z.string().min(1), settings: tokenizationSettingsSchema }).strict(),
  ),
};
