/**
 * A default unit for coefficients when no feature pass is at hand: each feature's max
 * activation over the prompt's own positions (docs/steering.md). Zero when the feature does
 * not fire on the prompt — then the caller must supply the scale.
 */
import type { LanguageModel } from '../model/language-model';
import { featureActivations, type SteeringSae } from './sae';

export async function maxActivationsOnPrompt(lm: LanguageModel, sae: SteeringSae, hook: string, promptIds: number[], features: readonly number[]): Promise<number[]> {
  const x = (await lm.forward({ inputIds: [promptIds] }, { read: [hook] })).activations[hook];
  if (!x) throw new Error(`no value read at ${hook}`);
  const a = featureActivations(sae, x, promptIds.length, features);
  return features.map((_, i) => {
    let m = 0;
    for (let t = 0; t < promptIds.length; t++) m = Math.max(m, a[t * features.length + i]!);
    return m;
  });
}
