import type { Ops } from './ops';

/**
 * BatchTopK (Bussmann et al. 2024; as SAELens batchtopk_sae.py) as ONNX nodes: ReLU, then the
 * k·B largest activations of the whole batch are kept (k_batch = ⌊k·B⌋ fed as int64 [1]).
 *   f = scatter(TopK(flatten(ReLU(pre)), k·B))       [B, d_sae]
 * Backward is TopK's: ∂pre = ∂f where f > 0 (the caller's firing mask).
 * Also the batch's smallest positive activation (min_positive, +∞ when none), from which the
 * engine updates the global inference threshold (../architectures.ts nextTopkThreshold).
 */
export function batchTopKActivation(o: Ops, pre: string): { f: string; minPositive: string } {
  const flat = o.op('Reshape', [o.op('Relu', [pre]), o.int64s([1, -1])]); // [1, B·d_sae]
  const [vals, idx] = o.opN('TopK', [flat, 'k_batch'], 2, { axis: -1, largest: 1, sorted: 0 }); // [1, k·B]
  if (vals === undefined || idx === undefined) throw new Error('unreachable: TopK has two outputs');
  const kept = o.op('ScatterElements', [o.zerosLike(flat), idx, vals], { axis: 1 }); // [1, B·d_sae]
  const f = o.op('Reshape', [kept, o.op('Shape', [pre])]); // [B, d_sae]
  const positive = o.op('Where', [o.op('Greater', [vals, o.scalar(0)]), vals, o.scalar(Infinity)]);
  const minPositive = o.op('ReduceMin', [positive], { keepdims: 0 }, 'min_positive'); // []
  return { f, minPositive };
}

/** Inference form (what SAELens saves BatchTopK as: JumpReLU at one threshold): ReLU(pre)·[pre > θ]. */
export function batchTopKInference(o: Ops, pre: string): string {
  const open = o.op('Cast', [o.op('Greater', [pre, 'topk_threshold'])], { to: 1 });
  return o.mul(o.op('Relu', [pre]), open);
}
