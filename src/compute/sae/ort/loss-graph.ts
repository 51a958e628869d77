import type { SaeArchitecture } from '../types';
import { batchTopKActivation, batchTopKInference } from './batchtopk-graph';
import { jumpReluActivation, jumpReluThresholdGradient } from './jumprelu-graph';
import { matryoshkaReconstruction } from './matryoshka-graph';
import type { Ops } from './ops';
import { gatherDecoderRows, keptFeatureGradient, sparseDecode } from './topk-sparse-graph';
import type { GatheredRows } from './topk-sparse-graph';

/**
 * Forward pass, loss, metrics and the hand-derived backward pass of one SAE training step,
 * written as ONNX nodes. Definitions follow SAELens (training_sae.py / topk_sae.py, v6):
 *
 *   xc   = x − b_dec                                   [B, d_in]   (apply_b_dec_to_input)
 *   pre  = xc W_enc + b_enc                            [B, d_sae]  (hidden_pre)
 *   f    = ReLU(pre)                      (standard)
 *        = scatter(TopK(pre, k) → ReLU)   (topk)       [B, d_sae]
 *   x̂    = f W_dec + b_dec                             [B, d_in]
 *   mse  = (1/B) Σ_b Σ_d (x̂ − x)²       (SAELens: mse_loss_fn(reduction='none').sum(-1).mean())
 *   l1   = (1/B) Σ_b Σ_i f_bi ‖W_dec[i]‖  (sparsity = (f · ‖W_dec‖).norm(p=1, dim=-1); f ≥ 0)
 *   standard: loss = mse + λ·l1
 *   topk:     loss = mse + aux, aux = c·scale·(1/B) Σ_b ‖a_b W_dec + b_dec − (x_b − x̂_b)‖²
 *             with a = top-k_aux of where(dead, pre, −∞) scattered (no ReLU), the residual
 *             detached, k_aux = min(kAux, #dead), scale = min(#dead / kAux, 1) (fed as aux_scale = c·scale).
 *
 * Backward (G = ∂L/∂x̂ = 2(x̂ − x)/B, n_i = ‖W_dec[i]‖):
 *   ∂W_dec = fᵀG + (λ/B)·(Σ_b f_bi)·W_dec[i]/n_i  [+ aᵀG_a]
 *   ∂f     = G W_decᵀ + (λ/B)·n                    (λ term standard only)
 *   ∂pre   = ∂f where f > 0 (ReLU′; for TopK also only kept entries, as f = 0 elsewhere)
 *            [+ ∂a gathered at the aux indices: a = pre there, no ReLU]
 *   ∂W_enc = xcᵀ ∂pre;  ∂b_enc = Σ_b ∂pre;  ∂b_dec = Σ_b G [+ Σ_b G_a] − W_enc ∂b_enc
 * JumpReLU (jumprelu-graph.ts) and BatchTopK (batchtopk-graph.ts) change f, add their terms
 * and, for JumpReLU, the gradient of log_threshold; the rest is TopK's path (no L1 term).
 * TopK with sparseDecode computes x̂ and ∂f from the k kept latents' decoder rows only
 * (topk-sparse-graph.ts): the same formulas without the two dense decoder products.
 * Matryoshka is BatchTopK's f with the nested prefix reconstructions of matryoshka-graph.ts in
 * place of the single x̂ (their backward replaces G's; AuxK fits the full residual, as SAELens).
 */
export interface LossGraphConfig {
  architecture: SaeArchitecture;
  k: number;
  /** TopK / BatchTopK: add the AuxK term (inputs dead_mask [d_sae] bool, k_aux [1] int64, aux_scale []). */
  withAux: boolean;
  /** JumpReLU: the STE bandwidth ε. */
  bandwidth: number;
  /** TopK: x̂ and ∂f through the kept latents' decoder rows (topk-sparse-graph.ts) instead of dense products. */
  sparseDecode?: boolean;
  /** Matryoshka: the prefix widths in features, increasing, the last = d_sae. */
  matryoshkaWidths?: readonly number[];
}

export interface LossGraphNames {
  /** Gradients by parameter name (log_threshold for JumpReLU). */
  grads: { W_enc: string; b_enc: string; W_dec: string; b_dec: string; log_threshold?: string; r_mag?: string; b_mag?: string };
  metrics: {
    loss: string;
    mse: string;
    l1: string;
    l0: string;
    explained_variance: string;
    fire_counts: string;
    aux_loss?: string;
    min_positive?: string;
  };
}

