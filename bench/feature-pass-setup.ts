/**
 * Set-up for bench/feature-pass.ts: the demo corpus tokenized with the real task, and SAEs at
 * d_sae 16,384 for the demo model whose sparsity looks like a trained SAE's (random directions,
 * calibrated on the model's own activations), written as SAELens folders both sides load.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { tokenizeDatasetTask } from '../src/compute/datasets/tokenize';
import { createTestDataset, fakeContext } from '../test/task-support';
import { cachedModel } from '../src/compute/model/model-cache';
import { readActivations } from '../src/compute/model/read-activations';
import { readTokenRows } from '../src/compute/datasets/tokenize';
import { Rng } from '../src/compute/sae/rng';
import { buildSaeLensCfg, writeSaeLensFolder } from '../src/compute/sae/saelens-format';
import type { SaeArchitecture } from '../src/compute/sae/types';
import { repoRoot } from './torch-peer';

export const MODEL_DIR = path.join(repoRoot, 'resources', 'demo-model');
export const HOOK = 'blocks.2.hook_resid_post';
export const CONTEXT = 128;
const TRAIN_JSONL = path.join(repoRoot, 'resources', 'demo-dataset', 'kjv-train.jsonl');

/** The first `docs` train documents, tokenized (concat_chunk, context 128, BOS first). */
export async function tokenizeCorpus(docs: number) {
  const texts = readFileSync(TRAIN_JSONL, 'utf8')
    .split('\n')
    .filter((l) => l.trim())
    .slice(0, docs)
    .map((l) => ({ text: (JSON.parse(l) as { text: string }).text }));
  const ds = createTestDataset(texts, 'bench-feature-pass');
  const tokensDir = path.join(ds.dir, 'tokens');
  const settings = {
    mode: 'concat_chunk',
    maxLength: CONTEXT,
    padding: 'none',
    truncation: 'none',
    addSpecialTokens: false,
    returnAttentionMask: true,
    contextSize: CONTEXT,
    prependBos: true,
  } as const;
  const tok = await tokenizeDatasetTask(
    { datasetId: ds.datasetId, dbPath: ds.dbPath, modelDir: MODEL_DIR, settings, outDir: tokensDir },
    fakeContext(),
  );
  return { ...ds, tokensDir, docs: texts.length, windows: tok.totals.rows, tokens: tok.totals.tokens - tok.totals.paddingTokens };
}

/** Mean and mean centred L2 norm of the hook's activations over the first `windows` windows. */
async function activationScale(tokensDir: string, windows: number): Promise<{ mean: Float32Array; norm: number }> {
  const lm = cachedModel(MODEL_DIR, 'cpu');
  const d = lm.architecture.dModel;
  const ids: number[][] = [];
  for await (const row of readTokenRows(tokensDir)) {
    ids.push(Array.from(row.tokens));
    if (ids.length >= windows) break;
  }
  let x: Float32Array = new Float32Array(0);
  for await (const b of readActivations(lm, [{ inputIds: ids }], [HOOK])) x = b.activations[HOOK]!;
  const n = x.length / d;
  const mean = new Float32Array(d);
  for (let i = 0; i < n; i++) for (let c = 0; c < d; c++) mean[c]! += x[i * d + c]! / n;
  let norm = 0;
  for (let i = 0; i < n; i++) {
    let s = 0;
    for (let c = 0; c < d; c++) s += (x[i * d + c]! - mean[c]!) ** 2;
    norm += Math.sqrt(s) / n;
  }
  return { mean, norm };
}

/**
 * An SAE with random unit decoder directions; encoder = decoderᵀ / (mean centred norm), so a
 * pre-activation is ≈ N(0, 1) on this model's activations; b_dec = the activation mean. Standard:
 * b_enc = −2.66 (≈ 0.4 % of features fire per token, L0 ≈ 64 at d_sae 16,384, a trained SAE's range);
 * TopK: b_enc = 0 and k = 64.
 */
export async function writeBenchSae(dir: string, architecture: SaeArchitecture, dSae: number, tokensDir: string, k = 64): Promise<void> {
  const { mean, norm } = await activationScale(tokensDir, 8);
  const d = mean.length;
  const rng = new Rng(2024);
  const gauss = () => Math.sqrt(-2 * Math.log(1 - rng.next())) * Math.cos(2 * Math.PI * rng.next());
  const W_dec = new Float32Array(dSae * d);
  const W_enc = new Float32Array(d * dSae);
  for (let j = 0; j < dSae; j++) {
    const row = Float32Array.from({ length: d }, gauss);
    const len = Math.hypot(...row);
    for (let c = 0; c < d; c++) {
      W_dec[j * d + c] = row[c]! / len;
      W_enc[c * dSae + j] = ((row[c]! / len) * Math.sqrt(d)) / norm; // (x − mean)·u ≈ N(0, ‖x − mean‖²/d) → ≈ N(0, 1)
    }
  }
  const b_enc = new Float32Array(dSae).fill(architecture === 'standard' ? -2.66 : 0);
  const cfg = buildSaeLensCfg(
    architecture,
    d,
    dSae,
    { modelName: 'demo-model', hookName: HOOK, hookLayer: 2, contextSize: CONTEXT, prependBos: true },
    k,
  );
  await writeSaeLensFolder(dir, { W_enc, b_enc, W_dec, b_dec: mean }, cfg);
}
