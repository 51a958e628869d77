import type * as tfTypes from '@tensorflow/tfjs';
import { loadTfjs } from '../../tfjs/backend';
import {
  isBatchTopKFamily,
  jumpReluBandwidth,
  matryoshkaWidthsOf,
  nextTopkThreshold,
  paramOf,
  paramShapeOf,
  TOPK_THRESHOLD_LR,
  trainedParams,
  usesAuxK,
} from '../architectures';
import type { TrainedParam } from '../architectures';
import { FeatureFiringTracker } from '../firing';
import type { SaeHyperparameters, SaeWeights, StepMetrics, TrainerState, TrainingEngine } from '../types';
import { decode, encode, trainingForward } from './forward';
import type { MatMuls, SaeParams } from './forward';
import { makeDataMatMul, makeMatMul } from './matmul';
import type { MatMulMode } from './matmul';
import { minPositive } from './batchtopk';
import { applyUpdate } from './optimizer';

type Tf = typeof tfTypes;
type T2 = tfTypes.Tensor2D;
type ParamName = TrainedParam;
let engineCount = 0;

export interface TfjsEngineOptions {
  /** Force a backend ('cpu' for bit-exact tests); default: fastest that loads. */
  prefer?: 'wasm' | 'cpu';
  /** MatMul gradient form; default 'custom' (materialised transposes, docs/training.md). */
  matmul?: MatMulMode;
}

/** torch clip_grad_norm_: factor min(1, max_norm / (‖g‖₂ + 1e-6)) over all gradients; null = off. */
function clipFactor(tf: Tf, grads: (tfTypes.Tensor | undefined)[], maxNorm: number | undefined): tfTypes.Scalar | null {
  if (!maxNorm || maxNorm <= 0) return null;
  const sq = grads.map((g) => (g ? tf.sum(tf.square(g)) : tf.scalar(0)));
  const norm = tf.sqrt(tf.addN(sq));
  return tf.minimum(tf.div(maxNorm, tf.add(norm, 1e-6)), 1) as tfTypes.Scalar;
}

/** SAE training on TensorFlow.js (docs/training.md): autograd through tf.variableGrads. */
export class TfjsEngine implements TrainingEngine {
  readonly name = 'tfjs' as const;
  private hp!: SaeHyperparameters;
  private dSae = 0;
  /** Matryoshka: the prefix widths in features (checked against d_sae at init). */
  private matryoshkaWidths: number[] | null = null;
  private vars = new Map<ParamName, tfTypes.Variable>();
  private m = new Map<ParamName, tfTypes.Variable>();
  private v = new Map<ParamName, tfTypes.Variable>();
  private tracker!: FeatureFiringTracker;
  private stepCount = 0;
  /** BatchTopK: the global inference threshold (float64 running mean, as SAELens). */
  private topkThreshold = 0;
  private params_: ParamName[] = [];
  private readonly mms: MatMuls;
  /** tfjs variable names are global: one prefix per engine instance. */
  private readonly id = `sae${++engineCount}`;

  private constructor(
    private readonly tf: Tf,
    readonly backend: string,
    matmul: MatMulMode,
  ) {
    this.mms = { mm: makeMatMul(tf, matmul), data: makeDataMatMul(tf, matmul) };
  }

  static async create(opts: TfjsEngineOptions = {}): Promise<TfjsEngine> {
    const choice = await loadTfjs(opts.prefer);
    return new TfjsEngine(choice.tf, choice.selected, opts.matmul ?? 'custom');
  }

