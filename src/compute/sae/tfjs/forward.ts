import type * as tfTypes from '@tensorflow/tfjs';
import type { SaeArchitecture } from '../types';
import { batchTopKInference, batchTopKMask } from './batchtopk';
import { isBatchTopKFamily } from '../architectures';
import { jumpRelu, jumpStep } from './jumprelu';
import { innerPrefixMse } from './matryoshka';

type Tf = typeof tfTypes;
type T1 = tfTypes.Tensor1D;
type T2 = tfTypes.Tensor2D;
type Scalar = tfTypes.Scalar;
type MatMul = (a: T2, b: T2) => T2;
/** The two matmul forms: `mm` (gradients for both operands), `data` (no gradient for the left). */
export interface MatMuls {
  mm: MatMul;
  data: MatMul;
}

export interface SaeParams {
  W_enc: T2; // [d_in, d_sae]
  b_enc: T1; // [d_sae]
  W_dec: T2; // [d_sae, d_in]
  b_dec: T1; // [d_in]
  log_threshold?: T1; // [d_sae], JumpReLU
  r_mag?: T1; // [d_sae], Gated (b_enc is then the gate bias b_gate)
  b_mag?: T1; // [d_sae], Gated
}

export interface LossConfig {
  architecture: SaeArchitecture;
  k: number;
  /** The sparsity coefficient: λ of L1 (standard) or of L0 (JumpReLU). */
  l1Coefficient: number;
  /** JumpReLU STE bandwidth ε. */
  bandwidth: number;
  /** [d_sae] 1 = dead (for ghost grads / AuxK); null when none are dead. */
  deadMask: tfTypes.Tensor1D | null;
  numDead: number;
  ghostGradients: boolean;
  auxKCoefficient: number;
  kAux: number;
  /** Matryoshka: the prefix widths in features, increasing, the last = d_sae. */
  matryoshkaWidths?: readonly number[];
}

export interface ForwardOut {
  loss: Scalar;
  mse: Scalar;
  l1: Scalar;
  aux: Scalar;
  f: T2; // [batch, d_sae]
  xHat: T2; // [batch, d_in]
}

/**
 * fn(inputs) with a zero gradient to every input (tfjs has no stopGradient). fn runs inside
 * a kernel, off the tape, so neither its non-differentiable ops (TopK) nor its singular
 * points (the gradient of ‖0‖) are ever differentiated.
 */
export function detached(tf: Tf, fn: (...xs: tfTypes.Tensor[]) => tfTypes.Tensor, ...inputs: tfTypes.Tensor[]): tfTypes.Tensor {
  const g = tf.customGrad((...args) => {
    const xs = args.slice(0, inputs.length) as tfTypes.Tensor[];
    return { value: fn(...xs), gradFunc: () => xs.map((x) => tf.zerosLike(x)) };
  });
  return g(...inputs);
}

/** 1 where pre is among the k largest of its row, else 0 (ties at the k-th value all kept). */
export function topkMask(tf: Tf, pre: T2, k: number): T2 {
  const kth = tf.min(tf.topk(pre, k).values, 1, true); // [batch, 1]
  return tf.cast(tf.greaterEqual(pre, kth), 'float32') as T2; // [batch, d_sae]
}

/**
 * Encoder pre-activations and activations, SAELens semantics (apply_b_dec_to_input).
 * `training` picks BatchTopK's (and Matryoshka's) batch-wide top k·B; otherwise its inference form
 * at `topkThreshold`. JumpReLU uses θ = exp(log_threshold) with the STE of ./jumprelu.ts.
 */
