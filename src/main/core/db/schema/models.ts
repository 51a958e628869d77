import { integer, sqliteTable, text } from 'drizzle-orm/sqlite-core';
import { createdAt, id, json, updatedAt } from './common';
import type { HookPointInfo, ModelArchitecture, ModelFile } from '../../../../shared/types/models';

/** A causal LM in transformers.js layout under models/<id>/ (docs/models.md). */
export const models = sqliteTable('models', {
  id: id(),
  name: text('name').notNull(),
  source: text('source').$type<'local' | 'hf' | 'bundled'>().notNull(),
  /** Hub repo id or the folder it was imported from. */
  repoId: text('repo_id'),
  revision: text('revision'),
  status: text('status').$type<'importing' | 'downloading' | 'ready' | 'failed'>().notNull(),
  /** Folder with config.json, tokenizer files and onnx/ (models/<id>/, or resources/ for the demo). */
  path: text('path'),
  architecture: text('architecture'),
  /** fp32 | fp16 | q8 | q4 */
  dtype: text('dtype'),
  /** Layers, d_model, heads, kv heads, d_mlp, vocab, max positions, parameter count. */
  config: json<ModelArchitecture>('config'),
  /** Hook points discovered per layer (blocks.L.hook_*). */
  hooks: json<HookPointInfo[]>('hooks'),
  hookNotes: json<string[]>('hook_notes'),
  files: json<ModelFile[]>('files'),
  sizeBytes: integer('size_bytes').notNull().default(0),
  error: text('error'),
  createdAt: createdAt(),
  updatedAt: updatedAt(),
});

export type ModelRow = typeof models.$inferSelect;
