import type { SaeHyperparameters } from './types';

export interface ScheduleOptions {
  /** Final learning rate for linear/cosine (SAELens lr_end); default 0 (linear) / lr/10 (cosine). */
  lrEnd?: number;
  /** Exponential: factor reached at the last step (lr · finalFactor); default 0.01. */
  finalFactor?: number;
}

/**
 * Learning rate used by optimizer step `step` (0-based), SAELens semantics:
 * warm-up = torch LinearLR(start 1/W, end 1, total_iters W−1) ⇒ lr·(step+1)/W for step < W;
 * then the main schedule over t = step − W ∈ [0, T − W):
 *  constant: lr; linear: lr → lrEnd; cosine: CosineAnnealingLR(T_max = T − W, eta_min = lrEnd);
 *  exponential: lr·γᵗ with γ chosen so the last step reaches lr·finalFactor.
 */
export function learningRateAt(
  step: number,
  hp: Pick<SaeHyperparameters, 'learningRate' | 'lrSchedule' | 'lrWarmupSteps' | 'totalSteps'>,
  opts: ScheduleOptions = {},
): number {
  const lr = hp.learningRate;
  const W = Math.max(0, Math.floor(hp.lrWarmupSteps));
  if (step < W) return (lr * (step + 1)) / W;
  const span = Math.max(1, hp.totalSteps - W);
  const t = Math.min(step - W, span);
  switch (hp.lrSchedule) {
    case 'constant':
      return lr;
    case 'linear': {
      const end = opts.lrEnd ?? 0;
      return lr + (end - lr) * (t / span);
    }
    case 'cosine': {
      const end = opts.lrEnd ?? lr / 10;
      return end + ((lr - end) * (1 + Math.cos((Math.PI * t) / span))) / 2;
    }
    case 'exponential': {
      const gamma = Math.pow(opts.finalFactor ?? 0.01, 1 / Math.max(1, span - 1));
      return lr * Math.pow(gamma, t);
    }
  }
}

/**
 * Sparsity coefficient used by step `step`, SAELens CoefficientScheduler semantics: the value is
 * read before the scheduler steps and starts at 0, so step s uses λ·min(s, W)/W. λ is the L1
 * coefficient, or for JumpReLU the L0 coefficient (warmed up over the same l1WarmupSteps).
 */
export function l1CoefficientAt(
  step: number,
  hp: Pick<SaeHyperparameters, 'l1Coefficient' | 'l1WarmupSteps'> & Partial<Pick<SaeHyperparameters, 'architecture' | 'l0Coefficient'>>,
): number {
  const lambda = hp.architecture === 'jumprelu' ? (hp.l0Coefficient ?? 1) : hp.l1Coefficient;
  const W = Math.max(0, Math.floor(hp.l1WarmupSteps));
  if (W === 0) return lambda;
  return (lambda * Math.min(step, W)) / W;
}
