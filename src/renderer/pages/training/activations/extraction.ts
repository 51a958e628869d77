import { extractionConfigSchema, type ExtractionConfigInput } from '../../../../shared/contract/activations';
import type { HookType } from '../../../../shared/types/activations';
import type { DatasetRecord, DatasetTokenization } from '../../../../shared/types/datasets';
import type { ModelRecord } from '../../../../shared/types/models';

/** The activation types the panel offers, in the order shown (docs/activations.md). */
export const HOOK_TYPE_OPTIONS: readonly { type: HookType; label: string; description: string }[] = [
  {
    type: 'hook_resid_post',
    label: 'Residual stream',
    description: "The block's output, passed on to the next layer. SAELens' usual choice.",
  },
  { type: 'hook_resid_pre', label: 'Residual pre', description: 'The residual stream entering the block, before attention.' },
  { type: 'hook_mlp_out', label: 'MLP output', description: 'What the feed-forward network adds to the residual stream.' },
  { type: 'hook_attn_out', label: 'Attention output', description: 'What the attention heads add to the residual stream.' },
];

/** What the form holds; numeric fields may be '' while the researcher is typing. */
export interface ExtractionDraft {
  name: string;
  modelId: string | null;
  datasetId: string | null;
  layers: number[];
  hookTypes: HookType[];
  batchSize: number | string;
  maxTokens: number | string;
  /** maxTokens: null — every token of the dataset. */
  wholeDataset: boolean;
  /** Tokens per window; the tokenization's window unless cut shorter. */
  contextSize: number | string;
  dtype: 'float32' | 'float16';
  /** Leave out windows with validation/test text (splice evaluations then run on held-out text). */
  holdOutEvalSplits: boolean;
}

export const EMPTY_DRAFT: ExtractionDraft = {
  name: '',
  modelId: null,
  datasetId: null,
  layers: [],
  hookTypes: [],
  batchSize: 8,
  maxTokens: 200_000,
  wholeDataset: false,
  contextSize: '',
  dtype: 'float32',
  holdOutEvalSplits: true,
};

/** Tokens per row of a tokenization: the chunk length, or the per-sample max length. */
export function tokenizationWindow(t: DatasetTokenization): number {
  return t.settings.mode === 'concat_chunk' ? t.settings.contextSize : t.settings.maxLength;
}

export function availableHookTypes(model: ModelRecord): Set<HookType> {
  const kinds = new Set<string>(model.hooks.map((h) => h.kind));
  return new Set(HOOK_TYPE_OPTIONS.map((o) => o.type).filter((t) => kinds.has(t)));
}

/** Datasets whose tokens come from this model's tokenizer (extraction needs exactly those). */
export function datasetsFor(model: ModelRecord | null, datasets: DatasetRecord[]): DatasetRecord[] {
  if (!model) return [];
  return datasets.filter((d) => d.tokenization?.modelId === model.id && d.status !== 'tokenizing');
}

/** A new model: its middle layer, its residual stream, its first tokenized dataset. */
export function withModel(draft: ExtractionDraft, model: ModelRecord, datasets: DatasetRecord[]): ExtractionDraft {
  const nLayers = model.architecture?.nLayers ?? 0;
  const types = availableHookTypes(model);
  const hookTypes: HookType[] = types.has('hook_resid_post') ? ['hook_resid_post'] : [...types].slice(0, 1);
  const next = { ...draft, modelId: model.id, layers: nLayers > 0 ? [Math.floor(nLayers / 2)] : [], hookTypes };
  const dataset = datasetsFor(model, datasets).find((d) => d.id === draft.datasetId) ?? datasetsFor(model, datasets)[0] ?? null;
  return withDataset(next, dataset);
}

export function withDataset(draft: ExtractionDraft, dataset: DatasetRecord | null): ExtractionDraft {
  return { ...draft, datasetId: dataset?.id ?? null, contextSize: dataset?.tokenization ? tokenizationWindow(dataset.tokenization) : '' };
}

const hookName = (layer: number, type: HookType) => `blocks.${layer}.${type}`;

export interface ExtractionEstimate {
  /** layers × activation types */
  hooks: number;
  /** Activation rows per hook: an upper bound (padding and cut windows count in full). */
  rows: number;
  /** rows × hooks × d_model × bytes per value */
  bytes: number;
}

export function estimateExtraction(
  draft: ExtractionDraft,
  model: ModelRecord | null,
  dataset: DatasetRecord | null,
): ExtractionEstimate | null {
  const tok = dataset?.tokenization;
  if (!model?.architecture || !tok) return null;
  const hooks = draft.layers.length * draft.hookTypes.length;
  const window = tokenizationWindow(tok);
  const context = typeof draft.contextSize === 'number' ? Math.min(draft.contextSize, window) : window;
  const available = context < window ? Math.min(tok.totalTokens, tok.rows * context) : tok.totalTokens;
  const cap = draft.wholeDataset || typeof draft.maxTokens !== 'number' ? Infinity : draft.maxTokens;
  const rows = Math.min(cap, available);
  return { hooks, rows, bytes: rows * hooks * model.architecture.dModel * (draft.dtype === 'float32' ? 4 : 2) };
}

const isInt = (v: number | string, min: number, max: number): v is number =>
  typeof v === 'number' && Number.isInteger(v) && v >= min && v <= max;

