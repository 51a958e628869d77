import type * as tfTypes from '@tensorflow/tfjs';

type Tf = typeof tfTypes;
type T1 = tfTypes.Tensor1D;
type T2 = tfTypes.Tensor2D;

/**
 * JumpReLU and its L0 step function with the straight-through estimators of Rajamanoharan et
 * al. 2024 (as SAELens jumprelu_sae.py JumpReLU / Step), as tfjs custom gradients. θ [d_sae] > 0,
 * pre [batch, d_sae], ε the bandwidth, K(u) = 1 for |u| < ½ (rectangle kernel):
 *   jumpRelu(pre, θ) = pre · H(pre − θ);  ∂/∂pre = H(pre − θ);  ∂/∂θ = −(θ/ε) K((pre − θ)/ε)
 *   step(pre, θ)     = H(pre − θ);        ∂/∂pre = 0;           ∂/∂θ = −(1/ε) K((pre − θ)/ε)
 * Gradients into θ are summed over the batch. tfjs autograd takes log_threshold → θ = exp(·).
 */
function kernel(tf: Tf, pre: T2, theta: T1, bandwidth: number): T2 {
  const u = tf.div(tf.sub(pre, theta), bandwidth);
  return tf.cast(tf.logicalAnd(tf.greater(u, -0.5), tf.less(u, 0.5)), 'float32') as T2;
}

export function jumpRelu(tf: Tf, pre: T2, theta: T1, bandwidth: number): T2 {
  const op = tf.customGrad((p, t, save) => {
    const [pp, tt] = [p as T2, t as T1];
    (save as tfTypes.GradSaveFunc)([pp, tt]);
    const open = tf.cast(tf.greater(pp, tt), 'float32');
    return {
      value: tf.mul(pp, open),
      gradFunc: (dy, saved) => {
        const [sp, st] = saved as [T2, T1];
        const gPre = tf.mul(dy, tf.cast(tf.greater(sp, st), 'float32'));
        const gTheta = tf.sum(tf.mul(tf.mul(kernel(tf, sp, st, bandwidth), dy), tf.div(st, -bandwidth)), 0);
        return [gPre, gTheta];
      },
    };
  });
  return op(pre, theta) as T2;
}

export function jumpStep(tf: Tf, pre: T2, theta: T1, bandwidth: number): T2 {
  const op = tf.customGrad((p, t, save) => {
    const [pp, tt] = [p as T2, t as T1];
    (save as tfTypes.GradSaveFunc)([pp, tt]);
    return {
      value: tf.cast(tf.greater(pp, tt), 'float32'),
      gradFunc: (dy, saved) => {
        const [sp, st] = saved as [T2, T1];
        return [tf.zerosLike(sp), tf.sum(tf.mul(kernel(tf, sp, st, bandwidth), tf.div(dy, -bandwidth)), 0)];
      },
    };
  });
  return op(pre, theta) as T2;
}
