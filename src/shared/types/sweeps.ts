import type { TrainingHyperparameters, TrainingStatus } from './training';

/** Hyperparameters a sweep may vary (numeric ones and the architecture). docs/training.md, "Sweeps". */
export const SWEEP_PARAMETERS = [
  'architecture',
  'l1Coefficient',
  'k',
  'l0Coefficient',
  'expansionFactor',
  'learningRate',
  'totalSteps',
  'batchSize',
  'auxKCoefficient',
  'jumpReluBandwidth',
  'topkThresholdLr',
  'seed',
] as const;
export type SweepParameter = (typeof SWEEP_PARAMETERS)[number];

/** One grid point: the values this run takes for the swept parameters (the rest come from the base config). */
export type SweepPoint = Partial<Pick<TrainingHyperparameters, SweepParameter>>;

export interface SweepAxis {
  parameter: SweepParameter;
  values: Array<number | string>;
}

/** Derived from the runs: queued (none started) | running | completed (all) | stopped | failed (all ended, ≥1 failed) */
export type SweepStatus = 'queued' | 'running' | 'completed' | 'stopped' | 'failed';

export interface SweepRunSummary {
  trainingId: string;
  name: string;
  point: SweepPoint;
  architecture: TrainingHyperparameters['architecture'];
  status: TrainingStatus;
  currentStep: number;
  totalSteps: number;
  dSae: number;
  /** Final figures of the run's last metrics point / last splice evaluation; null until measured. */
  explainedVariance: number | null;
  l0: number | null;
  /** ΔCE in nats per token (CE with the SAE spliced in − clean CE), and as a percentage of the clean CE. */
  ceDelta: number | null;
  ceDeltaPercent: number | null;
  ceLossRecovered: number | null;
  deadFeatures: number | null;
  denseFeatures: number | null;
  /** Wall seconds from the run's start to its completion (null until completed). */
  seconds: number | null;
  /** The SAE record made from the completed run (src/shared/types/saes.ts), null before. */
  saeId: string | null;
}

export interface SweepRecord {
  id: string;
  name: string;
  hook: string;
  /** The parameters that vary across the points, with their distinct values in first-seen order. */
  axes: SweepAxis[];
  runCount: number;
  completedCount: number;
  failedCount: number;
  status: SweepStatus;
  createdAt: number;
  updatedAt: number;
}

export interface SweepDetail extends SweepRecord {
  runs: SweepRunSummary[];
}
