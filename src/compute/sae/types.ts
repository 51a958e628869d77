/**
 * SAE training types shared by both engines (docs/training.md). Shapes use d_in (the hooked
 * activation width, = d_model) and d_sae = expansionFactor × d_in. Weights follow SAELens:
 * W_enc [d_in, d_sae], b_enc [d_sae], W_dec [d_sae, d_in], b_dec [d_in]; all row-major float32.
 */
import type { SaeHyperparameters } from '../../shared/jobs/training';

export type SaeArchitecture = 'standard' | 'topk' | 'jumprelu' | 'batchtopk' | 'gated' | 'matryoshka';
export type OptimizerName = 'adam' | 'adamw' | 'sgd';
export type LrSchedule = 'constant' | 'linear' | 'cosine' | 'exponential';

/** The run's hyperparameters (the shared schema's output) plus d_in and worker-only knobs. */
export type { SaeHyperparameters };

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
  /** BatchTopK / Matryoshka: the global inference threshold (running mean, float64 as SAELens keeps it); 0 at start. */
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
  exportState(): Promise<{
    weights: SaeWeights;
    moments: TrainerState['moments'];
    step?: number;
    tokensSinceFired?: Float32Array;
    topkThreshold?: number;
  }>;
  /** Feature activations f(x) [n, d_sae] for evals and the feature pass (BatchTopK: the inference form, JumpReLU at the global threshold). */
  encode(x: Float32Array, n: number): Promise<Float32Array>;
  /** Reconstructions x̂ [n, d_in]. */
  decode(f: Float32Array, n: number): Promise<Float32Array>;
  dispose(): Promise<void>;
}
