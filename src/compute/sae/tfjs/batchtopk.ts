import type * as tfTypes from '@tensorflow/tfjs';

type Tf = typeof tfTypes;
type T2 = tfTypes.Tensor2D;

/**
 * BatchTopK (Bussmann et al. 2024; SAELens batchtopk_sae.py): of ReLU(pre) over the whole batch,
 * keep the ⌊k·B⌋ largest (ties at the cut-off all kept). A 0/1 mask [batch, d_sae], computed
 * off the gradient tape by the caller (`detached`).
 */
export function batchTopKMask(tf: Tf, pre: T2, k: number): T2 {
  const [rows, cols] = pre.shape;
  const keep = Math.max(1, Math.min(Math.floor(k * rows), rows * cols));
  const relu = tf.relu(pre);
  const cutoff = tf.min(tf.topk(tf.reshape(relu, [1, -1]), keep).values); // []
  return tf.cast(tf.greaterEqual(relu, cutoff), 'float32') as T2;
}

/** Inference form, as SAELens saves BatchTopK (JumpReLU at one threshold θ): ReLU(pre)·[pre > θ]. */
export function batchTopKInference(tf: Tf, pre: T2, threshold: number): T2 {
  return tf.mul(tf.relu(pre), tf.cast(tf.greater(pre, threshold), 'float32')) as T2;
}

/** Smallest positive entry of f (+∞ when none): what the running threshold averages. */
export function minPositive(tf: Tf, f: T2): tfTypes.Scalar {
  return tf.min(tf.where(tf.greater(f, 0), f, tf.fill(f.shape, Infinity))) as tfTypes.Scalar;
}
