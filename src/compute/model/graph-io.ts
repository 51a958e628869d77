import { feedInputs, graphOf } from '../onnx/graph/inspect';
import type { ModelProto } from '../onnx/proto/types';

/** The causal-LM I/O of an exported graph (transformers.js / optimum "decoder with past" layout). */
export interface GraphIo {
  hasAttentionMask: boolean;
  hasPositionIds: boolean;
  /** past_key_values.{i}.key/value inputs, in layer order; empty when the graph has no cache. */
  pastInputs: { layer: number; key: string; value: string }[];
  /** present.{i}.key/value outputs paired with the past inputs. */
  presentOutputs: { key: string; value: string }[];
  logits: string;
}

const PAST = /^past_key_values\.(\d+)\.(key|value)$/;

export function graphIo(model: ModelProto): GraphIo {
  const graph = graphOf(model);
  const inputs = feedInputs(graph).map((v) => v.name ?? '');
  if (!inputs.includes('input_ids')) {
    throw new Error(`the ONNX graph has no "input_ids" input (inputs: ${inputs.join(', ')}); expected a causal LM export`);
  }
  const outputs = graph.output.map((o) => o.name ?? '');
  const logits = outputs.includes('logits') ? 'logits' : outputs[0];
  if (!logits) throw new Error('the ONNX graph has no outputs');
  const layers = new Map<number, { key?: string; value?: string }>();
  for (const name of inputs) {
    const m = PAST.exec(name);
    if (!m) continue;
    const entry = layers.get(Number(m[1])) ?? {};
    entry[m[2] as 'key' | 'value'] = name;
    layers.set(Number(m[1]), entry);
  }
  const pastInputs = [...layers.entries()]
    .sort(([a], [b]) => a - b)
    .map(([layer, e]) => ({ layer, key: e.key ?? '', value: e.value ?? '' }));
  const presentOutputs = pastInputs.map(({ layer }) => ({ key: `present.${layer}.key`, value: `present.${layer}.value` }));
  for (const p of presentOutputs) {
    if (!outputs.includes(p.key) || !outputs.includes(p.value))
      throw new Error(`graph has past_key_values inputs but no ${p.key}/${p.value} outputs`);
  }
  return {
    hasAttentionMask: inputs.includes('attention_mask'),
    hasPositionIds: inputs.includes('position_ids'),
    pastInputs,
    presentOutputs,
    logits,
  };
}