  async init(hp: SaeHyperparameters, weights: SaeWeights, state: TrainerState): Promise<void> {
    await this.dispose();
    const tf = this.tf;
    this.hp = hp;
    this.dSae = weights.b_enc.length;
    this.matryoshkaWidths = hp.architecture === 'matryoshka' ? matryoshkaWidthsOf(hp, this.dSae) : null;
    this.params_ = trainedParams(hp.architecture);
    const shapes = this.shapes();
    for (const p of this.params_) {
      const init = tf.tensor(paramOf(weights, p), shapes[p]);
      this.vars.set(p, tf.variable(init, true, `${this.id}/${p}`));
      init.dispose();
    }
    if (hp.optimizer !== 'sgd') {
      for (const p of this.params_) {
        const mInit = state.moments ? tf.tensor(paramOf(state.moments.m, p), shapes[p]) : tf.zeros(shapes[p]);
        const vInit = state.moments ? tf.tensor(paramOf(state.moments.v, p), shapes[p]) : tf.zeros(shapes[p]);
        this.m.set(p, tf.variable(mInit, false));
        this.v.set(p, tf.variable(vInit, false));
        mInit.dispose();
        vInit.dispose();
      }
    }
    this.stepCount = state.step;
    this.topkThreshold = state.topkThreshold ?? 0;
    this.tracker = new FeatureFiringTracker(this.dSae, hp.deadWindowTokens, hp.denseThreshold, state.tokensSinceFired);
  }

  private shapes(): Record<ParamName, number[]> {
    const s = (p: ParamName) => paramShapeOf(p, this.hp.dIn, this.dSae);
    return {
      W_enc: s('W_enc'),
      b_enc: s('b_enc'),
      W_dec: s('W_dec'),
      b_dec: s('b_dec'),
      log_threshold: s('log_threshold'),
      r_mag: s('r_mag'),
      b_mag: s('b_mag'),
    };
  }

  private params(): SaeParams {
    const g = (p: ParamName) => {
      const t = this.vars.get(p);
      if (!t) throw new Error('TfjsEngine: init() was not called');
      return t;
    };
    const extras: Partial<SaeParams> = {};
    for (const p of ['log_threshold', 'r_mag', 'b_mag'] as const) {
      const v = this.vars.get(p);
      if (v) extras[p] = v as tfTypes.Tensor1D;
    }
    return {
      W_enc: g('W_enc') as T2,
      b_enc: g('b_enc') as tfTypes.Tensor1D,
      W_dec: g('W_dec') as T2,
      b_dec: g('b_dec') as tfTypes.Tensor1D,
      ...extras,
    };
  }

  async step(batch: Float32Array, lr: number, l1Coefficient: number): Promise<StepMetrics> {
    const tf = this.tf;
    const hp = this.hp;
    const n = batch.length / hp.dIn;
    const deadHost = this.tracker.deadMask();
    const numDead = deadHost.reduce((a, b) => a + b, 0);
    const needDead =
      numDead > 0 && (usesAuxK(hp.architecture) ? hp.auxKCoefficient > 0 : hp.architecture === 'standard' && hp.ghostGradients);
    const t = this.stepCount + 1;
    const widths = this.matryoshkaWidths;
    const outs = tf.tidy(() => {
      const x = tf.tensor2d(batch, [n, hp.dIn]); // [batch, d_in]
      const deadMask = needDead ? tf.tensor1d(Float32Array.from(deadHost)) : null; // [d_sae]
      const p = this.params();
      let kept: { mse: tfTypes.Scalar; l1: tfTypes.Scalar; aux: tfTypes.Scalar; f: T2; xHat: T2 } | null = null;
      const { value, grads } = tf.variableGrads(
        () => {
          const o = trainingForward(tf, this.mms, p, x, {
            architecture: hp.architecture,
            k: hp.k,
            l1Coefficient,
            bandwidth: jumpReluBandwidth(hp),
            deadMask,
            numDead,
            ghostGradients: hp.ghostGradients,
            auxKCoefficient: hp.auxKCoefficient,
            kAux: hp.kAux ?? Math.floor(hp.dIn / 2),
            ...(widths ? { matryoshkaWidths: widths } : {}),
          });
          kept = { mse: tf.keep(o.mse), l1: tf.keep(o.l1), aux: tf.keep(o.aux), f: tf.keep(o.f), xHat: tf.keep(o.xHat) };
          return o.loss;
        },
        this.params_.map((q) => this.vars.get(q) as tfTypes.Variable),
      );
      const k = kept as unknown as { mse: tfTypes.Scalar; l1: tfTypes.Scalar; aux: tfTypes.Scalar; f: T2; xHat: T2 };
      const fired = tf.cast(tf.greater(k.f, 0), 'float32'); // [batch, d_sae]
      const fireCounts = tf.sum(fired, 0); // [d_sae]
      const l0 = tf.div(tf.sum(fired), n);
      const sse = tf.sum(tf.square(tf.sub(x, k.xHat)));
      const sst = tf.sum(tf.square(tf.sub(x, tf.mean(x, 0, true))));
      const scalars = tf.stack([value, k.mse, k.l1, k.aux, l0, sse, sst, minPositive(tf, k.f)]); // [8]
      tf.dispose([k.mse, k.l1, k.aux, k.f, k.xHat]);
      const clip = clipFactor(
        tf,
        this.params_.map((q) => grads[`${this.id}/${q}`]),
        hp.gradClipNorm,
      );
      for (const q of this.params_) {
        const raw = grads[`${this.id}/${q}`];
        const g = raw && clip ? tf.mul(raw, clip) : raw;
        if (!g) throw new Error(`TfjsEngine: no gradient for ${q}`);
        applyUpdate(
          tf,
          { name: hp.optimizer, beta1: hp.adamBeta1, beta2: hp.adamBeta2, epsilon: hp.adamEpsilon, weightDecay: hp.weightDecay },
          t,
          lr,
          this.vars.get(q) as tfTypes.Variable,
          g,
          this.m.get(q),
          this.v.get(q),
        );
      }
      return { scalars, fireCounts };
    });
    const s = await outs.scalars.data();
    const fireCounts = new Float32Array(await outs.fireCounts.data());
    tf.dispose([outs.scalars, outs.fireCounts]);
    this.stepCount = t;
    this.tracker.update(fireCounts, n);
    const [loss = NaN, mse = NaN, l1 = NaN, aux = NaN, l0 = NaN, sse = NaN, sst = NaN, minPos = Infinity] = Array.from(s);
    if (isBatchTopKFamily(hp.architecture))
      this.topkThreshold = nextTopkThreshold(this.topkThreshold, minPos, hp.topkThresholdLr ?? TOPK_THRESHOLD_LR);
    return { loss, mse, l1, l0, explainedVariance: sst > 0 ? 1 - sse / sst : 0, auxLoss: aux, learningRate: lr, l1Coefficient, fireCounts };
  }

