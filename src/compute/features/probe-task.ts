import { cachedModel } from '../model/model-cache';
import { readActivations } from '../model/read-activations';
import type { TaskContext } from '../runtime/context';
import { readSaeLensFolder, type LoadedSae } from '../sae/saelens-reader';
import { SaeEncoder, type EncodedBatch } from './encoder';
import { FeaturePassError } from './params';
import type { ProbeTaskParams, ProbeTaskResult } from './protocol';

/** Loaded SAE + encoder per worker, reused while the same folder is probed (typing a text probes often). */
let cached: { dir: string; sae: LoadedSae; encoder: SaeEncoder } | null = null;

async function encoderFor(dir: string, provider?: string): Promise<{ sae: LoadedSae; encoder: SaeEncoder }> {
  if (cached?.dir !== dir) {
    await cached?.encoder.release();
    cached = null;
    const sae = await readSaeLensFolder(dir);
    cached = { dir, sae, encoder: await SaeEncoder.open(sae, provider) };
  }
  return cached;
}

/** Activation of `feature` on token t of an encoded batch. */
function activationOf(enc: EncodedBatch, dSae: number, t: number, feature: number): number {
  if (enc.kind === 'dense') return enc.f[t * dSae + feature] ?? 0;
  for (let e = t * enc.k; e < (t + 1) * enc.k; e++) if (enc.indices[e] === feature) return enc.values[e] ?? 0;
  return 0;
}

/** The top `count` firing features of token t, highest first (ties: lower index first). */
function topOf(enc: EncodedBatch, dSae: number, t: number, count: number): { featureIndex: number; activation: number }[] {
  const all: { featureIndex: number; activation: number }[] = [];
  if (enc.kind === 'dense') {
    for (let j = 0; j < dSae; j++) {
      const v = enc.f[t * dSae + j] ?? 0;
      if (v > 0) all.push({ featureIndex: j, activation: v });
    }
  } else {
    for (let e = t * enc.k; e < (t + 1) * enc.k; e++)
      if ((enc.values[e] ?? 0) > 0) all.push({ featureIndex: enc.indices[e] ?? 0, activation: enc.values[e] ?? 0 });
  }
  return all.sort((a, b) => b.activation - a.activation || a.featureIndex - b.featureIndex).slice(0, count);
}

/**
 * Probe text (docs/features.md): tokenize, run the model with a read hook at the SAE's hook
 * (BOS first when the model has one, as training windows start), encode every token with the SAE
 * and return per token its top features, and optionally one feature's activation on every token.
 */
export async function probeTextTask(p: ProbeTaskParams, _ctx: TaskContext): Promise<ProbeTaskResult> {
  if (typeof p?.text !== 'string' || !p.text.length) throw new FeaturePassError('BAD_PARAMS', 'probe: type some text to probe');
  if (!Number.isInteger(p.topFeatures) || p.topFeatures < 1)
    throw new FeaturePassError('BAD_PARAMS', `probe: topFeatures must be a positive integer (got ${p.topFeatures})`);
  const lm = cachedModel(p.modelDir, p.provider ?? 'cpu');
  lm.hook(p.hook);
  const { sae, encoder } = await encoderFor(p.saeDir, p.provider);
  if (p.featureIndex !== null && (!Number.isInteger(p.featureIndex) || p.featureIndex < 0 || p.featureIndex >= sae.dSae)) {
    throw new FeaturePassError('BAD_PARAMS', `probe: feature ${p.featureIndex} is outside 0…${sae.dSae - 1}`);
  }
  if (lm.architecture.dModel !== sae.dIn)
    throw new FeaturePassError('BAD_PARAMS', `the SAE reads d_in ${sae.dIn} but ${p.hook} is ${lm.architecture.dModel} wide`);
  const bos = lm.tokenizer.bosTokenId;
  const body = lm.tokenizer.encode(p.text, { addSpecialTokens: false });
  const maxLen = lm.architecture.maxPositions ?? body.length + 1;
  const ids = [...(bos === null ? [] : [bos]), ...body].slice(0, maxLen);
  const skip = bos === null ? 0 : 1;
  let x: Float32Array | null = null;
  for await (const b of readActivations(lm, [{ inputIds: [ids] }], [p.hook])) x = b.activations[p.hook]!;
  if (!x) throw new FeaturePassError('FEATURE_PASS_FAILED', 'probe: the model returned no activations');
  const enc = await encoder.encode(x, ids.length);
  const texts = lm.tokenizer.tokenTexts(ids);
  const tokens: ProbeTaskResult['tokens'] = [];
  for (let t = skip; t < ids.length; t++) {
    tokens.push({
      tokenId: ids[t]!,
      text: texts[t] ?? '',
      top: topOf(enc, sae.dSae, t, p.topFeatures),
      featureActivation: p.featureIndex === null ? null : activationOf(enc, sae.dSae, t, p.featureIndex),
    });
  }
  return { tokens, truncated: bos === null ? body.length > maxLen : body.length + 1 > maxLen };
}
