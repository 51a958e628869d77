import type { GraphProto, ModelProto, NodeProto, TensorProto, ValueInfoProto } from '../proto/types';
import { OnnxError } from './errors';

/** Read-only questions about a graph that the model runtime and hook discovery ask. */

export function graphOf(model: ModelProto): GraphProto {
  if (!model.graph) throw new OnnxError('ONNX_NO_GRAPH', 'the ONNX model has no graph');
  return model.graph;
}

export function initializerMap(graph: GraphProto): Map<string, TensorProto> {
  return new Map(graph.initializer.map((t) => [t.name ?? '', t]));
}

export function findInitializer(graph: GraphProto, name: string): TensorProto {
  const t = graph.initializer.find((x) => x.name === name);
  if (!t) throw new OnnxError('ONNX_TENSOR_NOT_FOUND', `initializer "${name}" is not in graph "${graph.name ?? ''}"`);
  return t;
}

/**
 * Inputs a caller must (or may) feed: graph inputs that are not also initializers. ORT's
 * `session.inputNames` lists exactly these.
 */
export function feedInputs(graph: GraphProto): ValueInfoProto[] {
  const inits = new Set(graph.initializer.map((t) => t.name));
  return graph.input.filter((v) => !inits.has(v.name));
}

export function outputNames(graph: GraphProto): string[] {
  return graph.output.map((v) => v.name ?? '');
}

/** tensor name → the node that writes it (top level only). */
export function producers(graph: GraphProto): Map<string, NodeProto> {
  const m = new Map<string, NodeProto>();
  for (const n of graph.node) for (const o of n.output) if (o) m.set(o, n);
  return m;
}

/** tensor name → the top-level nodes that read it (in graph order; a node reading twice appears once). */
export function consumers(graph: GraphProto): Map<string, NodeProto[]> {
  const m = new Map<string, NodeProto[]>();
  for (const n of graph.node)
    for (const i of new Set(n.input)) {
      if (!i) continue;
      const list = m.get(i);
      if (list) list.push(n);
      else m.set(i, [n]);
    }
  return m;
}

/** Every tensor name defined in a graph: inputs, initializers (dense and sparse), node outputs. */
export function definedNames(graph: GraphProto): Set<string> {
  const s = new Set<string>();
  for (const v of graph.input) if (v.name) s.add(v.name);
  for (const t of graph.initializer) if (t.name) s.add(t.name);
  for (const t of graph.sparseInitializer) if (t.values?.name) s.add(t.values.name);
  for (const n of graph.node) for (const o of n.output) if (o) s.add(o);
  return s;
}

/** The declared type of a tensor, if the graph says (inputs, outputs, value_info). */
export function valueInfoOf(graph: GraphProto, name: string): ValueInfoProto | undefined {
  return [...graph.input, ...graph.output, ...graph.valueInfo].find((v) => v.name === name);
}

/** A name not yet used in the graph: `base`, else `base_1`, `base_2`, … */
export function freshName(graph: GraphProto, base: string): string {
  const used = definedNames(graph);
  for (const v of [...graph.output, ...graph.valueInfo]) if (v.name) used.add(v.name);
  for (const n of graph.node) if (n.name) used.add(n.name);
  if (!used.has(base)) return base;
  for (let i = 1; ; i++) if (!used.has(`${base}_${i}`)) return `${base}_${i}`;
}
