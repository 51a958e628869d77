import { DataType } from '../../onnx';
import type { Ops } from './ops';
import type { OptimizerName } from '../types';

/**
 * The optimizer update as ONNX nodes, bit-for-bit the arithmetic order of torch.optim
 * (1.13+, single-tensor path). Weight decay applies to AdamW only (docs/training.md
 * "Optimizers"): plain Adam is SAELens' Adam, with no L2 term.
 *   adamw: p ← p·(1 − lr·wd)                                  (decoupled)
 *   adam/adamw: m ← β1 m + (1 − β1) g;  v ← β2 v + (1 − β2) g²
 *              denom = √v / √(1 − β2ᵗ) + ε;  p ← p − (lr / (1 − β1ᵗ)) · m / denom
 *   sgd:   p ← p − lr·g                                       (no momentum, no decay)
 * Inputs per step: lr [], t [] (1-based step, float). Moments are graph inputs m_<p>, v_<p>;
 * updated values are outputs <p>_next, m_<p>_next, v_<p>_next.
 */
export interface OptimizerConfig {
  optimizer: OptimizerName;
  beta1: number;
  beta2: number;
  epsilon: number;
  weightDecay: number;
}

export function momentNames(param: string): { m: string; v: string } {
  return { m: `m_${param}`, v: `v_${param}` };
}

export function nextName(name: string): string {
  return `${name}_next`;
}

/** Adds the update of `param` (gradient `grad`) to the graph. */
export function addOptimizerUpdate(o: Ops, cfg: OptimizerConfig, param: string, grad: string, shared: BiasCorrection | null): void {
  if (cfg.optimizer === 'sgd') {
    o.sub(param, o.mul(grad, 'lr'), nextName(param));
    return;
  }
  if (!shared) throw new Error('Adam needs the bias-correction terms');
  const g = grad;
  const p = cfg.optimizer === 'adamw' && cfg.weightDecay > 0 ? o.mul(param, shared.decay) : param;
  const { m, v } = momentNames(param);
  const mNext = o.add(o.mul(m, o.scalar(cfg.beta1)), o.mul(g, o.scalar(1 - cfg.beta1)), nextName(m));
  const vNext = o.add(o.mul(v, o.scalar(cfg.beta2)), o.mul(o.mul(g, g), o.scalar(1 - cfg.beta2)), nextName(v));
  const denom = o.add(o.div(o.op('Sqrt', [vNext]), shared.bc2Sqrt), o.scalar(cfg.epsilon));
  o.sub(p, o.mul(o.div(mNext, denom), shared.stepSize), nextName(param));
}

/** Per-step scalars shared by all parameters. */
export interface BiasCorrection {
  stepSize: string; // lr / (1 − β1ᵗ)
  bc2Sqrt: string; // √(1 − β2ᵗ)
  decay: string; // 1 − lr·wd (AdamW)
}

/** In float64 then rounded to float32, as torch computes these scalars in Python. */
export function addBiasCorrection(o: Ops, cfg: OptimizerConfig): BiasCorrection | null {
  if (cfg.optimizer === 'sgd') return null;
  const one = o.double(1);
  const toDouble = (x: string) => o.op('Cast', [x], { to: DataType.DOUBLE });
  const toFloat = (x: string) => o.op('Cast', [x], { to: DataType.FLOAT });
  const t = toDouble('t');
  const lr = toDouble('lr');
  const bc1 = o.sub(one, o.op('Pow', [o.double(cfg.beta1), t]));
  const bc2 = o.sub(one, o.op('Pow', [o.double(cfg.beta2), t]));
  return {
    stepSize: toFloat(o.div(lr, bc1)),
    bc2Sqrt: toFloat(o.op('Sqrt', [bc2])),
    decay: toFloat(o.sub(one, o.mul(lr, o.double(cfg.weightDecay)))),
  };
}
