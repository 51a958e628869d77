import { z } from 'zod';

/** Where heavy compute runs. `auto` picks the best accelerator that loads. */
export const computeDeviceSchema = z.enum(['auto', 'gpu', 'cpu']);
export const executionProviderSchema = z.enum(['auto', 'cpu', 'webgpu', 'cuda', 'dml', 'coreml']);
export const trainingEngineSchema = z.enum(['auto', 'tfjs', 'ort']);

/**
 * Defaults for new trainings, with the hyperparameters' ranges (docs/training.md). L1 allows up
 * to 100 rather than the usual 0.1: with inputs normalised to √d_in mean norm and L1 weighted by decoder
 * row norms (SAELens / Anthropic April 2024), useful coefficients are around 1–10.
 */
export const trainingDefaultsSchema = z.object({
  learningRate: z.number().min(1e-6).max(1e-2),
  batchSize: z.number().int().min(32).max(16384),
  l1Coefficient: z.number().min(0).max(100),
  expansionFactor: z.number().int().min(1).max(64),
});

/** Everything the Settings page edits. The HF token is not here: it lives in the secret store. */
export const settingsSchema = z.object({
  hfCacheDir: z.string().min(1),
  computeDevice: computeDeviceSchema,
  executionProvider: executionProviderSchema,
  trainingEngine: trainingEngineSchema,
  trainingDefaults: trainingDefaultsSchema,
  /** Takes effect at next start; in serve mode `--data-dir` wins. */
  dataDir: z.string().min(1),
});
export type Settings = z.infer<typeof settingsSchema>;
export type TrainingDefaults = z.infer<typeof trainingDefaultsSchema>;

export const settingsPatchSchema = settingsSchema
  .omit({ trainingDefaults: true })
  .partial()
  .extend({ trainingDefaults: trainingDefaultsSchema.partial().optional() })
  .strict();
export type SettingsPatch = z.infer<typeof settingsPatchSchema>;

/** What the renderer sees: settings plus whether a token is stored (never the token itself). */
export interface SettingsView extends Settings {
  hfTokenSet: boolean;
  /** Where the secret is kept: Electron safeStorage, or a 0600 file in serve mode. */
  hfTokenStorage: 'safeStorage' | 'file';
  /** True when the running process' data dir differs from `dataDir` (restart needed). */
  dataDirPendingRestart: boolean;
}
