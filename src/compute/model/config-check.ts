import { graphOf, initializerMap } from '../onnx/graph/inspect';
import type { ModelProto, TensorProto } from '../onnx/proto/types';
import { ModelFolderError } from './architecture';

type Json = Record<string, unknown>;

/** What the graph itself says about a model, whatever config.json claims. */
export interface GraphFacts {
  /** Rows of the token embedding (or the logits' last dimension). */
  vocabSize: number | null;
  /** Columns of the token embedding: d_model. */
  dModel: number | null;
  /** Rows of a learned position embedding (GPT-2's wpe); null for rotary/ALiBi models. */
  maxPositions: number | null;
  /** The family the block naming shows, and the model_types it covers. */
  family: { name: string; covers: readonly string[]; evidence: string } | null;
}

/** Block naming of HF exports → family (docs/models.md). A model_type outside `covers` contradicts the graph. */
const FAMILIES: { prefix: string; name: string; covers: readonly string[]; evidence: string }[] = [
  {
    prefix: '/transformer/h.',
    name: 'gpt2',
    covers: ['gpt2', 'gpt_neo', 'gptj', 'gpt_bigcode', 'codegen'],
    evidence: 'GPT-2-style blocks (/transformer/h.N)',
  },
  {
    prefix: '/gpt_neox/layers.',
    name: 'gpt_neox',
    covers: ['gpt_neox', 'gpt_neox_japanese'],
    evidence: 'GPT-NeoX blocks (/gpt_neox/layers.N)',
  },
  { prefix: '/model/decoder/layers.', name: 'opt', covers: ['opt'], evidence: 'OPT blocks (/model/decoder/layers.N)' },
  {
    prefix: '/model/layers.',
    name: 'llama',
    covers: [
      'llama',
      'mistral',
      'mixtral',
      'qwen2',
      'qwen2_moe',
      'qwen3',
      'gemma',
      'gemma2',
      'gemma3_text',
      'phi',
      'phi3',
      'olmo',
      'olmo2',
      'granite',
      'stablelm',
      'cohere',
      'starcoder2',
      'smollm3',
      'exaone',
    ],
    evidence: 'Llama-style blocks (/model/layers.N)',
  },
];
const KNOWN_TYPES = new Set(FAMILIES.flatMap((f) => f.covers));

const dims = (t: TensorProto | undefined): number[] => (t ? t.dims.map(Number) : []);

export function graphFacts(model: ModelProto, logitsName: string): GraphFacts {
  const graph = graphOf(model);
  const inits = initializerMap(graph);
  let embedding: number[] = [];
  let positions: number | null = null;
  for (const node of graph.node) {
    if (node.opType !== 'Gather') continue;
    const table = dims(inits.get(node.input[0] ?? ''));
    if (table.length !== 2) continue;
    if (node.input[1] === 'input_ids' && embedding.length === 0) embedding = table;
    else if (/wpe|position|pos_emb|embed_positions/i.test(`${node.name ?? ''} ${node.input[0] ?? ''}`)) positions ??= table[0]!;
  }
  const logits = graph.output.find((o) => o.name === logitsName)?.type?.tensorType?.shape?.dim ?? [];
  const lastDim = logits.length ? logits[logits.length - 1]?.dimValue : undefined;
  const names = graph.node.map((n) => n.name ?? '');
  const family = FAMILIES.find((f) => names.some((n) => n.startsWith(f.prefix))) ?? null;
  return {
    vocabSize: lastDim !== undefined ? Number(lastDim) : (embedding[0] ?? null),
    dModel: embedding[1] ?? null,
    maxPositions: positions,
    family: family ? { name: family.name, covers: family.covers, evidence: family.evidence } : null,
  };
}

const numberAt = (c: Json, keys: string[]): { key: string; value: number } | null => {
  for (const key of keys) if (typeof c[key] === 'number') return { key, value: c[key] };
  return null;
};

/**
 * config.json checked against the graph (finding: a config that lies was accepted). The
 * graph is what runs, so where they disagree the graph wins and a note says so:
 * vocab from the logits/embedding shape, the context window from a learned position
 * embedding (a config claiming more positions than the table has would make every long
 * input fail inside ONNX Runtime), the family from how the blocks are named. A d_model
 * that disagrees with the embedding is refused: hooks and steering deltas are sized by it.
 */
export function checkConfigAgainstGraph(config: Json, facts: GraphFacts, file: string): { config: Json; notes: string[] } {
  const fixed: Json = { ...config };
  const notes: string[] = [];
  const vocab = numberAt(config, ['vocab_size']);
  if (facts.vocabSize !== null && vocab?.value !== facts.vocabSize) {
    fixed.vocab_size = facts.vocabSize;
    notes.push(
      vocab
        ? `config.json says vocab_size ${vocab.value} but the graph's logits have ${facts.vocabSize} entries; using ${facts.vocabSize}`
        : `config.json has no vocab_size; using the graph's ${facts.vocabSize}`,
    );
  }
  const width = numberAt(config, ['hidden_size', 'n_embd', 'd_model']);
  if (facts.dModel !== null && width && width.value !== facts.dModel) {
    throw new ModelFolderError(
      'MODEL_FILE_INVALID',
      `${file}: config.json says ${width.key} ${width.value} but the graph's token embedding is ${facts.dModel} wide; the config does not belong to this ONNX file`,
    );
  }
  const positionKeys = ['max_position_embeddings', 'n_positions', 'n_ctx'];
  const claimed = numberAt(config, positionKeys);
  if (facts.maxPositions !== null && (claimed === null || claimed.value > facts.maxPositions)) {
    for (const key of positionKeys)
      if (key in fixed || key === (claimed?.key ?? 'max_position_embeddings')) fixed[key] = facts.maxPositions;
    notes.push(
      claimed
        ? `config.json says ${claimed.key} ${claimed.value} but the graph's position embedding has ${facts.maxPositions} rows; the context window is ${facts.maxPositions} tokens`
        : `config.json gives no context size; the graph's position embedding has ${facts.maxPositions} rows`,
    );
  }
  const type = typeof config.model_type === 'string' ? config.model_type : null;
  if (facts.family && (type === null || (KNOWN_TYPES.has(type) && !facts.family.covers.includes(type)))) {
    fixed.model_type = facts.family.name;
    notes.push(
      type
        ? `config.json says model_type "${type}" but the graph has ${facts.family.evidence}; treating it as ${facts.family.name}`
        : `config.json has no model_type; the graph has ${facts.family.evidence}`,
    );
  }
  return { config: fixed, notes };
}