export function encode(
  tf: Tf,
  mms: MatMuls,
  p: SaeParams,
  x: T2,
  architecture: SaeArchitecture,
  k: number,
  o: { training?: boolean; topkThreshold?: number; bandwidth?: number } = {},
): { pre: T2; f: T2; gatePre?: T2 } {
  // (x − b_dec)·W_enc written as x·W_enc − b_dec·W_enc: the batch needs no gradient, so the
  // [batch, d_sae]·W_encᵀ product of the backward pass is replaced by a [1, d_sae] one.
  const bDecProj = mms.mm(tf.reshape(p.b_dec, [1, -1]), p.W_enc); // [1, d_sae]
  if (architecture === 'gated') return gatedEncode(tf, p, tf.sub(mms.data(x, p.W_enc), bDecProj) as T2);
  const pre = tf.add(tf.sub(mms.data(x, p.W_enc), bDecProj), p.b_enc) as T2; // [batch, d_sae]
  if (architecture === 'standard') return { pre, f: tf.relu(pre) };
  if (architecture === 'jumprelu') {
    if (!p.log_threshold) throw new Error('JumpReLU SAE without log_threshold');
    return { pre, f: jumpRelu(tf, pre, tf.exp(p.log_threshold) as T1, o.bandwidth ?? 0.001) };
  }
  if (isBatchTopKFamily(architecture)) {
    if (!o.training) return { pre, f: batchTopKInference(tf, pre, o.topkThreshold ?? 0) };
    const batchMask = detached(tf, (t) => batchTopKMask(tf, t as T2, k), pre) as T2; // [batch, d_sae]
    return { pre, f: tf.mul(tf.relu(pre), batchMask) };
  }
  const mask = detached(tf, (t) => topkMask(tf, t as T2, k), pre) as T2; // [batch, d_sae]
  return { pre, f: tf.mul(tf.relu(pre), mask) };
}

/**
 * Gated encoder (SAELens GatedTrainingSAE.encode_with_hidden_pre), from P = (x − b_dec) W_enc:
 * π_gate = P + b_gate, π_mag = P ⊙ exp(r_mag) + b_mag, f = H(π_gate) ⊙ ReLU(π_mag). The gate
 * H has no gradient (a constant here). `pre` is π_mag, as SAELens's hidden_pre.
 */
function gatedEncode(tf: Tf, p: SaeParams, P: T2): { pre: T2; f: T2; gatePre: T2 } {
  if (!p.r_mag || !p.b_mag) throw new Error('Gated SAE without r_mag / b_mag');
  const gatePre = tf.add(P, p.b_enc) as T2;
  const gate = detached(tf, (g) => tf.cast(tf.greater(g, 0), 'float32'), gatePre) as T2;
  const pre = tf.add(tf.mul(P, tf.exp(p.r_mag)), p.b_mag) as T2;
  return { pre, f: tf.mul(gate, tf.relu(pre)) as T2, gatePre };
}

export function decode(tf: Tf, mm: MatMul, p: SaeParams, f: T2): T2 {
  return tf.add(mm(f, p.W_dec), p.b_dec); // [batch, d_in]
}

/**
 * Training loss: MSE (Σ over d_in, mean over batch) + λ·L1 (standard), λ·L0 (JumpReLU) or AuxK
 * (topk, batchtopk, matryoshka); Matryoshka adds its inner prefix levels' mse (./matryoshka.ts).
 */
