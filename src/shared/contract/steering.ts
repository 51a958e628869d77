import { z } from 'zod';
import { method } from './define';
import { generationOptionsSchema } from './models';
import type { JobRecord } from '../types/jobs';
import { MAX_NEW_TOKENS, MAX_SAMPLES, MAX_SWEEP_POINTS, type SteeringMode, type SteeringPresetRecord } from '../types/steering';

const id = z.string().min(1).max(64);
const featureIndex = z.number().int().min(0).max(16_777_215);
const modeSchema = z.enum(['additive', 'clamp']);

/**
 * One steered feature as the researcher sets it: the coefficient is in multiples of the
 * feature's max activation from the SAE's feature pass (main looks the scale up), so +1 means
 * "as strongly as it ever fires". Sliders span −5…+5; typed values beyond are allowed. `mode`
 * is the feature's own (additive or clamp; one run may mix them); absent = the run's `mode`.
 */
export const steeringFeatureSchema = z
  .object({ feature: featureIndex, coefficient: z.number().finite().min(-1000).max(1000), mode: modeSchema.optional() })
  .strict();

/** Everything a steering run needs apart from the features: also what a preset stores. */
const steeringBase = {
  saeId: id,
  /** Default the SAE's own hook; another of the same d_model is allowed (with a warning). */
  hook: z.string().trim().min(1).max(200).optional(),
  prompt: z.string().min(1).max(20_000),
  /**
   * The mode of every feature that gives none (default additive); for a sweep, the swept
   * feature's mode. Presets saved before modes were per feature carry only this.
   */
  mode: modeSchema.optional(),
  positions: z.enum(['all', 'prompt', 'generated']).default('all'),
  options: generationOptionsSchema.extend({ maxNewTokens: z.number().int().min(1).max(MAX_NEW_TOKENS) }),
};

export const steeringGenerateSchema = z
  .object({
    ...steeringBase,
    features: z
      .array(steeringFeatureSchema)
      .min(1)
      .max(64)
      .refine((fs) => new Set(fs.map((f) => f.feature)).size === fs.length, 'a feature is listed twice'),
    samples: z.number().int().min(1).max(MAX_SAMPLES).default(1),
  })
  .strict();
export type SteeringGenerateInput = z.input<typeof steeringGenerateSchema>;

/** Each feature's own mode: its `mode`, else the run's, else additive. */
export function withFeatureModes<F extends { mode?: SteeringMode | undefined }>(
  features: readonly F[],
  runMode: SteeringMode | undefined,
): (F & { mode: SteeringMode })[] {
  return features.map((f) => ({ ...f, mode: f.mode ?? runMode ?? 'additive' }));
}

export const steeringSweepSchema = z
  .object({
    ...steeringBase,
    feature: featureIndex,
    coefficients: z.array(z.number().finite().min(-1000).max(1000)).min(1).max(MAX_SWEEP_POINTS),
  })
  .strict();
export type SteeringSweepInput = z.input<typeof steeringSweepSchema>;

/**
 * A preset: the whole configuration (SAE, features with coefficients and modes, hook,
 * positions, prompt, sampling, samples). Validated on save and on import, so loading never
 * fills the page with out-of-range values. A preset saved with one run-level `mode` loads with
 * that mode on every feature (the output has per-feature modes only).
 */
export const steeringPresetConfigSchema = z
  .object({
    ...steeringBase,
    features: z.array(steeringFeatureSchema).max(64),
    samples: z.number().int().min(1).max(MAX_SAMPLES).default(1),
  })
  .strict()
  .transform(({ mode, features, ...rest }) => ({ ...rest, features: withFeatureModes(features, mode) }));
export type SteeringPresetConfig = z.output<typeof steeringPresetConfigSchema>;

const presetName = z.string().trim().min(1).max(200);

/** The export file: one or more presets, versioned. */
export const steeringPresetFileSchema = z
  .object({
    format: z.literal('mistudio.steering-presets'),
    version: z.literal(1),
    presets: z
      .array(
        z
          .object({
            name: presetName,
            description: z.string().max(2000).nullable().default(null),
            isFavorite: z.boolean().default(false),
            config: steeringPresetConfigSchema,
          })
          .strict(),
      )
      .min(1)
      .max(1000),
  })
  .strict();
export type SteeringPresetFile = z.output<typeof steeringPresetFileSchema>;

/** What the service tells the caller alongside a started job: scales used and warnings (e.g. a foreign hook). */
export interface SteeringJobStarted {
  job: JobRecord;
  /** Per feature: its max activation from the feature pass (the coefficient's unit). */
  scales: { feature: number; scale: number }[];
  warnings: string[];
}

export const steeringMethods = {
  /** Steered vs unsteered from the same prompt, seed and sampling; tokens stream as `steering.token`, pairs as `steering.pair`. */
  'steering.generate': method<SteeringJobStarted>()(steeringGenerateSchema),
  /** Dose-response sweep of one feature; tokens stream as `steering.sweepToken`, points as `steering.sweepPoint`. */
  'steering.sweep': method<SteeringJobStarted>()(steeringSweepSchema),
  /** Stop a running generate/sweep (cooperative: the pairs/points so far were streamed). */
  'steering.stop': method<JobRecord>()(z.object({ jobId: id }).strict()),
  /** Presets of an SAE (all when saeId is absent), favourites first, newest first. */
  'steering.presets.list': method<SteeringPresetRecord[]>()(z.object({ saeId: id.optional() }).strict()),
  'steering.presets.get': method<SteeringPresetRecord>()(z.object({ id }).strict()),
  'steering.presets.save': method<SteeringPresetRecord>()(
    z
      .object({
        id: id.optional(),
        name: presetName,
        description: z.string().max(2000).nullable().optional(),
        isFavorite: z.boolean().optional(),
        config: steeringPresetConfigSchema,
      })
      .strict(),
  ),
  'steering.presets.rename': method<SteeringPresetRecord>()(z.object({ id, name: presetName }).strict()),
  'steering.presets.favorite': method<SteeringPresetRecord>()(z.object({ id, isFavorite: z.boolean() }).strict()),
  'steering.presets.delete': method<{ deleted: true }>()(z.object({ id }).strict()),
  /** The presets (given ids, or all of an SAE) as an export file (JSON text). */
  'steering.presets.export': method<{ json: string; count: number }>()(
    z.object({ ids: z.array(id).max(1000).optional(), saeId: id.optional() }).strict(),
  ),
  /** Import an export file (validated as a whole: nothing is saved when any preset is invalid). */
  'steering.presets.import': method<SteeringPresetRecord[]>()(z.object({ json: z.string().min(2).max(10_000_000) }).strict()),
};
