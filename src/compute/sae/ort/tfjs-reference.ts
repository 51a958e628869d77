import * as tf from '@tensorflow/tfjs';
import type { SaeHyperparameters, SaeWeights } from '../types';

/**
 * One SAE training step with tfjs autograd (test reference for the hand-derived ort graph):
 * the same SAELens loss written directly, gradients by tf.variableGrads, and the torch.optim
 * update applied by hand in float64. TopK keeps entries ≥ the k-th largest (no ties in random data).
 */
export interface ReferenceStep {
  weights: SaeWeights;
  moments: { m: SaeWeights; v: SaeWeights } | null;
  grads: SaeWeights;
}

const NAMES = ['W_enc', 'b_enc', 'W_dec', 'b_dec'] as const;

export function tfjsReferenceStep(
  hp: SaeHyperparameters,
  w: SaeWeights,
  moments: { m: SaeWeights; v: SaeWeights } | null,
  x: Float32Array,
  n: number,
  o: { lr: number; l1: number; t: number; dead?: Uint8Array; kAux?: number; auxScale?: number },
): ReferenceStep {
  const dIn = hp.dIn;
  const dSae = hp.expansionFactor * dIn;
  let computed: SaeWeights | null = null;
  tf.tidy(() => {
    const vars = {
      W_enc: tf.variable(tf.tensor2d(w.W_enc, [dIn, dSae])),
      b_enc: tf.variable(tf.tensor1d(w.b_enc)),
      W_dec: tf.variable(tf.tensor2d(w.W_dec, [dSae, dIn])),
      b_dec: tf.variable(tf.tensor1d(w.b_dec)),
    };
    const xt = tf.tensor2d(x, [n, dIn]);
    const keepMask = (scores: tf.Tensor2D, k: number) => {
      const thr = tf.topk(scores, k).values.min(1, true); // [n, 1]
      return tf.greaterEqual(scores, thr).toFloat(); // [n, d_sae]
    };
    const preOf = () => tf.add(tf.matMul(tf.sub(xt, vars.b_dec), vars.W_enc), vars.b_enc) as tf.Tensor2D; // [n, d_sae]
    // Which entries TopK keeps is decided outside the tape (constants; gradient flows only through them).
    const keep = hp.architecture === 'topk' ? keepMask(preOf(), hp.k) : null;
    const deadT = tf.tensor1d(Array.from(o.dead ?? []), 'bool');
    const auxKeep =
      o.dead && o.kAux
        ? keepMask(tf.where(deadT, preOf(), tf.fill([n, dSae], -Infinity)) as tf.Tensor2D, o.kAux).mul(deadT.toFloat())
        : null;
    const forward = () => {
      const pre = preOf();
      const relu = tf.relu(pre);
      const f = keep ? tf.mul(relu, keep) : relu;
      const xHat = tf.add(tf.matMul(f, vars.W_dec), vars.b_dec); // [n, d_in]
      return { pre, f, xHat };
    };
    const residual = tf.sub(xt, forward().xHat); // detached: computed outside the gradient tape
    const lossFn = () => {
      const { pre, f, xHat } = forward();
      const mse = tf.div(tf.sum(tf.square(tf.sub(xHat, xt))), n);
      if (hp.architecture === 'standard') {
        const norms = tf.sqrt(tf.sum(tf.square(vars.W_dec), 1)); // [d_sae]
        return tf.add(mse, tf.mul(o.l1, tf.div(tf.sum(tf.mul(f, norms)), n))) as tf.Scalar;
      }
      if (!auxKeep || !o.auxScale) return mse as tf.Scalar;
      const a = tf.mul(pre, auxKeep);
      const rec = tf.add(tf.matMul(a, vars.W_dec), vars.b_dec);
      const aux = tf.div(tf.sum(tf.square(tf.sub(rec, residual))), n);
      return tf.add(mse, tf.mul(o.auxScale, aux)) as tf.Scalar;
    };
    const { grads: g } = tf.variableGrads(lossFn, Object.values(vars));
    const out = {} as SaeWeights;
    for (const name of NAMES) {
      const gt = g[vars[name].name];
      if (!gt) throw new Error(`no gradient for ${name}`);
      out[name] = gt.dataSync() as Float32Array;
    }
    for (const v of Object.values(vars)) v.dispose();
    computed = out;
  });
  const grads: SaeWeights | null = computed;
  if (!grads) throw new Error('tfjs reference produced no gradients');
  return { grads, ...applyUpdate(hp, w, moments, grads, o.lr, o.t) };
}

/** torch.optim arithmetic (see optimizer-graph.ts), in float64 from float32 inputs. */
function applyUpdate(
  hp: SaeHyperparameters,
  w: SaeWeights,
  mom: { m: SaeWeights; v: SaeWeights } | null,
  g: SaeWeights,
  lr: number,
  t: number,
) {
  const weights = {} as SaeWeights;
  const m = {} as SaeWeights;
  const v = {} as SaeWeights;
  const wd = hp.weightDecay;
  for (const name of NAMES) {
    const p = w[name];
    const gp = g[name];
    const np = new Float32Array(p.length);
    const nm = new Float32Array(p.length);
    const nv = new Float32Array(p.length);
    for (let i = 0; i < p.length; i++) {
      const pi = p[i] ?? 0;
      const gi = gp[i] ?? 0;
      if (hp.optimizer === 'sgd') {
        np[i] = pi - lr * gi;
        continue;
      }
      const pd = hp.optimizer === 'adamw' ? pi * (1 - lr * wd) : pi;
      const mi = hp.adamBeta1 * (mom?.m[name][i] ?? 0) + (1 - hp.adamBeta1) * gi;
      const vi = hp.adamBeta2 * (mom?.v[name][i] ?? 0) + (1 - hp.adamBeta2) * gi * gi;
      const denom = Math.sqrt(vi) / Math.sqrt(1 - hp.adamBeta2 ** t) + hp.adamEpsilon;
      np[i] = pd - (lr / (1 - hp.adamBeta1 ** t)) * (mi / denom);
      nm[i] = mi;
      nv[i] = vi;
    }
    weights[name] = np;
    m[name] = nm;
    v[name] = nv;
  }
  return { weights, moments: hp.optimizer === 'sgd' ? null : { m, v } };
}
