import { SaeEncoder, type EncodedBatch } from '../../features/encoder';
import { hookActivations } from '../../features/pass-task';
import { selectedWindows, windowBatches } from '../../features/windows';
import { cachedModel } from '../../model/model-cache';
import type { ProviderSetting } from '../../model/providers';
import { readSaeLensFolder } from '../saelens-reader';

export interface ImportProbeParams {
  saeDir: string;
  modelDir: string;
  hook: string;
  tokensDir: string;
  /** Real tokens to read from the start of the token set (a few hundred: a quick check, not an eval). */
  maxTokens: number;
  provider?: ProviderSetting;
}

export interface ImportProbeResult {
  tokens: number;
  explainedVariance: number;
  l0: number;
}

/** Dense row t of an encoded batch into `row` [d_sae]. */
function rowOf(enc: EncodedBatch, t: number, dSae: number, row: Float32Array): void {
  if (enc.kind === 'dense') {
    row.set(enc.f.subarray(t * dSae, (t + 1) * dSae));
    return;
  }
  row.fill(0);
  for (let e = t * enc.k; e < (t + 1) * enc.k; e++) row[enc.indices[e]!] = enc.values[e]!;
}

/**
 * Worker task `saes.importProbe` (docs/interop.md "Import"): the first `maxTokens` tokens of a
 * token set through the model to the SAE's hook, encoded and decoded (x̂ = f W_dec + b_dec),
 * streamed batch by batch. Explained variance as SAELens, over all probed tokens:
 *   EV = 1 − Σ‖x − x̂‖² / Σ‖x − x̄‖²,  Σ‖x − x̄‖² = Σ‖x‖² − N‖x̄‖²  (float64 sums, one pass);
 * L0 = mean over tokens of #{f_i > 0}.
 */
export async function importProbeTask(raw: unknown): Promise<ImportProbeResult> {
  const p = raw as ImportProbeParams;
  const sae = await readSaeLensFolder(p.saeDir);
  const lm = cachedModel(p.modelDir, p.provider ?? 'cpu');
  lm.hook(p.hook);
  if (lm.architecture.dModel !== sae.dIn) throw new Error(`the SAE reads d_in ${sae.dIn} but ${p.hook} is ${lm.architecture.dModel} wide`);
  const { dIn, dSae } = sae;
  const { W_dec, b_dec } = sae.weights;
  const encoder = await SaeEncoder.open(sae, p.provider);
  const sum = new Float64Array(dIn);
  let sumSq = 0;
  let sse = 0;
  let active = 0;
  let tokens = 0;
  const f = new Float32Array(dSae);
  const xHat = new Float64Array(dIn);
  try {
    for await (const batch of windowBatches(selectedWindows(p.tokensDir, { ordinals: null, maxTokens: p.maxTokens }), 256)) {
      const n = batch.reduce((s, w) => s + w.tokens.length, 0);
      const x = await hookActivations(lm, p.hook, batch, n); // [n, d_in]
      const enc = await encoder.encode(x, n);
      for (let t = 0; t < n; t++) {
        rowOf(enc, t, dSae, f);
        xHat.set(b_dec);
        for (let j = 0; j < dSae; j++) {
          const a = f[j]!;
          if (a <= 0) continue;
          active++;
          for (let c = 0; c < dIn; c++) xHat[c]! += a * W_dec[j * dIn + c]!;
        }
        for (let c = 0; c < dIn; c++) {
          const v = x[t * dIn + c]!;
          sum[c]! += v;
          sumSq += v * v;
          sse += (v - xHat[c]!) ** 2;
        }
      }
      tokens += n;
    }
  } finally {
    await encoder.release();
  }
  if (tokens === 0) throw new Error('the token set has no tokens to probe');
  let meanSq = 0;
  for (let c = 0; c < dIn; c++) meanSq += (sum[c]! / tokens) ** 2;
  const sst = sumSq - tokens * meanSq;
  return { tokens, explainedVariance: sst > 0 ? 1 - sse / sst : 0, l0: active / tokens };
}
