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
  /** source = import: what the folder was (its layout, architecture, dtype and hook name as written). */
  imported?: SaeImportedFrom;
  /** source = import: reconstruction measured on the researcher's data right after import. */
  importProbe?: SaeImportProbe;
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

// SAE folder import (docs/interop.md "Import")

export type SaeFolderLayout = 'saelens' | 'sparsify';
/** Architectures an SAE folder may hold; gated runs here as the equivalent JumpReLU. */
export type SaeFolderArchitecture = 'standard' | 'topk' | 'jumprelu' | 'gated';

export interface SaeImportedFrom {
  layout: SaeFolderLayout;
  architecture: SaeFolderArchitecture;
  dtype: SaeDtype;
  /** The hook as the folder named it, and the cfg field (or "folder name") it came from. */
  folderHook: { name: string; field: string } | null;
}

/** Explained variance and L0 of the imported SAE on a few hundred tokens of one dataset. */
export interface SaeImportProbe {
  status: 'running' | 'completed' | 'failed' | 'skipped';
  datasetId: string | null;
  datasetName: string | null;
  tokens: number;
  /** 1 − Σ‖x − x̂‖² / Σ‖x − x̄‖² over the probed tokens (x̄ their mean), as SAELens. */
  explainedVariance: number | null;
  /** Mean number of active features per token. */
  l0: number | null;
  /** Why it was skipped or failed. */
  message: string | null;
  at: number;
}

/** What an SAE folder holds, shown before it is imported; `refusals` empty = it can be. */
export interface SaeFolderPreview {
  folder: string;
  layout: SaeFolderLayout;
  architecture: SaeFolderArchitecture;
  /** What the feature pass and steering run (gated → jumprelu). */
  runsAs: SaeArchitecture;
  dIn: number;
  dSae: number;
  k: number | null;
  dtype: SaeDtype;
  folderHook: { name: string; field: string } | null;
  /** The model's hook it maps onto, and how ("same tensor as blocks.2.hook_resid_pre"); null if none. */
  hook: string | null;
  hookHow: string | null;
  files: { name: string; bytes: number }[];
  sizeBytes: number;
  /** Sentences naming what does not fit the chosen model (hook, width). */
  refusals: string[];
}
