import { node, tensorValueInfo } from '../graph/build';
import { addReadHooks, addWriteHook, type WriteHookOptions } from '../graph/hook-edit';
import { freshName, graphOf } from '../graph/inspect';
import { DataType } from '../proto/constants';
import type { ModelProto } from '../proto/types';
import { OnnxError } from '../graph/errors';
import type { HookDiscovery, HookPoint } from './discover';
import { SKIP_NORM_OPS, SKIP_SUM_OUTPUT } from './residual-chain';

/** Hook points by TransformerLens name, with an error that lists what exists. */
export function hookPoint(found: HookDiscovery, name: string): HookPoint {
  const h = found.hooks.find((x) => x.name === name);
  if (!h)
    throw new OnnxError(
      'ONNX_TENSOR_NOT_FOUND',
      `no hook "${name}" in this model; it has ${found.nLayers} blocks (${found.residual} residual): ${found.hooks.map((x) => x.name).join(', ')}`,
    );
  return h;
}

/** Make the named hooks graph outputs. Returns hook name → output name to read from the session. */
export function addHookReads(model: ModelProto, found: HookDiscovery, names: readonly string[]): Record<string, string> {
  const points = names.map((n) => hookPoint(found, n));
  addReadHooks(
    model,
    points.map((p) => p.tensor),
  );
  return Object.fromEntries(points.map((p) => [p.name, p.tensor]));
}

export interface HookWrite {
  hook: string;
  deltaName: string;
}

/**
 * Add `delta` (a required graph input, default shape [d_model] broadcast over batch and
 * position) at a hook. A plain tensor gets `x + delta` with every consumer rewired. The sum
 * output of a fused Skip*LayerNormalization is not what the node normalises internally, so
 * there the delta goes onto the node's skip input instead: sum and normalised output both move.
 */
export function addHookWrite(model: ModelProto, found: HookDiscovery, name: string, opts: WriteHookOptions): HookWrite {
  const point = hookPoint(found, name);
  const graph = graphOf(model);
  const at = graph.node.findIndex((n) => n.output[SKIP_SUM_OUTPUT] === point.tensor && SKIP_NORM_OPS.has(n.opType ?? ''));
  if (at < 0) {
    const hook = addWriteHook(model, point.tensor, { deltaName: `${name}.delta`, ...opts });
    return { hook: name, deltaName: hook.deltaName };
  }
  const fused = graph.node[at];
  const skip = fused?.input[1];
  if (!fused || !skip) throw new OnnxError('ONNX_TENSOR_NOT_FOUND', `fused node for ${name} has no skip input`);
  const deltaName = opts.deltaName ?? freshName(graph, `${name}.delta`);
  const hooked = freshName(graph, `${skip}.hooked`);
  graph.node.splice(at, 0, node('Add', [skip, deltaName], [hooked], { name: freshName(graph, `${name}.hook_add`) }));
  fused.input[1] = hooked;
  graph.input.push(tensorValueInfo(deltaName, opts.elemType ?? DataType.FLOAT, opts.shape));
  return { hook: name, deltaName };
}
