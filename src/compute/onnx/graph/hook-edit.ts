import { DataType } from '../proto/constants';
import type { GraphProto, ModelProto, NodeProto, ValueInfoProto } from '../proto/types';
import { node, tensorValueInfo, type Dim } from './build';
import { OnnxError } from './errors';
import { definedNames, freshName, graphOf, valueInfoOf } from './inspect';

/**
 * Graph edits behind TransformerLens-style hooks (docs/models.md, "Hooks"):
 * - read hook: the tensor becomes an extra graph output;
 * - write hook: x' = x + delta with `delta` a REQUIRED graph input (never an initializer:
 *   onnxruntime-node only feeds `session.inputNames`, which omits initializer-backed inputs,
 *   so an "overridable initializer" delta would be silently ignored).
 * Both edit the model in place.
 */

function requireTensor(graph: GraphProto, name: string): void {
  if (!definedNames(graph).has(name))
    throw new OnnxError('ONNX_TENSOR_NOT_FOUND', `tensor "${name}" is not produced, fed or stored in graph "${graph.name ?? ''}"`);
}

function copyType(v: ValueInfoProto | undefined, name: string): ValueInfoProto {
  return v?.type ? { name, type: v.type, metadataProps: [] } : { name, metadataProps: [] };
}

/**
 * Make each named tensor a graph output (skipping those that already are). The output keeps
 * the declared type when the graph has one (value_info); otherwise it is left untyped and
 * onnxruntime infers it. Returns the output names in the order asked.
 */
export function addReadHooks(model: ModelProto, names: readonly string[]): string[] {
  const graph = graphOf(model);
  const outputs = new Set(graph.output.map((o) => o.name));
  for (const name of names) {
    requireTensor(graph, name);
    if (outputs.has(name)) continue;
    graph.output.push(copyType(valueInfoOf(graph, name), name));
    outputs.add(name);
  }
  return [...names];
}

export interface WriteHookOptions {
  /** Name of the new graph input; default `<tensor>.delta` (made unique). */
  deltaName?: string;
  /** Shape of delta, broadcastable to the tensor: e.g. ['batch', 'seq', 768] or [768]. */
  shape: readonly Dim[];
  /** Element type of delta; default FLOAT (use FLOAT16 for an fp16 graph). */
  elemType?: number;
}

export interface WriteHook {
  tensor: string;
  deltaName: string;
  /** The hooked tensor x + delta that every former consumer of x now reads. */
  hookedName: string;
  /** Graph outputs that were `tensor` and now are `hookedName` (old name → new name). */
  renamedOutputs: Record<string, string>;
}

/** Replace reads of `from` by `to` in a subgraph, unless the subgraph defines its own `from`. */
function rewireSubgraphs(n: NodeProto, from: string, to: string): void {
  for (const a of n.attribute) for (const g of a.g ? [a.g, ...a.graphs] : a.graphs) rewireGraph(g, from, to);
}

function rewireGraph(g: GraphProto, from: string, to: string): void {
  if (definedNames(g).has(from)) return; // shadowed: the name means another tensor in there
  for (const n of g.node) {
    n.input = n.input.map((i) => (i === from ? to : i));
    rewireSubgraphs(n, from, to);
  }
  for (const o of g.output) if (o.name === from) o.name = to;
}

/**
 * Insert `Add(tensor, delta) -> hooked` and point every consumer of `tensor` at `hooked`:
 * top-level nodes, nodes inside subgraphs (If/Loop/Scan bodies that read it from the outer
 * scope) and graph outputs. Feeding zeros for delta gives the unhooked model's outputs exactly.
 */
export function addWriteHook(model: ModelProto, tensor: string, opts: WriteHookOptions): WriteHook {
  const graph = graphOf(model);
  requireTensor(graph, tensor);
  const deltaName = opts.deltaName ?? freshName(graph, `${tensor}.delta`);
  if (opts.deltaName !== undefined && (definedNames(graph).has(deltaName) || valueInfoOf(graph, deltaName)))
    throw new OnnxError('ONNX_NAME_TAKEN', `cannot add write-hook input "${deltaName}": the graph already has a tensor of that name`);
  const hookedName = freshName(graph, `${tensor}.hooked`);
  const add = node('Add', [tensor, deltaName], [hookedName], { name: freshName(graph, `${tensor}.hook_add`) });

  for (const n of graph.node) {
    n.input = n.input.map((i) => (i === tensor ? hookedName : i));
    rewireSubgraphs(n, tensor, hookedName);
  }
  const renamedOutputs: Record<string, string> = {};
  for (const o of graph.output)
    if (o.name === tensor) {
      o.name = hookedName;
      renamedOutputs[tensor] = hookedName;
    }

  // Keep the node list topologically sorted: the Add goes right after x's producer.
  const at = graph.node.findIndex((n) => n.output.includes(tensor));
  graph.node.splice(at + 1, 0, add);
  graph.input.push(tensorValueInfo(deltaName, opts.elemType ?? DataType.FLOAT, opts.shape));
  const known = valueInfoOf(graph, tensor);
  if (known?.type && !graph.output.some((o) => o.name === hookedName)) graph.valueInfo.push(copyType(known, hookedName));
  return { tensor, deltaName, hookedName, renamedOutputs };
}
