/** Test helpers: a tokenized slice of the demo corpus (train + validation samples) and small SAEs for the demo model. */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { tokenizeDatasetTask } from '../datasets/tokenize';
import { createTestDataset, DEMO_MODEL_DIR, fakeContext } from '../../../test/task-support';
import { appRoot } from '../../node-shared/paths';
import { Rng } from '../sae/rng';
import { buildSaeLensCfg, writeSaeLensFolder } from '../sae/saelens-format';
import type { SaeArchitecture, SaeWeights } from '../sae/types';

export const HOOK = 'blocks.2.hook_resid_post';
export const CONTEXT = 32;
const D_MODEL = 256;

function corpus(split: string, docs: number, chars: number): { text: string; split: string }[] {
  const file = path.join(appRoot(), 'resources', 'demo-dataset', `kjv-${split}.jsonl`);
  return readFileSync(file, 'utf8')
    .split('\n')
    .filter(Boolean)
    .slice(0, docs)
    .map((l) => ({ text: (JSON.parse(l) as { text: string }).text.slice(0, chars), split }));
}

/** Samples 0…3 train, 4…6 validation (ordinals = order), tokenized concat_chunk, context 32, BOS first. */
export async function demoTokens() {
  const samples = [...corpus('train', 4, 900), ...corpus('validation', 3, 900)];
  const ds = createTestDataset(samples);
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
  await tokenizeDatasetTask(
    { datasetId: ds.datasetId, dbPath: ds.dbPath, modelDir: DEMO_MODEL_DIR, settings, outDir: tokensDir },
    fakeContext(),
  );
  return { ...ds, tokensDir, validationOrdinals: new Set([4, 5, 6]) };
}

/**
 * A random SAE for the demo model's hook: encoder columns ~ N(0, 1/d), decoder = encoder transposed,
 * b_enc chosen so a ReLU feature fires on a few per cent of tokens (resid norms here are ≈ 10–60).
 */
export async function randomSae(dir: string, architecture: SaeArchitecture, dSae: number, seed = 1, k = 8): Promise<SaeWeights> {
  const rng = new Rng(seed);
  const gauss = () => Math.sqrt(-2 * Math.log(1 - rng.next())) * Math.cos(2 * Math.PI * rng.next());
  const W_enc = Float32Array.from({ length: D_MODEL * dSae }, () => gauss() / Math.sqrt(D_MODEL));
  const W_dec = new Float32Array(dSae * D_MODEL);
  for (let c = 0; c < D_MODEL; c++) for (let j = 0; j < dSae; j++) W_dec[j * D_MODEL + c] = W_enc[c * dSae + j]!;
  const weights: SaeWeights = {
    W_enc,
    b_enc: new Float32Array(dSae).fill(architecture === 'standard' ? -4 : 0),
    W_dec,
    b_dec: new Float32Array(D_MODEL),
  };
  const cfg = buildSaeLensCfg(
    architecture,
    D_MODEL,
    dSae,
    { modelName: 'demo-model', hookName: HOOK, hookLayer: 2, contextSize: CONTEXT, prependBos: true },
    k,
  );
  await writeSaeLensFolder(dir, weights, cfg);
  return weights;
}
