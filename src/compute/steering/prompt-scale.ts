/**
 * Quantities measured on the prompt itself, when no feature pass is at hand (docs/steering.md):
 * each feature's max activation over the prompt's positions (a default unit for coefficients;
 * zero when the feature does not fire there — then the caller must supply the scale), and the
 * mean residual norm at the hook (to compare the steering vector's norm against).
 */
import type { LanguageModel } from '../model/language-model';
import { l2Norm } from './intervention';
import { featureActivations, type SteeringSae } from './sae';

async function hookValues(lm: LanguageModel, hook: string, promptIds: number[]): Promise<Float32Array> {
  const x = (await lm.forward({ inputIds: [promptIds] }, { read: [hook] })).activations[hook];
  if (!x) throw new Error(`no value read at ${hook}`);
  return x;
}

export async function maxActivationsOnPrompt(
  lm: LanguageModel,
  sae: SteeringSae,
  hook: string,
  promptIds: number[],
  features: readonly number[],
): Promise<number[]> {
  const a = featureActivations(sae, await hookValues(lm, hook, promptIds), promptIds.length, features);
  return features.map((_, i) => {
    let m = 0;
    for (let t = 0; t < promptIds.length; t++) m = Math.max(m, a[t * features.length + i]!);
    return m;
  });
}

/** Mean over the prompt's positions of ‖x_t‖₂ at the hook (unsteered model). */
export async function meanResidualNormOnPrompt(lm: LanguageModel, hook: string, promptIds: number[]): Promise<number> {
  const x = await hookValues(lm, hook, promptIds);
  const d = lm.architecture.dModel;
  let s = 0;
  for (let t = 0; t < promptIds.length; t++) s += l2Norm(x.subarray(t * d, (t + 1) * d));
  return s / promptIds.length;
}
