import type { BaseParam } from './architectures';
import { decodeDirect, decoderRowNorms, preActivationsDirect, activateDirect } from './math';
import type { SaeShape } from './math';
import type { SaeWeights } from './types';

/** Float64 gradients of the SAE loss, by hand (no aux losses): the reference engines are tested against. */
export interface ReferenceGrad {
  loss: number;
  mse: number;
  l1: number;
  grads: Record<BaseParam, Float64Array>;
}

/**
 * L = (1/B)·Σ‖x̂ − x‖² + λ·(1/B)·Σ_b Σ_i f_bi‖W_dec[i]‖ (λ term for standard only).
 * Backward: dx̂ = 2e/B; dW_dec = fᵀdx̂ (+ λ/B·Σ_b f_bi·W_dec[i]/‖W_dec[i]‖); df = dx̂·W_decᵀ
 * (+ λ/B·‖W_dec[i]‖); dpre = df·[f_bi > 0]; dW_enc = (x − b_dec)ᵀdpre; db_enc = Σ_b dpre;
 * db_dec = Σ_b dx̂ − Σ_b dpre·W_encᵀ.
 */
export function referenceGrad(w: SaeWeights, s: SaeShape, x: Float32Array, n: number, l1Coefficient: number): ReferenceGrad {
  const { dIn, dSae } = s;
  const pre = preActivationsDirect(w, s, x, n); // [n, d_sae]
  const f = activateDirect(pre, s, n); // [n, d_sae]
  const xHat = decodeDirect(w, s, f, n); // [n, d_in]
  const norms = decoderRowNorms(w.W_dec, dSae, dIn); // [d_sae]
  const lam = s.architecture === 'standard' ? l1Coefficient : 0;
  const g = {
    W_enc: new Float64Array(dIn * dSae),
    b_enc: new Float64Array(dSae),
    W_dec: new Float64Array(dSae * dIn),
    b_dec: new Float64Array(dIn),
  };
  let sse = 0;
  let l1 = 0;
  const dxHat = new Float64Array(dIn);
  const dpre = new Float64Array(dSae);
  for (let b = 0; b < n; b++) {
    for (let c = 0; c < dIn; c++) {
      const e = (xHat[b * dIn + c] ?? 0) - (x[b * dIn + c] ?? 0);
      sse += e * e;
      dxHat[c] = (2 * e) / n;
      g.b_dec[c] = (g.b_dec[c] ?? 0) + (dxHat[c] ?? 0);
    }
    for (let i = 0; i < dSae; i++) {
      const fi = f[b * dSae + i] ?? 0;
      const ni = norms[i] ?? 0;
      l1 += fi * ni;
      let df = (lam * ni) / n;
      for (let c = 0; c < dIn; c++) {
        df += (dxHat[c] ?? 0) * (w.W_dec[i * dIn + c] ?? 0);
        let gw = fi * (dxHat[c] ?? 0);
        if (lam !== 0 && ni > 0) gw += ((lam / n) * fi * (w.W_dec[i * dIn + c] ?? 0)) / ni;
        g.W_dec[i * dIn + c] = (g.W_dec[i * dIn + c] ?? 0) + gw;
      }
      dpre[i] = fi > 0 ? df : 0;
      g.b_enc[i] = (g.b_enc[i] ?? 0) + (dpre[i] ?? 0);
    }
    for (let c = 0; c < dIn; c++) {
      const xc = (x[b * dIn + c] ?? 0) - (w.b_dec[c] ?? 0);
      let back = 0;
      for (let i = 0; i < dSae; i++) {
        g.W_enc[c * dSae + i] = (g.W_enc[c * dSae + i] ?? 0) + xc * (dpre[i] ?? 0);
        back += (dpre[i] ?? 0) * (w.W_enc[c * dSae + i] ?? 0);
      }
      g.b_dec[c] = (g.b_dec[c] ?? 0) - back;
    }
  }
  const mse = sse / n;
  return { loss: mse + lam * (l1 / n), mse, l1: l1 / n, grads: g };
}

/** torch.optim.Adam step (float64) on one parameter, for tests: returns the new p, m, v. */
export function referenceAdam(
  p: ArrayLike<number>,
  g: ArrayLike<number>,
  m: ArrayLike<number>,
  v: ArrayLike<number>,
  t: number,
  lr: number,
  b1: number,
  b2: number,
  eps: number,
) {
  const n = p.length;
  const P = new Float64Array(n);
  const M = new Float64Array(n);
  const V = new Float64Array(n);
  const bc1 = 1 - b1 ** t;
  const bc2 = 1 - b2 ** t;
  for (let i = 0; i < n; i++) {
    const gi = g[i] ?? 0;
    M[i] = b1 * (m[i] ?? 0) + (1 - b1) * gi;
    V[i] = b2 * (v[i] ?? 0) + (1 - b2) * gi * gi;
    P[i] = (p[i] ?? 0) - ((lr / bc1) * (M[i] ?? 0)) / (Math.sqrt(V[i] ?? 0) / Math.sqrt(bc2) + eps);
  }
  return { p: P, m: M, v: V };
}