export function trainingForward(tf: Tf, mms: MatMuls, p: SaeParams, x: T2, c: LossConfig): ForwardOut {
  const mm = mms.mm;
  const n = x.shape[0];
  const { pre, f, gatePre } = encode(tf, mms, p, x, c.architecture, c.k, { training: true, bandwidth: c.bandwidth });
  const xHat = decode(tf, mm, p, f); // [batch, d_in]
  const sqErr = tf.square(tf.sub(xHat, x)) as T2; // [batch, d_in]
  const mse = tf.div(tf.sum(sqErr), n) as Scalar;
  let l1 = tf.scalar(0);
  let aux = tf.scalar(0);
  let loss: Scalar = mse;
  if (c.architecture === 'standard') {
    const decNorm = tf.norm(p.W_dec, 'euclidean', 1); // [d_sae]
    l1 = tf.div(tf.sum(tf.mul(f, decNorm)), n) as Scalar;
    loss = tf.add(loss, tf.mul(l1, c.l1Coefficient));
    if (c.ghostGradients && c.deadMask && c.numDead > 0) aux = ghostGradLoss(tf, mm, p, x, xHat, sqErr, pre, c.deadMask);
  } else if (c.architecture === 'gated' && gatePre) {
    // λ·(gate path's L1, weighted by ‖W_dec[i]‖) + reconstruction from ReLU(π_gate) through a frozen decoder.
    const r = tf.relu(gatePre) as T2;
    l1 = tf.div(tf.sum(tf.mul(r, tf.norm(p.W_dec, 'euclidean', 1))), n) as Scalar;
    const frozen = { ...p, W_dec: detached(tf, (w) => tf.clone(w), p.W_dec) as T2, b_dec: detached(tf, (b) => tf.clone(b), p.b_dec) as T1 };
    aux = tf.div(tf.sum(tf.square(tf.sub(decode(tf, mm, frozen, r), x))), n) as Scalar;
    loss = tf.add(loss, tf.mul(l1, c.l1Coefficient));
  } else if (c.architecture === 'jumprelu') {
    // L0 = mean over tokens of Σ_i H(pre − θ); its only gradient is the STE into θ.
    const theta = tf.exp(p.log_threshold as T1) as T1;
    loss = tf.add(loss, tf.mul(tf.div(tf.sum(jumpStep(tf, pre, theta, c.bandwidth)), n), c.l1Coefficient));
  } else if (c.deadMask && c.numDead > 0 && c.auxKCoefficient > 0) {
    aux = auxKLoss(tf, mm, p, x, xHat, pre, c);
  }
  if (c.architecture === 'matryoshka') loss = tf.add(loss, innerPrefixMse(tf, mm, p, f, x, c.matryoshkaWidths ?? []));
  loss = tf.add(loss, aux);
  return { loss, mse, l1, aux, f, xHat };
}

/** SAELens ≤ 3 ghost grads: exp-activated dead features fit the residual, rescaled. */
function ghostGradLoss(tf: Tf, mm: MatMul, p: SaeParams, x: T2, xHat: T2, sqErr: T2, pre: T2, dead: T1): Scalar {
  const residual = detached(tf, (h) => tf.sub(x, h), xHat); // [batch, d_in]
  const ghostActs = tf.mul(tf.exp(tf.mul(pre, dead)), dead) as T2; // [batch, d_sae], dead only
  const ghostRaw = mm(ghostActs, p.W_dec); // [batch, d_in]
  const scale = detached(
    tf,
    (r, g) => tf.div(tf.norm(r, 'euclidean', 1, true), tf.add(tf.mul(tf.norm(g, 'euclidean', 1, true), 2), 1e-6)),
    residual,
    ghostRaw,
  ); // [batch, 1]
  const ghostErr = tf.square(tf.sub(tf.mul(ghostRaw, scale), residual)); // [batch, d_in]
  const factor = detached(tf, (e, g) => tf.div(e, tf.add(g, 1e-6)), sqErr, ghostErr); // [batch, d_in]
  return tf.mean(tf.mul(factor, ghostErr)) as Scalar;
}

/** SAELens TopK AuxK: the top k_aux dead latents reconstruct the live residual. */
function auxKLoss(tf: Tf, mm: MatMul, p: SaeParams, x: T2, xHat: T2, pre: T2, c: LossConfig): Scalar {
  const dead = c.deadMask as T1;
  const kAux = Math.min(c.kAux, c.numDead);
  const scale = Math.min(c.numDead / c.kAux, 1);
  const mask = detached(
    tf,
    (t) => {
      const deadOnly = tf.where(tf.cast(dead, 'bool'), t, tf.fill(t.shape, -Infinity)) as T2; // [batch, d_sae]
      return tf.mul(topkMask(tf, deadOnly, kAux), dead);
    },
    pre,
  ) as T2;
  const auxActs = tf.mul(pre, mask) as T2; // [batch, d_sae]; SAELens keeps raw (un-ReLU'd) values
  const recons = decode(tf, mm, p, auxActs); // [batch, d_in]
  const residual = detached(tf, (h) => tf.sub(x, h), xHat); // [batch, d_in]
  const l = tf.div(tf.sum(tf.square(tf.sub(recons, residual))), x.shape[0]);
  return tf.mul(l, c.auxKCoefficient * scale) as Scalar;
}
