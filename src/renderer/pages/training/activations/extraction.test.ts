import { describe, expect, it } from 'vitest';
import type { DatasetRecord, TokenizationSettings } from '../../../../shared/types/datasets';
import type { HookKind, ModelRecord } from '../../../../shared/types/models';
import {
  applyTemplate,
  draftProblems,
  EMPTY_DRAFT,
  estimateExtraction,
  toExtractionConfig,
  toTemplateConfig,
  withDataset,
  withModel,
} from './extraction';

function model(nLayers: number, kinds: HookKind[], dModel = 64): ModelRecord {
  return {
    id: 'm1',
    name: 'tiny',
    source: 'local',
    repoId: null,
    revision: null,
    status: 'ready',
    path: '/m',
    architecture: {
      family: 'gpt2',
      nLayers,
      dModel,
      nHeads: 4,
      nKvHeads: 4,
      headDim: 16,
      dMlp: 256,
      vocabSize: 100,
      maxPositions: 1024,
      dtype: 'fp32',
      parameterCount: 1,
      tiedEmbeddings: true,
      residual: 'sequential',
      fusedGraph: false,
      kvCache: false,
    },
    hooks: Array.from({ length: nLayers }, (_, layer) =>
      kinds.map((kind) => ({ name: `blocks.${layer}.${kind}`, layer, kind, tensor: 't' })),
    ).flat(),
    hookNotes: [],
    files: [],
    sizeBytes: 0,
    error: null,
    createdAt: 0,
    updatedAt: 0,
  };
}

function dataset(id: string, modelId: string, contextSize: number, totalTokens: number, rows: number): DatasetRecord {
  const settings: TokenizationSettings = {
    mode: 'concat_chunk',
    maxLength: 512,
    padding: 'none',
    truncation: 'longest_first',
    addSpecialTokens: false,
    returnAttentionMask: true,
    contextSize,
    prependBos: true,
  };
  return {
    id,
    name: id,
    description: null,
    source: 'local',
    sourceRef: null,
    format: 'txt',
    status: 'tokenized',
    sampleCount: 10,
    tokenCount: totalTokens,
    sizeBytes: 0,
    splits: {},
    tokenization: { modelId, modelName: 'tiny', settings, path: '/t', totalTokens, rows, createdAt: 0 },
    statistics: null,
    error: null,
    skippedRows: {},
    createdAt: 0,
    updatedAt: 0,
  };
}

const m = model(12, ['hook_resid_pre', 'hook_resid_post', 'hook_mlp_out']);
const d = dataset('d1', 'm1', 128, 128 * 1000, 1000);
const other = dataset('d2', 'someone-else', 64, 100, 2);

describe('extraction form', () => {
  it('defaults to the middle layer, the residual stream and the tokenization window', () => {
    const draft = withModel(EMPTY_DRAFT, m, [other, d]);
    expect(draft).toMatchObject({
      modelId: 'm1',
      datasetId: 'd1',
      layers: [6],
      hookTypes: ['hook_resid_post'],
      contextSize: 128,
      batchSize: 8,
      maxTokens: 200_000,
    });
    expect(draftProblems(draft, m, d)).toEqual([]);
  });

  it('estimates hooks, rows and bytes: rows × hooks × d_model × bytes per value', () => {
    const draft = {
      ...withModel(EMPTY_DRAFT, m, [d]),
      layers: [1, 2],
      hookTypes: ['hook_resid_post', 'hook_mlp_out'] as const,
      dtype: 'float16' as const,
    };
    expect(estimateExtraction({ ...draft, hookTypes: [...draft.hookTypes] }, m, d)).toEqual({
      hooks: 4,
      rows: 128_000,
      bytes: 128_000 * 4 * 64 * 2,
    });
    // Cut windows bound the rows by rows × context size.
    expect(estimateExtraction({ ...draft, hookTypes: ['hook_resid_post'], contextSize: 16, wholeDataset: true }, m, d)?.rows).toBe(16_000);
    expect(estimateExtraction({ ...draft, hookTypes: ['hook_resid_post'], maxTokens: 500 }, m, d)?.rows).toBe(500);
  });

  it('names what is wrong: missing hooks, a context longer than the window, empty choices', () => {
    const draft = withModel(EMPTY_DRAFT, m, [d]);
    expect(draftProblems({ ...draft, hookTypes: ['hook_attn_out'] }, m, d)).toEqual(['tiny has no blocks.6.hook_attn_out']);
    expect(draftProblems({ ...draft, contextSize: 256 }, m, d)[0]).toMatch(/window \(128\)/);
    expect(draftProblems({ ...draft, layers: [], hookTypes: [] }, m, d)).toEqual([
      'select at least one layer',
      'select at least one activation type',
    ]);
    expect(draftProblems({ ...draft, maxTokens: '' }, m, d)).toHaveLength(1);
    expect(draftProblems({ ...draft, maxTokens: '', wholeDataset: true }, m, d)).toEqual([]);
  });

  it('sends null for the whole dataset and for the full window', () => {
    const draft = { ...withModel(EMPTY_DRAFT, m, [d]), wholeDataset: true, name: '  mid resid  ' };
    expect(toExtractionConfig(draft, d)).toEqual({
      modelId: 'm1',
      datasetId: 'd1',
      name: 'mid resid',
      layers: [6],
      hookTypes: ['hook_resid_post'],
      batchSize: 8,
      maxTokens: null,
      contextSize: null,
      dtype: 'float32',
      holdOutEvalSplits: true,
    });
    expect(toExtractionConfig({ ...draft, contextSize: 32 }, d).contextSize).toBe(32);
  });

  it('round-trips a template and fits it to a smaller model and window', () => {
    const draft = {
      ...withModel(EMPTY_DRAFT, m, [d]),
      layers: [2, 10],
      hookTypes: ['hook_resid_pre', 'hook_mlp_out'] as ('hook_resid_pre' | 'hook_mlp_out')[],
      contextSize: 100,
      batchSize: 32,
    };
    const config = toTemplateConfig(draft, d);
    expect(config).toEqual({
      layers: [2, 10],
      hookTypes: ['hook_resid_pre', 'hook_mlp_out'],
      batchSize: 32,
      maxTokens: 200_000,
      contextSize: 100,
      dtype: 'float32',
      holdOutEvalSplits: true,
    });
    const small = model(4, ['hook_resid_pre', 'hook_resid_post']);
    const smallData = dataset('d3', 'm1', 64, 6400, 100);
    const { draft: loaded, notes } = applyTemplate(withModel(EMPTY_DRAFT, small, [smallData]), config, small, smallData);
    expect(loaded).toMatchObject({ layers: [2], hookTypes: ['hook_resid_pre'], contextSize: 64, batchSize: 32, holdOutEvalSplits: true });
    expect(applyTemplate(draft, { ...config, holdOutEvalSplits: false }, m, d).draft.holdOutEvalSplits).toBe(false);
    expect(notes).toHaveLength(3);
    expect(applyTemplate(draft, { layers: 'x' }, m, d).notes[0]).toMatch(/nothing was loaded/);
  });

  it('switching dataset resets the context size to its window', () => {
    const draft = withDataset({ ...withModel(EMPTY_DRAFT, m, [d]), contextSize: 10 }, dataset('d4', 'm1', 256, 1, 1));
    expect(draft.contextSize).toBe(256);
  });
});
