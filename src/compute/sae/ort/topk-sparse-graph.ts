import type { Ops } from './ops';

/**
 * TopK's decoder through the k kept latents only (the "sparse decode" form of the step graph,
 * docs/training.md "Architectures"). Same maths as the dense form in loss-graph.ts, fewer FLOPs:
 * f has k non-zeros per row, so
 *   x̂_b   = Σ_{j ∈ idx_b} f_bj W_dec[j] + b_dec           (instead of the dense f W_dec)
 *   ∂f_bj = G_b · W_dec[j]  for j ∈ idx_b only             (instead of the dense G W_decᵀ; ∂pre
 *                                                          is ∂f on the kept entries, 0 elsewhere)
 * Both read the gathered decoder rows W_dec[idx] [B, c, d_in], c of the k columns at a time
 * (CHUNK), so the gathered block stays about B·8·d_in floats. Two [B, d_sae] × [d_sae, d_in]
 * products become ~2·B·k·d_in multiply-adds: measured faster than the GEMMs while k ≤ d_sae/48
 * (bench/sae-step-profile.ts); above that the engine keeps the dense form.
 */
const CHUNK = 8;

/** Sparse decode pays off when k ≤ d_sae / 48 (the measured break-even is about d_sae / 40). */
export function sparseDecodePays(k: number, dSae: number): boolean {
  return k * 48 <= dSae;
}

export interface GatheredRows {
  /** Per chunk: W_dec rows of the kept latents [B, c, d_in] and their activations [B, 1, c]. */
  rows: string[];
  acts: string[];
}

/** Splits idx [B, k] / kept values [B, k] into chunks of CHUNK columns and gathers W_dec rows. */
export function gatherDecoderRows(o: Ops, idx: string, keptValues: string, k: number): GatheredRows {
  const sizes: number[] = [];
  for (let left = k; left > 0; left -= CHUNK) sizes.push(Math.min(CHUNK, left));
  const split = (t: string) => (sizes.length === 1 ? [t] : o.opN('Split', [t, o.int64s(sizes)], sizes.length, { axis: 1 }));
  const idxChunks = split(idx);
  const valChunks = split(keptValues);
  return {
    rows: idxChunks.map((ic) => o.op('Gather', ['W_dec', ic], { axis: 0 })), // [B, c, d_in]
    acts: valChunks.map((vc) => o.op('Unsqueeze', [vc, o.int64s([1])])), // [B, 1, c]
  };
}

/** x̂ = Σ_chunks acts · rows + b_dec   [B, d_in]. */
export function sparseDecode(o: Ops, g: GatheredRows): string {
  let sum = '';
  g.rows.forEach((rows, c) => {
    const part = o.op('MatMul', [g.acts[c] ?? '', rows]); // [B, 1, d_in]
    sum = sum ? o.add(sum, part) : part;
  });
  return o.add(o.op('Squeeze', [sum, o.int64s([1])]), 'b_dec');
}

/** ∂f at the kept entries: rows · G_b   [B, k] (column order of idx). */
export function keptFeatureGradient(o: Ops, g: GatheredRows, G: string): string {
  const G3 = o.op('Unsqueeze', [G, o.int64s([2])]); // [B, d_in, 1]
  const parts = g.rows.map((rows) => o.op('MatMul', [rows, G3])); // [B, c, 1]
  const joined = parts.length === 1 ? (parts[0] ?? '') : o.op('Concat', parts, { axis: 1 });
  return o.op('Squeeze', [joined, o.int64s([2])]);
}
