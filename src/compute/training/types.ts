import type { SpliceEval } from '../../shared/types/training';
import type { ProviderSetting } from '../model/providers';
import type { SaeProvenance } from '../sae/saelens-format';
import type { SaeHyperparameters } from '../sae/types';
import type { HoldOut } from '../activations/hold-out';
import type { EvalTextSource } from './eval-tokens';

/** Where batches come from: an activation set on disk, or the model run live over token windows (no disk cache). */
export type TrainingSourceParams =
  | { kind: 'activations'; activationsDir: string }
  | { kind: 'model'; modelDir: string; tokensDir: string; bufferRows?: number; provider?: ProviderSetting; holdOut?: HoldOut | null };

/** Periodic splice evaluation on held-out text (docs/training.md). */
export interface SpliceEvalParams {
  modelDir: string;
  /** Every N steps (and at the last step). */
  every: number;
  /** Held-out tokens per evaluation. */
  tokens: number;
  /** Window length (tokens), as the training windows. */
  contextSize: number;
  text: EvalTextSource;
  provider?: ProviderSetting;
}

/** Parameters of a `train_sae` job (worker side, docs/training.md). */
export interface TrainSaeParams {
  trainingId: string;
  hyperparameters: SaeHyperparameters;
  source: TrainingSourceParams;
  hook: string;
  /** saes/<training-id>/ — checkpoints go to outDir/checkpoints/step-<n>/. */
  outDir: string;
  /** Write a checkpoint every N steps (and always at the end); 0 = only at the end. */
  checkpointEvery: number;
  /** Emit live metrics every N steps (and at the last step). */
  metricsEvery: number;
  /** A checkpoint folder to continue from (exact resume). */
  resumeFrom?: string;
  /** tfjs, ort, or auto: tfjs when a native tfjs backend loads, else ort (docs/training.md). */
  engine: 'tfjs' | 'ort' | 'auto';
  tfjsBackend?: 'wasm' | 'cpu';
  /** cfg.json provenance; defaults come from the activation set's manifest. */
  provenance?: Partial<SaeProvenance>;
  /** Batches used to estimate the input scale (normalizeInputs); default 10. */
  normalizationBatches?: number;
  evaluation?: SpliceEvalParams;
  /** Feature-density histogram every N steps (default 10 × metricsEvery). */
  densityEvery?: number;
}

/** One live-metrics record (ctx.metrics). Values are over the last batch, except tokensPerSecond (since the last record). */
export interface TrainingMetrics {
  step: number;
  loss: number;
  /** Normalised units (inputs scaled to mean norm √d_in), summed over d_in (docs/training.md). */
  mse: number;
  /** The same MSE in raw activation units, per element: mse / (inputScale² · d_in). */
  mseRawPerElement: number;
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

/** Splice evaluation result (nats; mean over scored next-token positions). */
export type SpliceEvalReport = SpliceEval;

/** What the training task reports through ctx.metrics (main persists and re-emits each). */
export type TrainingReport =
  | ({ type: 'step' } & TrainingMetrics)
  | { type: 'started'; step: number; engine: string; reason: string; dIn: number; dSae: number }
  | { type: 'eval'; step: number; eval: SpliceEvalReport; split: string }
  | { type: 'density'; step: number; edges: number[]; counts: number[]; deadCount: number; tokens: number }
  | { type: 'checkpoint'; record: CheckpointRecord };

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
