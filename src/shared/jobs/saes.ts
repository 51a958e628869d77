/**
 * Job-side shapes of the SAE folder import (docs/interop.md "Import"): `saes.inspectFolder`
 * reads and checks a SAELens / sparsify folder in a worker (and, with a stage folder, writes
 * the runnable float32 copy); `saes.importProbe` measures explained variance and L0 on a few
 * hundred tokens right after the import. Both are ephemeral (no job row).
 */
import type { SaeFolderPreview } from '../types/saes';
import type { ExecutionProvider } from '../types/settings';

/** What the worker reads from a folder; main adds the model-specific parts of SaeFolderPreview. */
export type SaeFolderSummary = Omit<SaeFolderPreview, 'folder' | 'hook' | 'hookHow' | 'refusals'> & {
  /** cfg fields kept as provenance (model_name, dataset_path, context_size, …). */
  saelens: Record<string, string | number | boolean | null>;
};

export interface InspectSaeFolderParams {
  folder: string;
  /** Write the runnable float32 SAELens folder here (must not exist), reading `hook`; null = only read and check. */
  stageDir: string | null;
  hook: string | null;
}

/** Refusals are a result, not a failure: main turns them into VALIDATION errors with the sentence intact. */
export type InspectSaeFolderResult = { ok: true; summary: SaeFolderSummary } | { ok: false; code: string; message: string };

export interface ImportProbeParams {
  saeDir: string;
  modelDir: string;
  hook: string;
  tokensDir: string;
  /** Real tokens to read from the start of the token set (a few hundred: a quick check, not an eval). */
  maxTokens: number;
  provider?: ExecutionProvider;
}

export interface ImportProbeResult {
  tokens: number;
  explainedVariance: number;
  l0: number;
}
