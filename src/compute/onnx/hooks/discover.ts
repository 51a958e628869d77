import { OnnxError } from '../graph/errors';
import { freshName, graphOf } from '../graph/inspect';
import type { ModelProto, NodeProto } from '../proto/types';
import { GraphIndex } from './graph-index';
import { SKIP_NORM_OPS, SKIP_SUM_OUTPUT, findResidualSteps, longestResidualChain, type ResidualStep } from './residual-chain';

/** TransformerLens hook names (per block). */
export type HookKind = 'hook_resid_pre' | 'hook_attn_out' | 'hook_resid_mid' | 'hook_mlp_out' | 'hook_resid_post';

export interface HookPoint {
  /** e.g. `blocks.5.hook_resid_post`. */
  name: string;
  layer: number;
  kind: HookKind;
  /** The graph tensor it reads. Shape [batch, seq, d_model]. */
  tensor: string;
}

export interface HookDiscovery {
  hooks: HookPoint[];
  nLayers: number;
  /** sequential: x += attn(x); x += mlp(x) (GPT-2, Llama). parallel: x += attn(x) + mlp(x) (NeoX, GPT-J). */
  residual: 'sequential' | 'parallel' | 'mixed';
  /** Whether residual additions are fused into Skip*LayerNormalization nodes. */
  fused: boolean;
  /** Things a researcher may want to know (e.g. block numbering that disagrees with node names). */
  notes: string[];
}

/** Op types that mark a branch as attention. */
function isAttentionOp(n: NodeProto): boolean {
  const op = n.opType ?? '';
  return op === 'Softmax' || op.endsWith('Attention');
}

/** Block number from a module-path node name: /transformer/h.5/Add_1, /model/layers.5/Add, /gpt_neox/layers.5/Add. */
const BLOCK_IN_NAME = /\/(?:h|layers|layer|blocks|block)\.(\d+)\//;

interface Block {
  pre: string;
  attnOut: string;
  mlpOut: string;
  mid?: string;
  post: string;
  node: NodeProto;
}

/** A fused node's sum, named if the node did not expose it (it is an optional output). */
function sumOf(model: ModelProto, step: ResidualStep): string {
  if (step.sum) return step.sum;
  const name = freshName(graphOf(model), `${step.node.name || step.node.opType || 'skip_norm'}.resid_sum`);
  while (step.node.output.length < SKIP_SUM_OUTPUT) step.node.output.push('');
  step.node.output[SKIP_SUM_OUTPUT] = name;
  step.sum = name;
  return name;
}

/**
 * Find TransformerLens-style hook points by following the residual stream: the longest chain
 * of residual additions (plain Add, or ORT-fused SkipLayerNormalization /
 * SkipSimplifiedLayerNormalization). A step whose branch passes through Softmax/…Attention is
 * attention, else MLP; a branch that is itself the sum of an attention and an MLP branch both
 * computed from the residual is a parallel block (NeoX, GPT-J).
 * May edit the model in one way: a fused node that hides its sum output gets one named.
 */
export function discoverHooks(model: ModelProto): HookDiscovery {
  const graph = graphOf(model);
  const index = new GraphIndex(graph);
  const steps = findResidualSteps(graph, index);
  const chain = longestResidualChain(steps);
  const notes: string[] = [];
  const isAttn = (t: string, floor: string) => index.coneHas(t, floor, isAttentionOp);

  const blocks: Block[] = [];
  const kinds = new Set<'sequential' | 'parallel'>();
  for (let i = 0; i < chain.length; i++) {
    const s = chain[i] as ResidualStep;
    const p = index.producer(s.branch);
    const parts = p?.opType === 'Add' ? p.input.filter((x) => index.dependsOn(x, s.residual)) : [];
    if (parts.length === 2 && p) {
      const [a = '', b = ''] = parts;
      const aAttn = isAttn(a, s.residual);
      if (aAttn !== isAttn(b, s.residual)) {
        blocks.push({ pre: s.residual, attnOut: aAttn ? a : b, mlpOut: aAttn ? b : a, post: sumOf(model, s), node: s.node });
        kinds.add('parallel');
        continue;
      }
    }
    const next = chain[i + 1];
    if (isAttn(s.branch, s.residual) && next && !isAttn(next.branch, next.residual)) {
      blocks.push({
        pre: s.residual,
        attnOut: s.branch,
        mid: sumOf(model, s),
        mlpOut: next.branch,
        post: sumOf(model, next),
        node: s.node,
      });
      kinds.add('sequential');
      i++;
      continue;
    }
    notes.push(
      `residual addition ${s.node.name || s.node.opType} (${s.branch}) is neither an attention+MLP pair nor a parallel block; skipped`,
    );
  }

  if (blocks.length === 0) {
    const adds = graph.node.filter((n) => n.opType === 'Add').length;
    const fusedCount = graph.node.filter((n) => SKIP_NORM_OPS.has(n.opType ?? '')).length;
    throw new OnnxError(
      'ONNX_HOOKS_NOT_FOUND',
      `no transformer blocks recognised in graph "${graph.name ?? ''}": looked for a chain of residual additions ` +
        `(Add, or com.microsoft SkipLayerNormalization/SkipSimplifiedLayerNormalization) of the form x + f(x), ` +
        `whose branches are attention (through Softmax or an *Attention op) then MLP, or both in parallel. ` +
        `Found ${adds} Add and ${fusedCount} Skip*LayerNormalization nodes, ${steps.length} x + f(x) additions, ` +
        `longest residual chain ${chain.length}.`,
      { adds, fused: fusedCount, steps: steps.length, chain: chain.length, notes },
    );
  }

  const hooks: HookPoint[] = [];
  blocks.forEach((b, layer) => {
    const named = BLOCK_IN_NAME.exec(b.node.name ?? '')?.[1];
    if (named !== undefined && Number(named) !== layer) notes.push(`block ${layer} is named ${b.node.name} in the graph`);
    const add = (kind: HookKind, tensor: string | undefined) => {
      if (tensor) hooks.push({ name: `blocks.${layer}.${kind}`, layer, kind, tensor });
    };
    add('hook_resid_pre', b.pre);
    add('hook_attn_out', b.attnOut);
    add('hook_resid_mid', b.mid);
    add('hook_mlp_out', b.mlpOut);
    add('hook_resid_post', b.post);
  });
  return {
    hooks,
    nLayers: blocks.length,
    residual: kinds.size === 2 ? 'mixed' : kinds.has('parallel') ? 'parallel' : 'sequential',
    fused: chain.some((s) => s.fused),
    notes,
  };
}
