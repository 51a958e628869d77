import * as ort from 'onnxruntime-node';
import { isBatchTopKFamily, nextTopkThreshold, paramOf, TOPK_THRESHOLD_LR, trainedParams, usesAuxK } from '../architectures';
import type { SaeHyperparameters, SaeWeights, StepMetrics, TrainerState, TrainingEngine } from '../types';
import { OrtEngineError } from './errors';
import { buildDecodeModel, buildEncodeModel, encodeInputNames } from './infer-graph';
import type { MatmulForm } from './ops';
import { nextName } from './optimizer-graph';
import { openSession } from './providers';
import { buildStepModel, paramShape, stateInputNames, stepGraphConfigOf } from './step-graph';
import type { StepGraphConfig } from './step-graph';
import { checkSupported, deadFeatureFeeds } from './support';
import { floats, floatsOf, scalar, tensorOf } from './tensors';

export interface OrtEngineOptions {
  /** Force an execution provider ('cpu', 'cuda', 'dml', 'coreml'); default: best available. */
  provider?: string;
  /** intra-op threads; default ORT's (physical cores). */
  threads?: number;
  /** Gemm with transA/transB (default, measured faster on CPU) or Transpose + MatMul. */
  matmulForm?: MatmulForm;
  /**
   * TopK: 'sparse' decodes through the k kept latents' decoder rows (topk-sparse-graph.ts),
   * 'dense' with the [B, d_sae] products; default 'auto' = sparse where it is measured faster.
   */
  topkDecode?: 'auto' | 'sparse' | 'dense';
}

/**
 * The `ort` training engine (docs/training.md; README.md here): one ONNX graph per step (step-graph.ts).
 * Parameters and moments live in ORT tensors; each step's outputs are the next step's inputs,
 * so nothing crosses into JS but the batch in and the metrics out.
 */
export class OrtEngine implements TrainingEngine {
  readonly name = 'ort' as const;
  private provider = 'cpu';
  private cfg: StepGraphConfig | null = null;
  private hp: SaeHyperparameters | null = null;
  private step1: ort.InferenceSession | null = null; // without AuxK
  private stepAux: ort.InferenceSession | null = null; // TopK with AuxK, opened when a feature dies
  private encoder: ort.InferenceSession | null = null;
  private decoder: ort.InferenceSession | null = null;
  private tensors = new Map<string, ort.Tensor>(); // W_enc … and m_/v_ moments
  private stepCount = 0;
  private tokensSinceFired = new Float32Array(0); // [d_sae]
  /** BatchTopK / Matryoshka: the global inference threshold, float64 (SAELens keeps it in double). */
  private topkThreshold = 0;

  constructor(private readonly options: OrtEngineOptions = {}) {}

  get backend(): string {
    return `ort-${this.provider}`;
  }

  async init(hp: SaeHyperparameters, weights: SaeWeights, state: TrainerState): Promise<void> {
    checkSupported(hp);
    await this.dispose(); // re-init: release the previous sessions and state
    const dSae = hp.expansionFactor * hp.dIn;
    this.cfg = stepGraphConfigOf(hp, this.options);
    this.hp = hp;
    const opened = await this.open(this.cfg);
    this.step1 = opened.session;
    this.provider = opened.provider;
    this.tensors = new Map();
    for (const p of trainedParams(hp.architecture)) {
      this.tensors.set(p, tensorOf(paramOf(weights, p), paramShape(p, hp.dIn, dSae), p));
      if (hp.optimizer === 'sgd') continue;
      const shape = paramShape(p, hp.dIn, dSae);
      const size = shape.reduce((a, b) => a * b, 1);
      this.tensors.set(`m_${p}`, tensorOf(state.moments?.m[p] ?? new Float32Array(size), shape, `m_${p}`));
      this.tensors.set(`v_${p}`, tensorOf(state.moments?.v[p] ?? new Float32Array(size), shape, `v_${p}`));
    }
    this.stepCount = state.step;
    this.topkThreshold = state.topkThreshold ?? 0;
    this.tokensSinceFired = state.tokensSinceFired.length === dSae ? Float32Array.from(state.tokensSinceFired) : new Float32Array(dSae);
  }