/** What stops the form from being submitted, in the researcher's words (empty: ready). */
export function draftProblems(draft: ExtractionDraft, model: ModelRecord | null, dataset: DatasetRecord | null): string[] {
  const out: string[] = [];
  if (!model) return ['choose a model'];
  if (!dataset?.tokenization) return ['choose a dataset tokenized for this model'];
  if (draft.layers.length === 0) out.push('select at least one layer');
  if (draft.hookTypes.length === 0) out.push('select at least one activation type');
  const known = new Set(model.hooks.map((h) => h.name));
  const missing = draft.layers.flatMap((l) => draft.hookTypes.map((t) => hookName(l, t))).filter((h) => !known.has(h));
  if (missing.length)
    out.push(`${model.name} has no ${missing.slice(0, 3).join(', ')}${missing.length > 3 ? ` (+${missing.length - 3} more)` : ''}`);
  if (!isInt(draft.batchSize, 1, 512)) out.push('batch size must be a whole number from 1 to 512');
  if (!draft.wholeDataset && !isInt(draft.maxTokens, 1, 1e10)) out.push('max tokens must be a whole number ≥ 1 (or tick "whole dataset")');
  const window = tokenizationWindow(dataset.tokenization);
  if (!isInt(draft.contextSize, 2, window)) out.push(`context size must be a whole number from 2 to the tokenization's window (${window})`);
  if (draft.name.trim().length > 200) out.push('name is longer than 200 characters');
  return out;
}

/** The settings a template keeps: what to extract and how, not which model or dataset. */
function settingsOf(draft: ExtractionDraft, dataset: DatasetRecord | null) {
  const window = dataset?.tokenization ? tokenizationWindow(dataset.tokenization) : null;
  return {
    layers: [...draft.layers].sort((a, b) => a - b),
    hookTypes: draft.hookTypes,
    batchSize: Number(draft.batchSize),
    maxTokens: draft.wholeDataset ? null : Number(draft.maxTokens),
    // null = "the tokenization's window", so the template fits datasets with other windows.
    contextSize: typeof draft.contextSize === 'number' && draft.contextSize !== window ? draft.contextSize : null,
    dtype: draft.dtype,
    holdOutEvalSplits: draft.holdOutEvalSplits,
  };
}

/** Call only when draftProblems() is empty. */
export function toExtractionConfig(draft: ExtractionDraft, dataset: DatasetRecord): ExtractionConfigInput {
  const name = draft.name.trim();
  return { ...settingsOf(draft, dataset), modelId: draft.modelId ?? '', datasetId: dataset.id, ...(name ? { name } : {}) };
}

export function toTemplateConfig(draft: ExtractionDraft, dataset: DatasetRecord | null): Record<string, unknown> {
  const s = settingsOf(draft, dataset);
  return {
    ...(s.layers.length ? { layers: s.layers } : {}),
    ...(s.hookTypes.length ? { hookTypes: s.hookTypes } : {}),
    ...(isInt(draft.batchSize, 1, 512) ? { batchSize: s.batchSize } : {}),
    ...(draft.wholeDataset || isInt(draft.maxTokens, 1, 1e10) ? { maxTokens: s.maxTokens } : {}),
    ...(s.contextSize === null || isInt(s.contextSize, 2, 131072) ? { contextSize: s.contextSize } : {}),
    dtype: s.dtype,
    holdOutEvalSplits: s.holdOutEvalSplits,
  };
}

/**
 * Fills the form from a template's config, fitted to the chosen model and dataset: layers
 * past the model's last and hook types it lacks are left out, a context size longer than
 * the window is cut to it. `notes` says what was changed.
 */
export function applyTemplate(
  draft: ExtractionDraft,
  config: Record<string, unknown>,
  model: ModelRecord | null,
  dataset: DatasetRecord | null,
): { draft: ExtractionDraft; notes: string[] } {
  const parsed = extractionConfigSchema.partial().safeParse(config);
  if (!parsed.success) return { draft, notes: ['this template no longer matches the extraction settings; nothing was loaded'] };
  const has = (k: string) => Object.prototype.hasOwnProperty.call(config, k);
  const c = parsed.data;
  const notes: string[] = [];
  const next = { ...draft };
  if (has('layers') && c.layers) {
    const nLayers = model?.architecture?.nLayers ?? Infinity;
    const fit = [...new Set(c.layers)].filter((l) => l < nLayers).sort((a, b) => a - b);
    if (fit.length < c.layers.length)
      notes.push(
        `layers ${c.layers.filter((l) => l >= nLayers).join(', ')} are past ${model?.name ?? 'the model'}'s last (${nLayers - 1})`,
      );
    if (fit.length) next.layers = fit;
  }
  if (has('hookTypes') && c.hookTypes) {
    const types = model ? availableHookTypes(model) : new Set(c.hookTypes);
    const fit = c.hookTypes.filter((t) => types.has(t));
    if (fit.length < c.hookTypes.length)
      notes.push(`${model?.name ?? 'the model'} has no ${c.hookTypes.filter((t) => !types.has(t)).join(', ')}`);
    if (fit.length) next.hookTypes = fit;
  }
  if (has('batchSize') && c.batchSize !== undefined) next.batchSize = c.batchSize;
  if (has('maxTokens') && c.maxTokens !== undefined) {
    next.wholeDataset = c.maxTokens === null;
    if (c.maxTokens !== null) next.maxTokens = c.maxTokens;
  }
  if (has('contextSize') && c.contextSize !== undefined) {
    const window = dataset?.tokenization ? tokenizationWindow(dataset.tokenization) : null;
    if (c.contextSize === null || window === null) next.contextSize = c.contextSize ?? window ?? '';
    else {
      if (c.contextSize > window) notes.push(`context size ${c.contextSize} cut to this dataset's window (${window})`);
      next.contextSize = Math.min(c.contextSize, window);
    }
  }
  if (has('dtype') && c.dtype) next.dtype = c.dtype;
  if (has('holdOutEvalSplits') && typeof c.holdOutEvalSplits === 'boolean') next.holdOutEvalSplits = c.holdOutEvalSplits;
  return { draft: next, notes };
}
