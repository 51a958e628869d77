import type * as tfTypes from '@tensorflow/tfjs';

type Tf = typeof tfTypes;
type T2 = tfTypes.Tensor2D;

export type MatMulMode = 'custom' | 'default';

/**
 * a·b with a gradient that materialises the transposes (docs/training.md, "The tfjs-wasm MatMul-gradient trap"): tfjs's
 * own MatMul gradient calls matMul with transposeA/transposeB, which the wasm backend runs
 * 10–30× slower than a plain product. Here dA = dy·bᵀ and dB = aᵀ·dy use tf.transpose first.
 * 'default' returns plain tf.matMul (for backends where it is the faster form).
 */
export function makeMatMul(tf: Tf, mode: MatMulMode): (a: T2, b: T2) => T2 {
  if (mode === 'default') return (a, b) => tf.matMul(a, b);
  const f = tf.customGrad((a, b, save) => {
    const a2 = a as T2; // [m, k]
    const b2 = b as T2; // [k, n]
    (save as tfTypes.GradSaveFunc)([a2, b2]);
    return {
      value: tf.matMul(a2, b2), // [m, n]
      gradFunc: (dy, saved) => {
        const [sa, sb] = saved as [T2, T2];
        const dy2 = dy as T2; // [m, n]
        return [tf.matMul(dy2, tf.transpose(sb)), tf.matMul(tf.transpose(sa), dy2)]; // [m, k], [k, n]
      },
    };
  });
  return (a, b) => f(a, b) as T2;
}

/**
 * data·W where `data` never needs a gradient (the input batch): only dW = dataᵀ·dy is
 * computed, saving the [batch, d_sae]·[d_sae, d_in] product customGrad would otherwise do
 * eagerly for the left operand (tfjs's own MatMul gradient is lazy, so 'default' is plain).
 */
export function makeDataMatMul(tf: Tf, mode: MatMulMode): (data: T2, w: T2) => T2 {
  if (mode === 'default') return (a, b) => tf.matMul(a, b);
  const f = tf.customGrad((a, b, save) => {
    const a2 = a as T2; // [m, k]
    const b2 = b as T2; // [k, n]
    (save as tfTypes.GradSaveFunc)([a2]);
    return {
      value: tf.matMul(a2, b2), // [m, n]
      gradFunc: (dy, saved) => {
        const [sa] = saved as [T2];
        return [tf.zerosLike(sa), tf.matMul(tf.transpose(sa), dy as T2)]; // [m, k] (unused), [k, n]
      },
    };
  });
  return (a, b) => f(a, b) as T2;
}
