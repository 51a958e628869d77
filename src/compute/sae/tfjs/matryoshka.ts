import type * as tfTypes from '@tensorflow/tfjs';

type Tf = typeof tfTypes;
type T1 = tfTypes.Tensor1D;
type T2 = tfTypes.Tensor2D;

/**
 * Matryoshka's inner levels (Bussmann et al. 2025; SAELens matryoshka_batchtopk_sae.py): for each
 * prefix width w_j < d_sae, the reconstruction from the first w_j latents of the BatchTopK code f
 * [batch, d_sae], x̂_j = f[:, :w_j] W_dec[:w_j] + b_dec, and its mse (Σ over d_in, mean over the
 * batch). Returns Σ_j of those mses, []: the full level's mse is the caller's (every level summed,
 * unweighted). Built group by group (x̂_j = x̂_{j−1} + f[:, g] W_dec[g]) so the cost is one pass.
 * Autograd gives the gradient (the ort engine's hand-derived one: ../ort/matryoshka-graph.ts).
 */
export function innerPrefixMse(
  tf: Tf,
  mm: (a: T2, b: T2) => T2,
  p: { W_dec: T2; b_dec: T1 },
  f: T2,
  x: T2,
  widths: readonly number[],
): tfTypes.Scalar {
  const n = x.shape[0];
  let total = tf.scalar(0);
  let xHat: tfTypes.Tensor = p.b_dec;
  let start = 0;
  for (const end of widths.slice(0, -1)) {
    const fg = tf.slice(f, [0, start], [-1, end - start]); // [batch, n_g]
    const wg = tf.slice(p.W_dec, [start, 0], [end - start, -1]); // [n_g, d_in]
    xHat = tf.add(xHat, mm(fg, wg)); // x̂_j [batch, d_in]
    total = tf.add(total, tf.div(tf.sum(tf.square(tf.sub(xHat, x))), n));
    start = end;
  }
  return total;
}
