import { activateDirect, decodeDirect, preActivationsDirect } from './math';
import type { SaeShape, WeightsLike } from './math';

/**
 * Float64 references for the auxiliary losses, with every detached quantity (the ones the
 * engines stop gradients through) computed from frozen weights `w0`; the trainable path uses
 * `w`. With w = w0 they give the loss value; finite differences in `w` give the gradient.
 */
function frozenForward(w0: WeightsLike, s: SaeShape, x: Float32Array, n: number) {
  const pre0 = preActivationsDirect(w0, s, x, n); // [n, d_sae]
  const xHat0 = decodeDirect(w0, s, activateDirect(pre0, s, n), n); // [n, d_in]
  const residual0 = Float64Array.from(xHat0, (v, i) => (x[i] ?? 0) - v); // [n, d_in]
  return { pre0, residual0 };
}

/** SAELens TopK AuxK: coef · min(#dead/k_aux, 1) · mean_b Σ_d (decode(top-k_aux dead pre) − residual)². */
export function auxKLossDirect(
  w: WeightsLike,
  w0: WeightsLike,
  s: SaeShape,
  x: Float32Array,
  n: number,
  dead: Uint8Array,
  coef: number,
  kAuxBase: number,
): number {
  const { dSae, dIn } = s;
  const deadIdx = [...dead.keys()].filter((j) => dead[j]);
  if (deadIdx.length === 0) return 0;
  const kAux = Math.min(kAuxBase, deadIdx.length);
  const scale = Math.min(deadIdx.length / kAuxBase, 1);
  const { pre0, residual0 } = frozenForward(w0, s, x, n);
  const pre = preActivationsDirect(w, s, x, n);
  const aux = new Float64Array(n * dSae);
  for (let r = 0; r < n; r++) {
    const chosen = [...deadIdx].sort((a, b) => (pre0[r * dSae + b] ?? 0) - (pre0[r * dSae + a] ?? 0)).slice(0, kAux);
    for (const j of chosen) aux[r * dSae + j] = pre[r * dSae + j] ?? 0;
  }
  const recons = decodeDirect(w, s, aux, n);
  let sse = 0;
  for (let i = 0; i < n * dIn; i++) sse += ((recons[i] ?? 0) - (residual0[i] ?? 0)) ** 2;
  return (coef * scale * sse) / n;
}

/** SAELens ≤ 3 ghost-gradient loss (see tfjs/forward.ts ghostGradLoss). */
export function ghostLossDirect(w: WeightsLike, w0: WeightsLike, s: SaeShape, x: Float32Array, n: number, dead: Uint8Array): number {
  const { dSae, dIn } = s;
  const { pre0, residual0 } = frozenForward(w0, s, x, n);
  const ghost = (ww: WeightsLike, pre: Float64Array) => {
    const acts = pre.map((v, i) => (dead[i % dSae] ? Math.exp(v) : 0)); // [n, d_sae]
    const out = decodeDirect({ ...ww, b_dec: new Float64Array(dIn) }, s, acts, n); // [n, d_in], no bias
    return out;
  };
  const g0 = ghost(w0, pre0);
  const g = ghost(w, preActivationsDirect(w, s, x, n));
  let total = 0;
  for (let r = 0; r < n; r++) {
    let rn = 0;
    let gn = 0;
    for (let c = 0; c < dIn; c++) {
      rn += (residual0[r * dIn + c] ?? 0) ** 2;
      gn += (g0[r * dIn + c] ?? 0) ** 2;
    }
    const scale0 = Math.sqrt(rn) / (2 * Math.sqrt(gn) + 1e-6);
    for (let c = 0; c < dIn; c++) {
      const i = r * dIn + c;
      const sqErr0 = (residual0[i] ?? 0) ** 2;
      const ghostErr0 = ((g0[i] ?? 0) * scale0 - (residual0[i] ?? 0)) ** 2;
      const factor0 = sqErr0 / (ghostErr0 + 1e-6);
      total += factor0 * ((g[i] ?? 0) * scale0 - (residual0[i] ?? 0)) ** 2;
    }
  }
  return total / (n * dIn);
}
