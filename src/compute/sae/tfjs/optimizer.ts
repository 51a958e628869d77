import type * as tfTypes from '@tensorflow/tfjs';
import type { OptimizerName } from '../types';

type Tf = typeof tfTypes;

export interface OptimizerConfig {
  name: OptimizerName;
  beta1: number;
  beta2: number;
  epsilon: number;
  weightDecay: number;
}

/**
 * Optimizers written out (not tf.train.*) so their state is ours to export bit for bit.
 * Adam / AdamW follow torch.optim (single-tensor path):
 *   adam:  g ← g + wd·p (L2, coupled);  adamw: p ← p·(1 − lr·wd) (decoupled)
 *   m ← β1·m + (1−β1)·g;  v ← β2·v + (1−β2)·g²
 *   p ← p − (lr / (1−β1ᵗ)) · m / (√v / √(1−β2ᵗ) + ε)
 * sgd: p ← p − lr·(g + wd·p) (no momentum).
 */
export function applyUpdate(
  tf: Tf,
  cfg: OptimizerConfig,
  t: number, // 1-based step count for bias correction
  lr: number,
  param: tfTypes.Variable,
  grad: tfTypes.Tensor,
  m: tfTypes.Variable | undefined,
  v: tfTypes.Variable | undefined,
): void {
  tf.tidy(() => {
    if (cfg.name === 'sgd') {
      const g = cfg.weightDecay > 0 ? tf.add(grad, tf.mul(param, cfg.weightDecay)) : grad;
      param.assign(tf.sub(param, tf.mul(g, lr)));
      return;
    }
    if (!m || !v) throw new Error(`${cfg.name} needs moment tensors`);
    let p: tfTypes.Tensor = param;
    let g = grad;
    if (cfg.name === 'adam' && cfg.weightDecay > 0) g = tf.add(g, tf.mul(p, cfg.weightDecay));
    if (cfg.name === 'adamw' && cfg.weightDecay > 0) p = tf.mul(p, 1 - lr * cfg.weightDecay);
    const mNew = tf.add(tf.mul(m, cfg.beta1), tf.mul(g, 1 - cfg.beta1));
    const vNew = tf.add(tf.mul(v, cfg.beta2), tf.mul(tf.square(g), 1 - cfg.beta2));
    const bc1 = 1 - Math.pow(cfg.beta1, t);
    const bc2 = 1 - Math.pow(cfg.beta2, t);
    const denom = tf.add(tf.div(tf.sqrt(vNew), Math.sqrt(bc2)), cfg.epsilon);
    m.assign(mNew);
    v.assign(vNew);
    param.assign(tf.sub(p, tf.mul(tf.div(mNew, denom), lr / bc1)));
  });
}