export function buildLossAndGradients(o: Ops, cfg: LossGraphConfig): LossGraphNames {
  const B = o.rowsAsFloat('x'); // []
  const xc = o.sub('x', 'b_dec'); // [B, d_in]
  const pre = o.mm(xc, 'W_enc', { c: 'b_enc' }); // [B, d_sae]
  const jump = cfg.architecture === 'jumprelu' ? jumpReluActivation(o, pre) : null;
  const batch = cfg.architecture === 'batchtopk' || cfg.architecture === 'matryoshka' ? batchTopKActivation(o, pre) : null;
  const sparse = cfg.architecture === 'topk' && cfg.sparseDecode ? sparseTopK(o, pre, cfg.k) : null;
  const f =
    jump?.f ??
    batch?.f ??
    sparse?.f ??
    activation(o, pre, { architecture: cfg.architecture === 'standard' ? 'standard' : 'topk', k: cfg.k }); // [B, d_sae]
  const nested = cfg.architecture === 'matryoshka' ? matryoshkaReconstruction(o, f, matryoshkaWidths(cfg), B) : null;
  const xHat = nested ? null : sparse ? sparseDecode(o, sparse.rows) : o.mm(f, 'W_dec', { c: 'b_dec' }); // [B, d_in]
  const diff = nested?.diff ?? o.sub(xHat ?? '', 'x'); // x̂ − x [B, d_in]

  // Metrics.
  const sse = o.sumSquares(diff); // []
  const mse = o.div(sse, B, 'mse');
  const xMean = o.div(o.sum('x', [0], 1), B); // [1, d_in]
  const sst = o.sumSquares(o.sub('x', xMean)); // []
  const ev = o.op(
    'Where',
    [o.op('Greater', [sst, o.scalar(0)]), o.sub(o.scalar(1), o.div(sse, sst)), o.scalar(0)],
    {},
    'explained_variance',
  );
  const norms = o.op('Sqrt', [o.sum(o.mul('W_dec', 'W_dec'), [1])]); // [d_sae]
  const fSum = o.sum(f, [0]); // [d_sae]  Σ_b f_bi
  const l1 = o.div(o.sum(o.mul(fSum, norms), null), B, 'l1'); // []
  const firing = o.op('Cast', [o.op('Greater', [f, o.scalar(0)])], { to: 1 }); // [B, d_sae] 1 where f > 0, else 0
  const fireCounts = o.sum(firing, [0], 0, 'fire_counts'); // [d_sae]
  const l0 = o.div(o.sum(fireCounts, null), B, 'l0');

  // Backward through the reconstruction (Matryoshka: through its nested levels, matryoshka-graph.ts).
  const G = nested ? '' : o.mul(diff, o.div(o.scalar(2), B)); // [B, d_in]
  let dbDec = nested?.dbDec ?? o.sum(G, [0]); // [d_in]
  let dWdec: string;
  let dF: string | null; // [B, d_sae]; not formed by sparse decode
  let loss: string;
  if (cfg.architecture === 'standard') {
    const lambdaOverB = o.div('l1_coefficient', B); // []
    // ∂(Σ f_bi n_i)/∂W_dec[i] = (Σ_b f_bi) · W_dec[i] / n_i; n_i floored so an all-zero row gets 0.
    const rowCoef = o.op('Unsqueeze', [o.div(o.mul(fSum, lambdaOverB), o.op('Max', [norms, o.scalar(1e-30)])), o.int64s([1])]); // [d_sae, 1]
    dWdec = o.mm(f, G, { transA: true, c: o.mul(rowCoef, 'W_dec') }); // [d_sae, d_in]
    dF = o.mm(G, 'W_dec', { transB: true, c: o.mul(norms, lambdaOverB) }); // [B, d_sae]
    loss = o.add(mse, o.mul('l1_coefficient', l1));
  } else if (nested) {
    [dWdec, dF, loss] = [nested.dWdec, nested.dF, o.add(mse, nested.innerMse)];
  } else {
    dWdec = o.mm(f, G, { transA: true }); // [d_sae, d_in]
    dF = sparse ? null : o.mm(G, 'W_dec', { transB: true }); // [B, d_sae]
    // JumpReLU: + λ·L0, L0 = the l0 metric (f > 0 ⇔ pre > θ, as θ > 0).
    loss = jump ? o.add(mse, o.mul('l0_coefficient', l0)) : mse;
  }
  // ∂pre = ∂f where f > 0 (sparse: on the kept entries with a positive value, scattered into zeros).
  let dPre = sparse
    ? o.op(
        'ScatterElements',
        [sparse.zeros, sparse.idx, o.op('Where', [sparse.open, keptFeatureGradient(o, sparse.rows, G), o.scalar(0)])],
        {
          axis: 1,
        },
      )
    : o.mul(dF ?? '', firing); // [B, d_sae]; × the 0/1 mask: ORT's Where costs ~3× this Mul on [4096, 6144] (bench/sae-step-profile.ts)
  const dLogThreshold = jump && dF ? jumpReluThresholdGradient(o, pre, jump.theta, dF, B, cfg.bandwidth) : undefined;

  let auxLoss: string | undefined;
  if (cfg.withAux) {
    const aux = auxK(o, pre, diff, B);
    auxLoss = aux.auxLoss;
    loss = o.add(loss, aux.auxLoss);
    dWdec = o.add(dWdec, aux.dWdec);
    dbDec = o.add(dbDec, aux.dbDec);
    dPre = o.add(dPre, aux.dPre);
  }
  o.op('Identity', [loss], {}, 'loss');

  const dWenc = o.mm(xc, dPre, { transA: true }); // [d_in, d_sae]
  const dbEnc = o.sum(dPre, [0]); // [d_sae]
  // b_dec also enters through xc = x − b_dec: ∂/∂b_dec −= W_enc ∂b_enc.
  const dbDecTotal = o.sub(dbDec, o.op('MatMul', ['W_enc', dbEnc])); // [d_in]
  return {
    grads: { W_enc: dWenc, b_enc: dbEnc, W_dec: dWdec, b_dec: dbDecTotal, ...(dLogThreshold ? { log_threshold: dLogThreshold } : {}) },
    metrics: {
      loss: 'loss',
      mse,
      l1,
      l0,
      explained_variance: ev,
      fire_counts: fireCounts,
      ...(auxLoss ? { aux_loss: auxLoss } : {}),
      ...(batch ? { min_positive: batch.minPositive } : {}),
    },
  };
}

