import type { Ops } from './ops';

/**
 * Matryoshka reconstruction (Bussmann et al. 2025; as SAELens matryoshka_batchtopk_sae.py) as
 * ONNX nodes, on the BatchTopK code f [B, d_sae]. Prefix widths w_1 < … < w_L = d_sae (graph
 * constants) cut the dictionary into groups g = [w_{g−1}, w_g) (w_0 = 0):
 *   x̂_j  = b_dec + Σ_{g ≤ j} f[:, g] W_dec[g]          [B, d_in]  (the first w_j latents only)
 *   loss = Σ_j (1/B) Σ_b ‖x̂_j − x‖²                   (every level summed, unweighted; j = L is
 *                                                      the full SAE's mse, the inner ones are added)
 * Backward, G_j = 2(x̂_j − x)/B and C_g = Σ_{j ≥ g} G_j (a latent of group g is in the levels
 * j ≥ g, so its gradient is weighted by how many prefixes contain it):
 *   ∂W_dec[g] = f[:, g]ᵀ C_g;  ∂f[:, g] = C_g W_dec[g]ᵀ;  ∂b_dec = Σ_b C_1 (= Σ_j Σ_b G_j)
 * Each group is sliced once, so forward and backward cost what one full-width pass costs.
 */
export interface MatryoshkaNames {
  /** The full reconstruction x̂_L − x [B, d_in] (for the metrics and AuxK's residual). */
  diff: string;
  /** Σ of the inner levels' mse (j < L), []. */
  innerMse: string;
  dWdec: string; // [d_sae, d_in]
  dF: string; // [B, d_sae]
  dbDec: string; // [d_in]
}

export function matryoshkaReconstruction(o: Ops, f: string, widths: readonly number[], B: string): MatryoshkaNames {
  const twoOverB = o.div(o.scalar(2), B); // []
  const groups: { f: string; W: string }[] = [];
  const G: string[] = [];
  const diffs: string[] = [];
  let xHat = 'b_dec';
  let start = 0;
  for (const end of widths) {
    const slice = (t: string, axis: number) => o.op('Slice', [t, o.int64s([start]), o.int64s([end]), o.int64s([axis])]);
    const g = { f: slice(f, 1), W: slice('W_dec', 0) }; // [B, n_g], [n_g, d_in]
    groups.push(g);
    xHat = o.mm(g.f, g.W, { c: xHat }); // x̂_j [B, d_in]
    const diff = o.sub(xHat, 'x');
    diffs.push(diff);
    G.push(o.mul(diff, twoOverB));
    start = end;
  }
  const inner = diffs.slice(0, -1).map((d) => o.sumSquares(d));
  const innerMse =
    inner.length === 0
      ? o.scalar(0)
      : o.div(
          inner.reduce((a, b) => o.add(a, b)),
          B,
        );
  // Suffix sums C_g, from the last group down.
  const C: string[] = new Array<string>(widths.length);
  let acc = '';
  for (let j = widths.length - 1; j >= 0; j--) {
    const Gj = G[j] ?? '';
    acc = acc === '' ? Gj : o.add(acc, Gj);
    C[j] = acc;
  }
  const dWdec = groups.map((g, j) => o.mm(g.f, C[j] ?? '', { transA: true })); // [n_g, d_in] each
  const dF = groups.map((g, j) => o.mm(C[j] ?? '', g.W, { transB: true })); // [B, n_g] each
  const concat = (parts: string[], axis: number) => (parts.length === 1 ? (parts[0] ?? '') : o.op('Concat', parts, { axis }));
  return {
    diff: diffs[diffs.length - 1] ?? '',
    innerMse,
    dWdec: concat(dWdec, 0),
    dF: concat(dF, 1),
    dbDec: o.sum(C[0] ?? '', [0]),
  };
}
