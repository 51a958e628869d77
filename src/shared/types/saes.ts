import type { FeaturePassRecord } from './features';

/**
 * An SAE the researcher can analyse and steer (docs/features.md): a training's checkpoint
 * today, an imported SAELens folder later. Features, feature passes and steering presets
 * belong to an SAE, never to a training.
 */
export type SaeArchitecture = 'standard' | 'topk' | 'jumprelu' | 'gated';
export type SaeDtype = 'float32' | 'float16' | 'bfloat16';

/** Where the weights came from: a checkpoint of a run here, a SAELens folder from elsewhere, or shipped with the app. */
export type SaeSourceKind = 'checkpoint' | 'import' | 'bundled';

/** What the SAE was made from, kept as written when the record was created (shown as provenance). */
export interface SaeProvenance {
  /** The run and checkpoint step (source = checkpoint). */
  trainingName?: string;
  step?: number;
  /** Final-checkpoint SAEs are created automatically when a run completes. */
  createdBy?: 'training-completed' | 'use-checkpoint' | 'bundled' | 'import';
  /** The folder it was imported / copied from (source = import | bundled). */
  importedFrom?: string;
  /** SAELens cfg.json fields kept verbatim where present (dataset_path, model_name, …). */
  saelens?: Record<string, string | number | boolean | null>;
  /** Splice evaluation of the checkpoint when one ran (fraction of CE loss recovered, EV). */
  explainedVariance?: number | null;
  ceLossRecovered?: number | null;
}

export interface SaeRecord {
  id: string;
  name: string;
  source: SaeSourceKind;
  modelId: string | null;
  modelName: string | null;
  /** TransformerLens hook name, e.g. blocks.2.hook_resid_post. */
  hook: string;
  dIn: number;
  dSae: number;
  architecture: SaeArchitecture;
  /** TopK: active features per token; null otherwise. */
  k: number | null;
  /** JumpReLU: the per-feature thresholds live in the weights file; true when they are present. */
  hasThreshold: boolean;
  dtype: SaeDtype;
  /** SAELens folder (cfg.json + sae_weights.safetensors). */
  weightsPath: string;
  /** source = checkpoint: the run and its checkpoint (null once they are deleted; the SAE keeps its own copy). */
  trainingId: string | null;
  checkpointId: string | null;
  /** The dataset its activations came from (default dataset of its feature pass: its validation split). */
  datasetId: string | null;
  provenance: SaeProvenance;
  /** Features with results of a completed pass (0 until the first pass completes). */
  featureCount: number;
  /** The latest completed pass, and a pass queued/running now, if any. */
  lastPass: FeaturePassRecord | null;
  activePass: FeaturePassRecord | null;
  sizeBytes: number;
  createdAt: number;
  updatedAt: number;
}