/**
 * f at inference (encode graphs): ReLU; TopK (k largest per row → ReLU → scatter into zeros);
 * JumpReLU at θ = exp(log_threshold); BatchTopK as JumpReLU at its global threshold.
 */
export function activation(o: Ops, pre: string, cfg: { architecture: SaeArchitecture; k: number }): string {
  if (cfg.architecture === 'standard') return o.op('Relu', [pre]);
  if (cfg.architecture === 'jumprelu') return jumpReluActivation(o, pre).f;
  if (cfg.architecture === 'batchtopk' || cfg.architecture === 'matryoshka') return batchTopKInference(o, pre);
  const [vals, idx] = o.opN('TopK', [pre, o.int64s([cfg.k])], 2, { axis: -1, largest: 1, sorted: 0 }); // [B, k]
  if (vals === undefined || idx === undefined) throw new Error('unreachable: TopK has two outputs');
  return o.op('ScatterElements', [o.zerosLike(pre), idx, o.op('Relu', [vals])], { axis: 1 }); // [B, d_sae]
}

/** TopK's f with what sparse decode reuses: indices [B, k], ReLU'd values' positivity, gathered rows. */
function sparseTopK(o: Ops, pre: string, k: number): { f: string; idx: string; open: string; zeros: string; rows: GatheredRows } {
  const [vals, idx] = o.opN('TopK', [pre, o.int64s([k])], 2, { axis: -1, largest: 1, sorted: 0 }); // [B, k]
  if (vals === undefined || idx === undefined) throw new Error('unreachable: TopK has two outputs');
  const kept = o.op('Relu', [vals]); // [B, k]
  const zeros = o.zerosLike(pre);
  const f = o.op('ScatterElements', [zeros, idx, kept], { axis: 1 }); // [B, d_sae]
  return { f, idx, open: o.op('Greater', [kept, o.scalar(0)]), zeros, rows: gatherDecoderRows(o, idx, kept, k) };
}

function matryoshkaWidths(cfg: LossGraphConfig): readonly number[] {
  if (!cfg.matryoshkaWidths?.length) throw new Error('a Matryoshka step graph needs its prefix widths');
  return cfg.matryoshkaWidths;
}

/** AuxK (Gao et al. 2024 as SAELens): dead latents reconstruct the detached residual x − x̂. */
function auxK(o: Ops, pre: string, diff: string, B: string): { auxLoss: string; dWdec: string; dbDec: string; dPre: string } {
  // pre where dead, −∞ elsewhere, as pre + (0 or −∞) per feature: the same values as a [B, d_sae]
  // Where, at the cost of a broadcast Add (ORT's Where is ~3× slower on [4096, 6144]).
  const masked = o.add(pre, o.op('Where', ['dead_mask', o.scalar(0), o.scalar(-Infinity)])); // [B, d_sae]
  const [vals, idx] = o.opN('TopK', [masked, 'k_aux'], 2, { axis: -1, largest: 1, sorted: 0 }); // [B, k_aux]
  if (vals === undefined || idx === undefined) throw new Error('unreachable: TopK has two outputs');
  const zeros = o.zerosLike(pre);
  const a = o.op('ScatterElements', [zeros, idx, vals], { axis: 1 }); // [B, d_sae]
  const recons = o.mm(a, 'W_dec', { c: 'b_dec' }); // [B, d_in]
  const r = o.add(recons, diff); // recons − (x − x̂)   [B, d_in]
  const auxLoss = o.mul('aux_scale', o.div(o.sumSquares(r), B), 'aux_loss'); // []
  const Ga = o.mul(r, o.div(o.mul(o.scalar(2), 'aux_scale'), B)); // [B, d_in]
  const dWdec = o.mm(a, Ga, { transA: true }); // [d_sae, d_in]
  const dbDec = o.sum(Ga, [0]); // [d_in]
  const dA = o.mm(Ga, 'W_dec', { transB: true }); // [B, d_sae]
  const dPre = o.op('ScatterElements', [zeros, idx, o.op('GatherElements', [dA, idx], { axis: 1 })], { axis: 1 }); // [B, d_sae]
  return { auxLoss, dWdec, dbDec, dPre };
}
