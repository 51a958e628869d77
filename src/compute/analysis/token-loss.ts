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

/**
 * Baseline CE, ablated CE and KL(baseline ‖ ablated) of one position in one sweep per row:
 * the baseline row's exp(z − max) is kept in `scratch` [vocab] during its log-sum-exp, so the KL
 *   Σ p_i (log p_i − log q_i),  p_i = e_i / S,  log p_i − log q_i = (z_i − lse_p) − (z'_i − lse_q)
 * needs no further exp: two exp passes per position (one per row), not five.
 */
export function positionLosses(
  base: Float32Array,
  bOff: number,
  abl: Float32Array,
  aOff: number,
  vocab: number,
  target: number,
  scratch: Float64Array,
): { ceBaseline: number; ceAblated: number; kl: number } {
  let max = -Infinity;
  for (let i = 0; i < vocab; i++) if (base[bOff + i]! > max) max = base[bOff + i]!;
  let sum = 0;
  for (let i = 0; i < vocab; i++) {
    const e = Math.exp(base[bOff + i]! - max);
    scratch[i] = e;
    sum += e;
  }
  const lseP = max + Math.log(sum);
  const lseQ = logSumExp(abl, aOff, vocab);
  let kl = 0;
  for (let i = 0; i < vocab; i++) kl += scratch[i]! * (base[bOff + i]! - lseP - abl[aOff + i]! + lseQ);
  return { ceBaseline: lseP - base[bOff + target]!, ceAblated: lseQ - abl[aOff + target]!, kl: Math.max(0, kl / sum) };
}
