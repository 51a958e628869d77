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
 * Adam / AdamW follow torch.optim (single-tensor path); weight decay applies to AdamW only
 * (docs/training.md "Optimizers"), so plain Adam is SAELens' Adam:
 *   adamw: p ← p·(1 − lr·wd) (decoupled, before the moment update)
 *   m ← β1·m + (1−β1)·g;  v ← β2·v + (1−β2)·g²
 *   p ← p − (lr / (1−β1ᵗ)) · m / (√v / √(1−β2ᵗ) + ε)
 * sgd: p ← p − lr·g (no momentum, no decay).
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
      param.assign(tf.sub(param, tf.mul(grad, lr)));
      return;
    }
    if (!m || !v) throw new Error(`${cfg.name} needs moment tensors`);
    const g = grad;
    const p: tfTypes.Tensor = cfg.name === 'adamw' && cfg.weightDecay > 0 ? tf.mul(param, 1 - lr * cfg.weightDecay) : param;
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
