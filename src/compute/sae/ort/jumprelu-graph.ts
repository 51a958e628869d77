import type { Ops } from './ops';

/**
 * JumpReLU (Rajamanoharan et al. 2024, "Jumping Ahead"; as SAELens jumprelu_sae.py) as ONNX
 * nodes. θ = exp(log_threshold) [d_sae]; ε = bandwidth; K(u) = 1 if |u| < ½ else 0 (rectangle).
 *   f    = pre · H(pre − θ)                                   [B, d_sae]
 *   L0   = (1/B) Σ_b Σ_i H(pre_bi − θ_i)   (penalty λ·L0, λ fed as l0_coefficient)
 * Straight-through estimators (the paper's pseudo-derivatives; H has none of its own):
 *   ∂f/∂pre = H(pre − θ)                       (no STE into pre; the L0 term gives pre no gradient)
 *   ∂f/∂θ   = −(θ/ε)·K((pre − θ)/ε)            ∂H/∂θ = −(1/ε)·K((pre − θ)/ε)
 * so with ∂f = ∂L/∂f [B, d_sae]:
 *   ∂θ_i        = −(1/ε) Σ_b K_bi · (θ_i ∂f_bi + λ/B)
 *   ∂log θ_i    = θ_i · ∂θ_i
 */
export function jumpReluActivation(o: Ops, pre: string): { f: string; theta: string } {
  const theta = o.op('Exp', ['log_threshold']); // [d_sae]
  const open = o.op('Cast', [o.op('Greater', [pre, theta])], { to: 1 }); // [B, d_sae] 0/1
  return { f: o.mul(pre, open), theta };
}

/** ∂L/∂log_threshold [d_sae] from pre, θ, ∂L/∂f and the batch size B (scalar). */
export function jumpReluThresholdGradient(o: Ops, pre: string, theta: string, dF: string, B: string, bandwidth: number): string {
  const u = o.div(o.sub(pre, theta), o.scalar(bandwidth)); // [B, d_sae]
  const inWindow = o.op('And', [o.op('Greater', [u, o.scalar(-0.5)]), o.op('Less', [u, o.scalar(0.5)])]);
  const K = o.op('Cast', [inWindow], { to: 1 }); // [B, d_sae]
  const KdF = o.sum(o.mul(K, dF), [0]); // [d_sae]  Σ_b K ∂f
  const Ksum = o.sum(K, [0]); // [d_sae]  Σ_b K
  const lambdaOverB = o.div('l0_coefficient', B); // []
  const dTheta = o.div(o.add(o.mul(theta, KdF), o.mul(Ksum, lambdaOverB)), o.scalar(-bandwidth)); // [d_sae]
  return o.mul(theta, dTheta);
}
