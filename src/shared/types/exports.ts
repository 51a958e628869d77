/**
 * Exports and archives (docs/interop-export.md): what miStudio hands to other tools (a SAELens
 * folder, features close to Neuronpedia's export, metrics CSV, the run's config, scale-out scripts)
 * and what an archive of ours holds when it comes back.
 */

/** How the export is laid out on disk: a plain folder, or one archive file. */
export const EXPORT_FORMATS = ['folder', 'zip', 'tar.gz'] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

/** The parts an export can hold (each a file or folder inside it, see EXPORT_LAYOUT). */
export const EXPORT_PARTS = ['sae', 'features', 'metrics', 'config'] as const;
export type ExportPart = (typeof EXPORT_PARTS)[number];

/** Scale-out targets: a SAELens training script, a sparsify command line. */
export const SCALE_OUT_TARGETS = ['saelens', 'sparsify'] as const;
export type ScaleOutTarget = (typeof SCALE_OUT_TARGETS)[number];

/** Names inside an export (folder or archive root). */
export const EXPORT_LAYOUT = {
  /** The SAELens folder: cfg.json + sae_weights.safetensors. */
  sae: 'sae',
  features: 'features.json',
  featurePass: 'feature-pass.json',
  metrics: 'metrics.csv',
  config: 'config.json',
  manifest: 'mistudio-export.json',
} as const;

export interface ExportOwner {
  kind: 'sae' | 'training';
  id: string;
  name: string;
}

/** One finished export, listed on its SAE or training with its size. */
export interface ExportRecord {
  id: string;
  owner: ExportOwner;
  format: ExportFormat | 'script';
  /** What it holds: parts, or the scale-out target for scripts. */
  parts: (ExportPart | ScaleOutTarget)[];
  /** The file (zip/tar.gz) or folder written. */
  path: string;
  sizeBytes: number;
  createdAt: number;
}

/** The root manifest every export of ours carries (mistudio-export.json). */
export interface ExportManifest {
  format: 'mistudio-export';
  version: 1;
  parts: ExportPart[];
  owner: ExportOwner;
  /** Model the SAE reads: hub id where known, else the display name. */
  model: { name: string; hubId: string | null };
  hook: string;
  dIn: number;
  dSae: number;
  features: number;
  exportedAt: number;
  appVersion: string;
}

/** What an archive holds, checked end to end before anything is written (exports.inspectArchive). */
export interface ArchiveInspection {
  path: string;
  kind: 'zip' | 'tar.gz';
  /** Size of the archive file, and of everything in it once unpacked. */
  sizeBytes: number;
  unpackedBytes: number;
  entries: { name: string; sizeBytes: number }[];
  parts: ExportPart[];
  manifest: ExportManifest | null;
  /** From the SAE's cfg.json. */
  sae: { hook: string; dIn: number; dSae: number; architecture: string; modelName: string | null } | null;
}

/** A scale-out script as written (the text is also returned so the UI can show and copy it). */
export interface ScaleOutResult {
  export: ExportRecord;
  /** The runnable file: train_saelens.py or sparsify.sh. */
  fileName: string;
  text: string;
  /** Hyperparameters that have no counterpart in the target (also listed in a comment in the file). */
  unmapped: { name: string; value: string; why: string }[];
}
