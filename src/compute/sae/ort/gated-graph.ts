import type { LossGraphNames } from './loss-graph';
import type { Ops } from './ops';

/**
 * Gated SAE (Rajamanoharan et al. 2024, "Improving Dictionary Learning with Gated SAEs"; keys
 * and loss as SAELens gated_sae.py) as ONNX nodes with a hand-derived backward. The gate bias
 * b_gate is held in the b_enc slot (exported under its SAELens name); n_i = ‖W_dec[i]‖.
 *   xc     = x − b_dec;  P = xc W_enc                         [B, d_sae]
 *   π_gate = P + b_gate;  gate = H(π_gate)  (no gradient)
 *   π_mag  = P ⊙ exp(r_mag) + b_mag                           (= xc (W_enc ⊙ exp r_mag) + b_mag)
 *   f      = gate ⊙ ReLU(π_mag);  x̂ = f W_dec + b_dec
 *   r      = ReLU(π_gate)
 *   loss   = (1/B)Σ‖x̂ − x‖² + λ (1/B) Σ_b Σ_i r_bi n_i + (1/B) Σ_b ‖r_b W̄_dec + b̄_dec − x_b‖²
 * where W̄_dec, b̄_dec are the decoder frozen for the auxiliary reconstruction (the paper's
 * stop-gradient: the aux term trains the gate path only; SAELens lets it reach the decoder).
 * Backward, G = 2(x̂ − x)/B, Ga = 2(r W_dec + b_dec − x)/B:
 *   ∂π_mag  = (G W_decᵀ) ⊙ gate ⊙ [π_mag > 0]
 *   ∂π_gate = [π_gate > 0] ⊙ (Ga W_decᵀ + (λ/B) n)
 *   ∂b_mag = Σ_b ∂π_mag;  ∂r_mag = Σ_b ∂π_mag ⊙ (π_mag − b_mag);  ∂b_gate = Σ_b ∂π_gate
 *   ∂P = ∂π_mag ⊙ exp(r_mag) + ∂π_gate;  ∂W_enc = xcᵀ ∂P
 *   ∂W_dec = fᵀ G + (λ/B)(Σ_b r_bi) W_dec[i] / n_i;  ∂b_dec = Σ_b G − W_enc Σ_b ∂P
 */
export function buildGatedLossAndGradients(o: Ops): LossGraphNames {
  const B = o.rowsAsFloat('x'); // []
  const xc = o.sub('x', 'b_dec'); // [B, d_in]
  const P = o.mm(xc, 'W_enc'); // [B, d_sae]
  const gatePre = o.add(P, 'b_enc'); // π_gate
  const gateOpen = o.op('Greater', [gatePre, o.scalar(0)]); // bool
  const expR = o.op('Exp', ['r_mag']); // [d_sae]
  const magPre = o.add(o.mul(P, expR), 'b_mag'); // π_mag
  const magOpen = o.op('Greater', [magPre, o.scalar(0)]);
  const firing = o.op('And', [gateOpen, magOpen]); // f > 0
  const f = o.op('Where', [firing, magPre, o.scalar(0)]); // [B, d_sae]
  const xHat = o.mm(f, 'W_dec', { c: 'b_dec' }); // [B, d_in]
  const diff = o.sub(xHat, 'x');
  const r = o.op('Relu', [gatePre]); // [B, d_sae]
  const viaGate = o.sub(o.mm(r, 'W_dec', { c: 'b_dec' }), 'x'); // r W_dec + b_dec − x   [B, d_in]

  // Metrics (l1 = the gate path's sparsity term before λ).
  const sse = o.sumSquares(diff);
  const mse = o.div(sse, B, 'mse');
  const xMean = o.div(o.sum('x', [0], 1), B);
  const sst = o.sumSquares(o.sub('x', xMean));
  const ev = o.op(
    'Where',
    [o.op('Greater', [sst, o.scalar(0)]), o.sub(o.scalar(1), o.div(sse, sst)), o.scalar(0)],
    {},
    'explained_variance',
  );
  const norms = o.op('Sqrt', [o.sum(o.mul('W_dec', 'W_dec'), [1])]); // [d_sae]
  const rSum = o.sum(r, [0]); // [d_sae]
  const l1 = o.div(o.sum(o.mul(rSum, norms), null), B, 'l1');
  const firingMask = o.op('Cast', [firing], { to: 1 }); // [B, d_sae] 0/1
  const fireCounts = o.sum(firingMask, [0], 0, 'fire_counts');
  const l0 = o.div(o.sum(fireCounts, null), B, 'l0');
  const auxLoss = o.div(o.sumSquares(viaGate), B, 'aux_loss');
  o.op('Identity', [o.add(o.add(mse, o.mul('l1_coefficient', l1)), auxLoss)], {}, 'loss');

  const twoOverB = o.div(o.scalar(2), B);
  const lambdaOverB = o.div('l1_coefficient', B);
  const G = o.mul(diff, twoOverB); // [B, d_in]
  const Ga = o.mul(viaGate, twoOverB); // [B, d_in]
  const dMag = o.mul(o.mm(G, 'W_dec', { transB: true }), firingMask); // ∂π_mag (× the 0/1 mask: cheaper than ORT's Where)
  const dGate = o.mul(o.mm(Ga, 'W_dec', { transB: true, c: o.mul(norms, lambdaOverB) }), o.op('Cast', [gateOpen], { to: 1 })); // ∂π_gate
  const dbMag = o.sum(dMag, [0]);
  const drMag = o.sum(o.mul(dMag, o.sub(magPre, 'b_mag')), [0]);
  const dbGate = o.sum(dGate, [0]);
  const dP = o.add(o.mul(dMag, expR), dGate); // [B, d_sae]
  const dWenc = o.mm(xc, dP, { transA: true }); // [d_in, d_sae]
  const rowCoef = o.op('Unsqueeze', [o.div(o.mul(rSum, lambdaOverB), o.op('Max', [norms, o.scalar(1e-30)])), o.int64s([1])]); // [d_sae, 1]
  const dWdec = o.mm(f, G, { transA: true, c: o.mul(rowCoef, 'W_dec') }); // [d_sae, d_in]
  const dbDec = o.sub(o.sum(G, [0]), o.op('MatMul', ['W_enc', o.sum(dP, [0])])); // [d_in]
  return {
    grads: { W_enc: dWenc, b_enc: dbGate, W_dec: dWdec, b_dec: dbDec, r_mag: drMag, b_mag: dbMag },
    metrics: { loss: 'loss', mse, l1, l0, explained_variance: ev, fire_counts: fireCounts, aux_loss: auxLoss },
  };
}

/** Inference: f = H(π_gate) ⊙ ReLU(π_mag) (SAELens GatedSAE.encode). */
export function gatedActivation(o: Ops, xc: string): string {
  const P = o.mm(xc, 'W_enc');
  const open = o.op('Greater', [o.add(P, 'b_enc'), o.scalar(0)]);
  const mag = o.op('Relu', [o.add(o.mul(P, o.op('Exp', ['r_mag'])), 'b_mag')]);
  return o.op('Where', [open, mag, o.scalar(0)]);
}
