import type { z } from 'zod';
import type { hyperparametersSchema, TrainingConfig } from './training-config';

/** Hyperparameters as stored with a run (every field filled in). */
export type TrainingHyperparameters = z.output<typeof hyperparametersSchema>;

/** A run's status follows its current job's (JobStatus, src/shared/types/jobs.ts), kept on the run between jobs. */
export type TrainingStatus = 'queued' | 'running' | 'paused' | 'completed' | 'failed' | 'cancelled' | 'interrupted';

/** Splice evaluation on held-out tokens (docs/training.md "Splice evaluation"; nats, mean over scored next-token positions). */
export interface SpliceEval {
  /** Mean next-token CE of the unedited model. */
  ceClean: number;
  /** Mean next-token CE with x replaced by x̂ = SAE(x) at the hook. */
  ceWithSae: number;
  /** ΔCE = CE_sae − CE_clean: the nats per token the SAE adds (the figure to read first). */
  ceDelta: number;
  /** ΔCE as a percentage of CE_clean. */
  ceDeltaPercent: number;
  /** Mean next-token CE with x replaced by 0 at the hook. */
  ceZeroAblation: number;
  /** SAELens' score: (CE_zero − CE_sae) / (CE_zero − CE_clean); 1 = the SAE loses nothing, 0 = as bad as zeroing. */
  ceLossRecovered: number;
  /** Mean next-token CE with x replaced by its mean over the training activations (null: not measured, older runs). */
  ceMeanAblation: number | null;
  /** (CE_mean − CE_sae) / (CE_mean − CE_clean): recovered against the mean-ablation baseline. */
  ceLossRecoveredMean: number | null;
  /** Mean over scored positions of KL(p_clean ‖ p_with_sae) over the vocabulary. */
  klWithSae: number;
  /** Scored positions (the denominator of every mean above). */
  tokens: number;
}

/** log10 feature-density histogram (fraction of tokens each feature fired on), as SAELens logs it. */
export interface DensityHistogram {
  step: number;
  /** Bin edges in log10(density), counts per bin; never-fired features counted apart. */
  edges: number[];
  counts: number[];
  deadCount: number;
  tokens: number;
}

/** One metrics record (every N steps). Definitions: docs/training.md. */
export interface TrainingMetricPoint {
  step: number;
  /** loss, mse and l1 are in normalised units (inputs scaled to mean norm √d_in), summed over d_in, mean over tokens. */
  loss: number;
  mse: number;
  /** The same MSE in the activations' own units, per element: mse / (scale² · d_in) (null in older records). */
  mseRawPerElement: number | null;
  l1: number;
  l0: number;
  explainedVariance: number;
  deadFeatures: number;
  denseFeatures: number;
  learningRate: number;
  /** The L1 coefficient λ in force at this step (after its warm-up; null in older records). */
  l1Coefficient: number | null;
  /** TopK AuxK / ghost-grad auxiliary loss of the batch (null when none ran, and in older records). */
  auxLoss: number | null;
  tokensPerSecond: number;
  memoryBytes: number;
  /** Splice evaluation when one ran at this step. */
  eval: SpliceEval | null;
  at: number;
}

export interface TrainingLogLine {
  id: number;
  trainingId: string;
  level: 'debug' | 'info' | 'warn' | 'error';
  message: string;
  at: number;
}

export interface CheckpointInfo {
  id: string;
  trainingId: string;
  step: number;
  loss: number | null;
  path: string;
  sizeBytes: number;
  createdAt: number;
}

export interface TrainingRecord {
  id: string;
  name: string;
  modelId: string | null;
  modelName: string | null;
  datasetId: string | null;
  activationSetId: string | null;
  hook: string;
  architecture: TrainingHyperparameters['architecture'];
  /** Engine and backend that ran, e.g. "ort/ort-cpu" (known once the run started). */
  engine: string | null;
  hyperparameters: TrainingHyperparameters;
  /** As created; `tokenizedAt` = the dataset's tokenization it started on (streaming resumes need the same windows). */
  config: TrainingConfig & { tokenizedAt?: number };
  dIn: number;
  dSae: number;
  status: TrainingStatus;
  currentStep: number;
  totalSteps: number;
  latest: TrainingMetricPoint | null;
  latestEval: SpliceEval | null;
  /** The training step latestEval was measured at (0 = the untrained baseline; null in older records). */
  latestEvalStep: number | null;
  density: DensityHistogram | null;
  error: string | null;
  jobId: string | null;
  parentTrainingId: string | null;
  /** The sweep this run belongs to (src/shared/types/sweeps.ts); null for a plain run. */
  sweepId: string | null;
  createdAt: number;
  startedAt: number | null;
  completedAt: number | null;
  updatedAt: number;
}