  async exportState(): Promise<{
    weights: SaeWeights;
    moments: TrainerState['moments'];
    tokensSinceFired: Float32Array;
    step: number;
    topkThreshold?: number;
  }> {
    const read = async (m: Map<ParamName, tfTypes.Variable>): Promise<SaeWeights> => {
      const out: Partial<SaeWeights> = {};
      for (const p of this.params_) out[p] = new Float32Array(await (m.get(p) as tfTypes.Variable).data<'float32'>());
      return out as SaeWeights;
    };
    const weights = await read(this.vars);
    const moments = this.m.size > 0 ? { m: await read(this.m), v: await read(this.v) } : null;
    const threshold = isBatchTopKFamily(this.hp.architecture) ? { topkThreshold: this.topkThreshold } : {};
    return { weights, moments, tokensSinceFired: Float32Array.from(this.tracker.tokensSinceFired), step: this.stepCount, ...threshold };
  }

  /** The firing tracker (dead/dense counts for the live metrics). */
  get firing(): FeatureFiringTracker {
    return this.tracker;
  }

  async encode(x: Float32Array, n: number): Promise<Float32Array> {
    const opts = { topkThreshold: this.topkThreshold, bandwidth: jumpReluBandwidth(this.hp) };
    const f = this.tf.tidy(
      () => encode(this.tf, this.mms, this.params(), this.tf.tensor2d(x, [n, this.hp.dIn]), this.hp.architecture, this.hp.k, opts).f,
    );
    const out = new Float32Array(await f.data<'float32'>());
    f.dispose();
    return out;
  }

  async decode(f: Float32Array, n: number): Promise<Float32Array> {
    const y = this.tf.tidy(() => decode(this.tf, this.mms.mm, this.params(), this.tf.tensor2d(f, [n, this.dSae])));
    const out = new Float32Array(await y.data<'float32'>());
    y.dispose();
    return out;
  }

  async dispose(): Promise<void> {
    for (const m of [this.vars, this.m, this.v]) {
      for (const t of m.values()) t.dispose();
      m.clear();
    }
    return Promise.resolve();
  }
}
