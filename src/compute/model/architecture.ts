import type { ModelArchitecture, ModelDtype } from '../../shared/types/models';
import { CodedError } from '../../shared/coded-error';

type Json = Record<string, unknown>;

const num = (c: Json, ...keys: string[]): number | null => {
  for (const k of keys) if (typeof c[k] === 'number') return c[k];
  return null;
};

export class ModelFolderError extends CodedError<'MODEL_FILE_MISSING' | 'MODEL_FILE_INVALID' | 'MODEL_UNSUPPORTED'> {}

/**
 * Architecture numbers from an HF config.json, across naming schemes: GPT-2 (n_layer,
 * n_embd, n_head, n_inner), Llama/Qwen2/Mistral/NeoX (num_hidden_layers, hidden_size,
 * num_attention_heads, num_key_value_heads, intermediate_size).
 */
export function architectureFromConfig(
  config: Json,
  graph: { dtype: ModelDtype; parameterCount: number; residual: ModelArchitecture['residual']; fused: boolean; kvCache: boolean },
): ModelArchitecture {
  const nLayers = num(config, 'num_hidden_layers', 'n_layer', 'num_layers');
  const dModel = num(config, 'hidden_size', 'n_embd', 'd_model');
  const nHeads = num(config, 'num_attention_heads', 'n_head');
  const vocabSize = num(config, 'vocab_size');
  const missing = [
    ['layers (num_hidden_layers / n_layer)', nLayers],
    ['d_model (hidden_size / n_embd)', dModel],
    ['heads (num_attention_heads / n_head)', nHeads],
    ['vocab_size', vocabSize],
  ].filter(([, v]) => v === null);
  if (missing.length || nLayers === null || dModel === null || nHeads === null || vocabSize === null) {
    throw new ModelFolderError('MODEL_FILE_INVALID', `config.json lacks ${missing.map(([k]) => k).join(', ')}`);
  }
  const family = typeof config.model_type === 'string' ? config.model_type : 'unknown';
  const dMlp = num(config, 'intermediate_size', 'n_inner') ?? (family === 'gpt2' ? 4 * dModel : null);
  return {
    family,
    nLayers,
    dModel,
    nHeads,
    nKvHeads: num(config, 'num_key_value_heads') ?? nHeads,
    headDim: num(config, 'head_dim') ?? dModel / nHeads,
    dMlp,
    vocabSize,
    maxPositions: num(config, 'max_position_embeddings', 'n_positions', 'n_ctx'),
    dtype: graph.dtype,
    parameterCount: graph.parameterCount,
    tiedEmbeddings: typeof config.tie_word_embeddings === 'boolean' ? config.tie_word_embeddings : family === 'gpt2' ? true : null,
    residual: graph.residual,
    fusedGraph: graph.fused,
    kvCache: graph.kvCache,
  };
}
