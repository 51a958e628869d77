/**
 * Per-position next-token losses from logits rows (float64): what the ablation compares token by
 * token. Units: nats.
 */

/** log Σ exp(z) of logits[off … off + vocab). */
export function logSumExp(logits: Float32Array, off: number, vocab: number): number {
  let max = -Infinity;
  for (let i = 0; i < vocab; i++) if (logits[off + i]! > max) max = logits[off + i]!;
  let sum = 0;
  for (let i = 0; i < vocab; i++) sum += Math.exp(logits[off + i]! - max);
  return max + Math.log(sum);
}

/** CE of `target` under one logits row: lse − z[target]. */
export function tokenCe(logits: Float32Array, off: number, vocab: number, target: number): number {
  return logSumExp(logits, off, vocab) - logits[off + target]!;
}

/** KL(p ‖ q) of two logits rows (p: baseline, q: ablated). */
export function tokenKl(p: Float32Array, q: Float32Array, off: number, vocab: number): number {
  const lp = logSumExp(p, off, vocab);
  const lq = logSumExp(q, off, vocab);
  let kl = 0;
  for (let i = 0; i < vocab; i++) {
    const a = p[off + i]! - lp;
    kl += Math.exp(a) * (a - (q[off + i]! - lq));
  }
  return Math.max(0, kl);
}