  async step(batch: Float32Array, lr: number, l1Coefficient: number): Promise<StepMetrics> {
    const { cfg, hp } = this.ready();
    const rows = batch.length / cfg.dIn;
    if (!Number.isInteger(rows) || rows < 1)
      throw new OrtEngineError('SAE_ORT_BAD_INPUT', `batch has ${batch.length} values, not a multiple of d_in ${cfg.dIn}`);
    const feeds: Record<string, ort.Tensor> = {
      x: new ort.Tensor('float32', batch, [rows, cfg.dIn]),
      lr: scalar(lr),
      l1_coefficient: scalar(l1Coefficient),
      l0_coefficient: scalar(l1Coefficient), // JumpReLU: the sparsity coefficient is λ of L0
      t: scalar(this.stepCount + 1),
      // BatchTopK keeps ⌊k·B⌋ activations of the batch (SAELens int(k · batch)).
      k_batch: new ort.Tensor('int64', BigInt64Array.of(BigInt(Math.min(Math.floor((hp.k ?? 1) * rows), rows * cfg.dSae))), [1]),
    };
    for (const [k, v] of this.tensors) feeds[k] = v;
    const aux = usesAuxK(cfg.architecture) ? deadFeatureFeeds(hp, this.tokensSinceFired) : null;
    let session = this.step1;
    if (aux) {
      this.stepAux ??= (await this.open({ ...cfg, withAux: true })).session;
      session = this.stepAux;
      Object.assign(feeds, aux);
    }
    if (!session) throw new OrtEngineError('SAE_ORT_NOT_INITIALISED', 'OrtEngine.step before init');
    const fed: Record<string, ort.Tensor> = {};
    for (const name of session.inputNames) {
      const t = feeds[name];
      if (!t) throw new Error(`SAE step graph input ${name} has no feed`);
      fed[name] = t;
    }
    const out = await session.run(fed);
    for (const name of stateInputNames(cfg)) {
      const next = out[nextName(name)];
      if (!next) throw new Error(`SAE step graph output ${nextName(name)} missing`);
      this.tensors.get(name)?.dispose();
      this.tensors.set(name, next);
    }
    this.stepCount++;
    const fireCounts = Float32Array.from(floats(out, 'fire_counts'));
    for (let j = 0; j < fireCounts.length; j++)
      this.tokensSinceFired[j] = (fireCounts[j] ?? 0) > 0 ? 0 : (this.tokensSinceFired[j] ?? 0) + rows;
    const num = (n: string): number => floats(out, n)[0] ?? NaN;
    if (isBatchTopKFamily(cfg.architecture))
      this.topkThreshold = nextTopkThreshold(this.topkThreshold, num('min_positive'), hp.topkThresholdLr ?? TOPK_THRESHOLD_LR);
    return {
      loss: num('loss'),
      mse: num('mse'),
      l1: num('l1'),
      l0: num('l0'),
      explainedVariance: num('explained_variance'),
      ...(usesAuxK(cfg.architecture) ? { auxLoss: aux ? num('aux_loss') : 0 } : {}),
      ...(cfg.architecture === 'gated' ? { auxLoss: num('aux_loss') } : {}),
      learningRate: lr,
      l1Coefficient,
      fireCounts,
    };
  }

  /**
   * Weights and moments (copies). Also the step count and the engine's dead-feature clock
   * (tokensSinceFired, used for AuxK): extra fields, as the tfjs engine returns them.
   */
  async exportState(): Promise<{
    weights: SaeWeights;
    moments: TrainerState['moments'];
    step: number;
    tokensSinceFired: Float32Array;
    topkThreshold?: number;
  }> {
    const { hp } = this.ready();
    const grab = (prefix: string): SaeWeights => {
      const get = (p: string) => Float32Array.from(floatsOf(this.tensors.get(prefix + p), prefix + p));
      const w: SaeWeights = { W_enc: get('W_enc'), b_enc: get('b_enc'), W_dec: get('W_dec'), b_dec: get('b_dec') };
      if (hp.architecture === 'jumprelu') w.log_threshold = get('log_threshold');
      if (hp.architecture === 'gated') Object.assign(w, { r_mag: get('r_mag'), b_mag: get('b_mag') });
      return w;
    };
    return {
      weights: grab(''),
      moments: hp.optimizer === 'sgd' ? null : { m: grab('m_'), v: grab('v_') },
      step: this.stepCount,
      tokensSinceFired: Float32Array.from(this.tokensSinceFired),
      ...(isBatchTopKFamily(hp.architecture) ? { topkThreshold: this.topkThreshold } : {}),
    };
  }

  async encode(x: Float32Array, n: number): Promise<Float32Array> {
    const { cfg } = this.ready();
    this.encoder ??= (await openSession(buildEncodeModel(cfg), { forced: this.provider, threads: this.options.threads })).session;
    const feeds: Record<string, ort.Tensor> = {
      x: new ort.Tensor('float32', x, [n, cfg.dIn]),
      ...this.pick(...encodeInputNames(cfg.architecture)),
    };
    if (isBatchTopKFamily(cfg.architecture)) feeds.topk_threshold = scalar(this.topkThreshold);
    const out = await this.encoder.run(feeds);
    return Float32Array.from(floats(out, 'f'));
  }

  async decode(f: Float32Array, n: number): Promise<Float32Array> {
    const { cfg } = this.ready();
    this.decoder ??= (await openSession(buildDecodeModel(cfg), { forced: this.provider, threads: this.options.threads })).session;
    const out = await this.decoder.run({ f: new ort.Tensor('float32', f, [n, cfg.dSae]), ...this.pick('W_dec', 'b_dec') });
    return Float32Array.from(floats(out, 'x_hat'));
  }

  async dispose(): Promise<void> {
    for (const s of [this.step1, this.stepAux, this.encoder, this.decoder]) await s?.release();
    for (const t of this.tensors.values()) t.dispose();
    this.tensors.clear();
    this.step1 = this.stepAux = this.encoder = this.decoder = null;
  }

  /** The step count t of the last completed step. */
  get steps(): number {
    return this.stepCount;
  }

  private open(cfg: StepGraphConfig) {
    return openSession(buildStepModel(cfg), {
      forced: this.options.provider ?? (this.step1 ? this.provider : undefined),
      threads: this.options.threads,
    });
  }

  private pick(...names: string[]): Record<string, ort.Tensor> {
    const r: Record<string, ort.Tensor> = {};
    for (const n of names) {
      const t = this.tensors.get(n);
      if (t) r[n] = t;
    }
    return r;
  }

  private ready(): { cfg: StepGraphConfig; hp: SaeHyperparameters } {
    if (!this.cfg || !this.hp) throw new OrtEngineError('SAE_ORT_NOT_INITIALISED', 'OrtEngine used before init()');
    return { cfg: this.cfg, hp: this.hp };
  }
}
