import type { SaeProvenance } from '../sae/saelens-format';
import type { SaeHyperparameters } from '../sae/types';

/** Parameters of a `train_sae` job (worker side, DESIGN §4, §5.2). */
export interface TrainSaeParams {
  trainingId: string;
  hyperparameters: SaeHyperparameters;
  /** An activation set folder (activations/<id>/) holding `hook`. */
  activationsDir: string;
  hook: string;
  /** saes/<training-id>/ — checkpoints go to outDir/checkpoints/step-<n>/. */
  outDir: string;
  /** Write a checkpoint every N steps (and always at the end); 0 = only at the end. */
  checkpointEvery: number;
  /** Emit live metrics every N steps (and at the last step). */
  metricsEvery: number;
  /** A checkpoint folder to continue from (exact resume). */
  resumeFrom?: string;
  /** tfjs, ort, or auto: tfjs when a native tfjs backend loads, else ort (DESIGN §5.2). */
  engine: 'tfjs' | 'ort' | 'auto';
  tfjsBackend?: 'wasm' | 'cpu';
  /** cfg.json provenance; defaults come from the activation set's manifest. */
  provenance?: Partial<SaeProvenance>;
  /** Batches used to estimate the input scale (normalizeInputs); default 10. */
  normalizationBatches?: number;
}

/** One live-metrics record (ctx.metrics). Values are over the last batch, except tokensPerSecond (since the last record). */
export interface TrainingMetrics {
  step: number;
  loss: number;
  mse: number;
  l1: number;
  l0: number;
  explainedVariance: number;
  deadFeatures: number;
  denseFeatures: number;
  dSae: number;
  learningRate: number;
  l1Coefficient: number;
  tokensPerSecond: number;
  memoryBytes: number;
  epoch: number;
  auxLoss?: number;
}

export interface CheckpointRecord {
  step: number;
  path: string;
  /** Loss of the last step before the checkpoint (NaN when none ran in this session). */
  loss: number;
  sizeBytes: number;
}

export interface TrainSaeResult {
  finalStep: number;
  checkpoints: CheckpointRecord[];
  metrics: TrainingMetrics | null;
  backend: string;
}

export type TrainingErrorCode = 'NAN_LOSS' | 'NAN_WEIGHTS' | 'BAD_PARAMS' | 'CHECKPOINT_MISMATCH';

/** A training failure with a stable code; `lastCheckpoint` is the newest good checkpoint on disk. */
export class TrainingError extends Error {
  constructor(
    readonly code: TrainingErrorCode,
    message: string,
    readonly lastCheckpoint: CheckpointRecord | null = null,
  ) {
    super(message);
    this.name = 'TrainingError';
  }
}
