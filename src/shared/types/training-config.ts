import { z } from 'zod';

/** Ids of rows a config points at. */
const id = z.string().min(1).max(64);

/**
 * SAE hyperparameters (docs/training.md, "Hyperparameters"; defaults chosen so the bundled demo model's
 * middle-layer SAE reaches explained variance ≥ 0.8 in a few minutes on 2 CPU cores).
 * L1 goes to 100 rather than the usual 0.1: with inputs normalised to √d_in mean norm and
 * L1 weighted by decoder row norms (SAELens / Anthropic April 2024) useful values are ~1–10.
 */
export const hyperparametersSchema = z
  .object({
    architecture: z.enum(['standard', 'topk', 'jumprelu', 'batchtopk', 'gated', 'matryoshka']).default('standard'),
    expansionFactor: z.number().int().min(1).max(64).default(8),
    /** TopK: active features per token; BatchTopK and Matryoshka: the mean over the batch. */
    k: z.number().int().min(1).max(4096).default(32),
    /**
     * JumpReLU (Rajamanoharan et al. 2024) — defaults of SAELens JumpReLUTrainingSAEConfig:
     * λ of the L0 penalty, the STE rectangle-kernel bandwidth ε, the initial threshold θ₀.
     * Ignored by the other architectures.
     */
    l0Coefficient: z.number().min(0).max(100).default(1),
    jumpReluBandwidth: z.number().min(1e-5).max(1).default(0.001),
    jumpReluInitThreshold: z.number().min(1e-6).max(10).default(0.001),
    /** BatchTopK and Matryoshka: rate of the global threshold's running mean (SAELens topk_threshold_lr). */
    topkThresholdLr: z.number().min(1e-4).max(1).default(0.01),
    /**
     * Matryoshka (Bussmann et al. 2025; SAELens matryoshka_widths): the nested dictionary sizes
     * whose prefix reconstructions are each trained, as fractions of d_sae, strictly increasing;
     * the full dictionary (1) is always the last level, added when not listed. Absent = the
     * default MATRYOSHKA_WIDTHS_DEFAULT (src/shared/sae-architectures.ts), d_sae/16 … d_sae.
     * Optional so runs stored before Matryoshka, and callers that never train one, need no value.
     */
    matryoshkaWidths: z
      .array(z.number().gt(0).max(1))
      .min(1)
      .max(16)
      .refine((w) => w.every((v, i) => i === 0 || v > (w[i - 1] ?? 0)), 'Matryoshka widths must be strictly increasing')
      .optional(),
    /** TopK: AuxK loss weight (Gao et al. 2024). */
    auxKCoefficient: z
      .number()
      .min(0)
      .max(10)
      .default(1 / 32),
    learningRate: z.number().min(1e-6).max(1e-2).default(2e-3),
    batchSize: z.number().int().min(32).max(16384).default(1024),
    totalSteps: z.number().int().min(10).max(1_000_000).default(600),
    optimizer: z.enum(['adam', 'adamw', 'sgd']).default('adam'),
    adamBeta1: z.number().min(0).max(0.9999).default(0.9),
    adamBeta2: z.number().min(0).max(0.99999).default(0.999),
    adamEpsilon: z.number().min(1e-12).max(1e-3).default(1e-8),
    /** Decoupled weight decay, AdamW only (plain Adam and SGD take none, as SAELens' Adam). */
    weightDecay: z.number().min(0).max(1).default(0),
    lrSchedule: z.enum(['constant', 'linear', 'cosine', 'exponential']).default('cosine'),
    lrWarmupSteps: z.number().int().min(0).max(100_000).default(50),
    l1Coefficient: z.number().min(0).max(100).default(4),
    l1WarmupSteps: z.number().int().min(0).max(100_000).default(150),
    normalizeInputs: z.boolean().default(true),
    /** Ghost gradients (standard SAEs, tfjs engine). */
    ghostGradients: z.boolean().default(false),
    /** Resample dead features every N steps; 0 = off. */
    resampleEvery: z.number().int().min(0).max(1_000_000).default(0),
    /** Dead = fired on no token in this many recent tokens. */
    deadWindowTokens: z.number().int().min(1000).max(100_000_000).default(200_000),
    /** Dense = fires on more than this fraction of tokens. */
    denseThreshold: z.number().gt(0).max(1).default(0.01),
    seed: z
      .number()
      .int()
      .min(0)
      .max(2 ** 31 - 1)
      .default(42),
  })
  .strict();
export type HyperparametersInput = z.input<typeof hyperparametersSchema>;
/** Every hyperparameter's default, from the schema (so they are written once). */
export const HYPERPARAMETER_DEFAULTS = hyperparametersSchema.parse({});

/** Where training batches come from: an extracted activation set, or the model run live (no disk cache). */
export const trainingSourceSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('activations'), activationSetId: id }).strict(),
  z.object({ kind: z.literal('model'), modelId: id, datasetId: id }).strict(),
]);

export const trainingConfigSchema = z
  .object({
    name: z.string().trim().min(1).max(200).optional(),
    source: trainingSourceSchema,
    /** e.g. blocks.2.hook_resid_post; must be in the activation set / model. */
    hook: z.string().trim().min(1).max(200),
    hyperparameters: hyperparametersSchema,
    /** Auto-save every N steps (and always at the end); 0 = only at the end. */
    checkpointEvery: z.number().int().min(0).max(1_000_000).default(500),
    /** Live metrics every N steps. */
    metricsEvery: z.number().int().min(1).max(10_000).default(10),
    /** Splice evaluation (CE with/without SAE, zero-ablation, KL) every N steps; 0 = off. */
    evalEvery: z.number().int().min(0).max(1_000_000).default(250),
    /** Held-out tokens per splice evaluation. */
    evalTokens: z.number().int().min(64).max(1_000_000).default(4096),
    /** Engine override; default: Settings → training engine. */
    engine: z.enum(['auto', 'tfjs', 'ort']).optional(),
  })
  .strict();
export type TrainingConfigInput = z.input<typeof trainingConfigSchema>;
/** The run cadence defaults (checkpoints, metrics, splice evaluation), from the schema. */
export const RUN_CADENCE_DEFAULTS = trainingConfigSchema
  .pick({ checkpointEvery: true, metricsEvery: true, evalEvery: true, evalTokens: true })
  .parse({});
export type TrainingConfig = z.output<typeof trainingConfigSchema>;
