/**
 * Job-side shapes of `training.run` (docs/training.md): the params main hands the worker, the
 * reports it streams (ctx.report) and its result. Hyperparameters are the shared schema's output
 * (src/shared/contract/training.ts) plus what only the worker knows, so every default lives in
 * that schema.
 */
import type { TrainingHyperparameters, SpliceEval } from '../types/training';
import type { ExecutionProvider } from '../types/settings';
import type { HoldOut } from './activations';

/** What an engine trains with: the run's hyperparameters, d_in, and worker-only knobs (tests, tuning). */
export type SaeHyperparameters = TrainingHyperparameters & {
  dIn: number;
  /** TopK AuxK: features in the auxiliary reconstruction; default d_in / 2 (Gao et al. 2024). */
  kAux?: number;
  /**
   * Clip the global gradient L2 norm to this value before the optimizer step, as SAELens's
   * trainer does (torch clip_grad_norm_(params, 1.0)); undefined/0 = no clipping.
   */
  gradClipNorm?: number;
};

/** Where the SAE was trained: goes into cfg.json's metadata (and legacy top-level fields). */
export interface SaeCfgProvenance {
  modelName: string;
  hookName: string;
  hookLayer: number;
  contextSize: number;
  prependBos: boolean;
  datasetPath?: string;
}

/** Held-out text of a dataset for the splice evaluation. */
export interface EvalTextSource {
  dbPath: string;
  datasetId: string;
  /** Preferred splits in order (default validation, test); falls back to the first samples of the dataset. */
  splits?: string[];
  /** The training data included this text (not held out): said in the label. */
  inSample?: boolean;
}

/** Rows the live-model stream shuffles in (a run's default; one place: main sends none, the stream uses this). */
export const MODEL_STREAM_BUFFER_ROWS = 16384;

/** Where batches come from: an activation set on disk, or the model run live over token windows (no disk cache). */
export type TrainingSourceParams =
  | { kind: 'activations'; activationsDir: string }
  | { kind: 'model'; modelDir: string; tokensDir: string; bufferRows?: number; provider?: ExecutionProvider; holdOut?: HoldOut | null };

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
  provider?: ExecutionProvider;
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
  provenance?: Partial<SaeCfgProvenance>;
  /** Batches used to estimate the input scale (normalizeInputs); default 10. */
  normalizationBatches?: number;
  evaluation?: SpliceEvalParams;
  /** Feature-density histogram every N steps (default 10 × metricsEvery). */
  densityEvery?: number;
}

/** One live-metrics record (ctx.report). Values are over the last batch, except tokensPerSecond (since the last record). */
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

/** What the training task reports through ctx.report (main persists and re-emits each). */
export type TrainingReport =
  | ({ type: 'step' } & TrainingMetrics)
  | { type: 'started'; step: number; engine: string; reason: string; dIn: number; dSae: number }
  | { type: 'eval'; step: number; eval: SpliceEval; split: string }
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
  /** Engine and backend that ran, e.g. "ort/ort-cpu" (TrainingRecord.engine). */
  engine: string;
}

/** What the `training.run` job carries: the task's params plus the job title's name. */
export type TrainJobParams = TrainSaeParams & { name: string };
