/**
 * SAE training types shared by both engines (docs/training.md). Shapes use d_in (the hooked
 * activation width, = d_model) and d_sae = expansionFactor × d_in. Weights follow SAELens:
 * W_enc [d_in, d_sae], b_enc [d_sae], W_dec [d_sae, d_in], b_dec [d_in]; all row-major float32.
 */
export type SaeArchitecture = 'standard' | 'topk' | 'jumprelu' | 'batchtopk' | 'gated';
export type OptimizerName = 'adam' | 'adamw' | 'sgd';
export type LrSchedule = 'constant' | 'linear' | 'cosine' | 'exponential';

export interface SaeHyperparameters {
  architecture: SaeArchitecture;
  dIn: number;
  expansionFactor: number;
  /** TopK: active features per token; BatchTopK: mean active features per token over the batch. */
  k?: number;
  /**
   * JumpReLU (Rajamanoharan et al. 2024, as SAELens JumpReLUTrainingSAEConfig): λ of the L0
   * penalty (default 1), the rectangle-kernel bandwidth ε of the straight-through estimator
   * (default 0.001), and the initial threshold θ₀ = exp(log_threshold) (default 0.001).
   */
  l0Coefficient?: number;
  jumpReluBandwidth?: number;
  jumpReluInitThreshold?: number;
  /** BatchTopK: rate of the running mean of the minimum positive activation (SAELens topk_threshold_lr, 0.01). */
  topkThresholdLr?: number;
  /** TopK AuxK: dead-feature auxiliary loss (Gao et al. 2024); k_aux defaults to d_in / 2. */
  auxKCoefficient?: number;
  kAux?: number;
  learningRate: number;
  batchSize: number;
  totalSteps: number;
  optimizer: OptimizerName;
  /** Adam β1, β2, ε; AdamW weight decay. */
  adamBeta1: number;
  adamBeta2: number;
  adamEpsilon: number;
  weightDecay: number;
  lrSchedule: LrSchedule;
  lrWarmupSteps: number;
  /** Standard SAE: L1 coefficient λ on Σ_f |f_i| · ‖W_dec[i]‖ (Anthropic April 2024 / SAELens). */
  l1Coefficient: number;
  l1WarmupSteps: number;
  /** Scale inputs so their mean L2 norm is √d_in (SAELens normalize_activations = expected_average_only_in). */
  normalizeInputs: boolean;
  /** Ghost gradients (ReLU SAEs only; tfjs engine). */
  ghostGradients: boolean;
  /** Resample dead features every N steps (0 = off). */
  resampleEvery: number;
  /** A feature is dead when it fired on no token in the last `deadWindow` tokens. */
  deadWindowTokens: number;
  /** Dense: fires on more than this fraction of tokens (1 %). */
  denseThreshold: number;
  seed: number;
  /**
   * Clip the global gradient L2 norm to this value before the optimizer step, as SAELens's
   * trainer does (torch clip_grad_norm_(params, 1.0)); undefined/0 = no clipping.
   */
  gradClipNorm?: number;
}

/** SAE parameters (row-major float32). */
export interface SaeWeights {
  W_enc: Float32Array; // [d_in, d_sae]
  b_enc: Float32Array; // [d_sae]
  W_dec: Float32Array; // [d_sae, d_in]
  b_dec: Float32Array; // [d_in]
  /** JumpReLU only: θ = exp(log_threshold), [d_sae] (trained in log space so θ stays > 0, as SAELens). */
  log_threshold?: Float32Array;
  /** Gated only (b_enc is then the gate bias b_gate): magnitude path W_mag = W_enc ⊙ exp(r_mag), bias b_mag; [d_sae] each. */
  r_mag?: Float32Array;
  b_mag?: Float32Array;
}

/** Per-step outputs every engine computes (definitions: docs/training.md, as SAELens). */
export interface StepMetrics {
  loss: number;
  /** Mean over tokens of ‖x − x̂‖² / d_in … see metrics.ts for the exact definition used. */
  mse: number;
  /** Sparsity penalty before the coefficient: mean over tokens of Σ_i f_i ‖W_dec[i]‖. */
  l1: number;
  /** Mean number of active features per token. */
  l0: number;
  /** 1 − Σ‖x − x̂‖² / Σ‖x − x̄‖² over the batch. */
  explainedVariance: number;
  auxLoss?: number;
  learningRate: number;
  l1Coefficient: number;
  /** Tokens on which each feature fired in this batch: [d_sae] (dead/dense tracking). */
  fireCounts: Float32Array;
}

/** Everything exact resume needs beyond the weights. */
export interface TrainerState {
  step: number;
  /** Adam first/second moments per parameter (same shapes as the weights); empty for SGD. */
  moments: { m: SaeWeights; v: SaeWeights } | null;
  /** Tokens since each feature last fired: [d_sae]. */
  tokensSinceFired: Float32Array;
  /** Input scale factor (normalizeInputs), fixed after estimation. */
  inputScale: number;
  rngState: number;
  /** Position in the activation stream (shard, row) for resume. */
  dataCursor: { shard: number; row: number };
  /** BatchTopK: the global inference threshold (running mean, float64 as SAELens keeps it); 0 at start. */
  topkThreshold?: number;
}

/**
 * One training engine (tfjs or ort) behind the same interface (docs/training.md).
 * Same weights + batch + hyperparameters ⇒ the same update (within float tolerance).
 */
export interface TrainingEngine {
  readonly name: 'tfjs' | 'ort';
  /** Which backend/provider actually runs (e.g. "tfjs-node-gpu", "wasm", "ort-cpu"). */
  readonly backend: string;
  init(hp: SaeHyperparameters, weights: SaeWeights, state: TrainerState): Promise<void>;
  /** One optimizer step on a batch [batchSize, d_in] (already scaled by inputScale). */
  step(batch: Float32Array, lr: number, l1Coefficient: number): Promise<StepMetrics>;
  /**
   * Current weights and optimizer state (for checkpoints). `step` and `tokensSinceFired`
   * (added for exact resume: the engine's dead-feature mask for ghost grads / AuxK comes
   * from them) are optional so an engine that does not track them still conforms.
   */
  exportState(): Promise<{ weights: SaeWeights; moments: TrainerState['moments']; step?: number; tokensSinceFired?: Float32Array; topkThreshold?: number }>;
  /** Feature activations f(x) [n, d_sae] for evals and the feature pass (BatchTopK: the inference form, JumpReLU at the global threshold). */
  encode(x: Float32Array, n: number): Promise<Float32Array>;
  /** Reconstructions x̂ [n, d_in]. */
  decode(f: Float32Array, n: number): Promise<Float32Array>;
  dispose(): Promise<void>;
}
