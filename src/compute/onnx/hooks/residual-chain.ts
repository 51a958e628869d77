import type { GraphProto, NodeProto } from '../proto/types';
import type { GraphIndex } from './graph-index';

/** ORT-fused residual add + norm: outputs [normed, mean, inv_std_var, input_skip_bias_sum]. */
export const SKIP_NORM_OPS = new Set(['SkipLayerNormalization', 'SkipSimplifiedLayerNormalization']);
export const SKIP_SUM_OUTPUT = 3;

/** One residual addition: sum = residual + branch. Shapes: all [batch, seq, d_model]. */
export interface ResidualStep {
  node: NodeProto;
  /** Position of `node` in graph.node. */
  index: number;
  /** The residual stream coming in. */
  residual: string;
  /** What the sub-layer adds (attention out, MLP out, or their sum in a parallel block). */
  branch: string;
  /** The residual stream going out; '' when a fused node does not expose its sum. */
  sum: string;
  fused: boolean;
}

function isConst(index: GraphIndex, initializers: Set<string>, t: string): boolean {
  if (!t || initializers.has(t)) return true;
  const p = index.producer(t);
  return p?.opType === 'Constant';
}

/**
 * Every addition of the form x + f(x): a plain Add whose one input is computed from the other,
 * or a Skip*LayerNormalization whose skip is computed from its input (or vice versa).
 */
export function findResidualSteps(graph: GraphProto, index: GraphIndex): ResidualStep[] {
  const inits = new Set(graph.initializer.map((t) => t.name ?? ''));
  const steps: ResidualStep[] = [];
  graph.node.forEach((node, i) => {
    const fused = SKIP_NORM_OPS.has(node.opType ?? '') && (node.domain ?? '') === 'com.microsoft';
    if (!(fused || (node.opType === 'Add' && (node.domain ?? '') === ''))) return;
    const [a = '', b = ''] = node.input;
    if (isConst(index, inits, a) || isConst(index, inits, b)) return;
    const sum = fused ? (node.output[SKIP_SUM_OUTPUT] ?? '') : (node.output[0] ?? '');
    if (index.dependsOn(b, a)) steps.push({ node, index: i, residual: a, branch: b, sum, fused });
    else if (index.dependsOn(a, b)) steps.push({ node, index: i, residual: b, branch: a, sum, fused });
  });
  return steps;
}

/**
 * The residual stream: the longest chain of steps where each step's residual is the previous
 * step's sum. Isolated x + f(x) patterns elsewhere (GELU's tanh form, say) form short chains
 * and lose. Steps come back in graph order.
 */
export function longestResidualChain(steps: ResidualStep[]): ResidualStep[] {
  const bySum = new Map<string, number>();
  const length: number[] = [];
  const prev: number[] = [];
  steps.forEach((s, i) => {
    const p = bySum.get(s.residual);
    length[i] = p === undefined ? 1 : (length[p] as number) + 1;
    prev[i] = p ?? -1;
    if (s.sum) bySum.set(s.sum, i);
  });
  let best = -1;
  length.forEach((l, i) => {
    if (best < 0 || l >= (length[best] as number)) best = i;
  });
  const chain: ResidualStep[] = [];
  for (let i = best; i >= 0; i = prev[i] as number) chain.unshift(steps[i] as ResidualStep);
  return chain;
}
