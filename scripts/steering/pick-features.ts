/**
 * Finds demo features for steering checks (docs/steering.md): runs the SAE's encoder over the
 * KJV validation chapters at its hook to get each feature's max activation and firing rate
 * (a small stand-in for the feature pass), and ranks firing features by how peaked their
 * logit lens is (top W_dec[f]·W_U score in standard deviations above the mean score).
 *
 *   npx tsx scripts/steering/pick-features.ts SAE_DIR [--chapters N] [--top N]
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { LanguageModel } from '../../src/compute/model/language-model';
import { logitLensScores, featureLogitLens } from '../../src/compute/steering/logit-lens';
import { featureActivations, loadSteeringSae } from '../../src/compute/steering/sae';

const args = process.argv.slice(2);
const saeDir = args[0];
if (!saeDir) throw new Error('usage: npx tsx scripts/steering/pick-features.ts SAE_DIR [--chapters N] [--top N]');
const flag = (name: string, fallback: number) => (args.includes(`--${name}`) ? Number(args[args.indexOf(`--${name}`) + 1]) : fallback);
const demo = path.join(import.meta.dirname, '..', '..', 'resources', 'demo-model');
const lm = LanguageModel.load(demo, { provider: 'cpu' });
const sae = await loadSteeringSae(saeDir);
const hook = sae.hookName ?? 'blocks.2.hook_resid_post';
const all = Array.from({ length: sae.dSae }, (_, j) => j);
const max = new Float64Array(sae.dSae);
const fired = new Float64Array(sae.dSae);
let tokens = 0;
const lines = readFileSync(path.join(demo, '..', 'demo-dataset', 'kjv-validation.jsonl'), 'utf8')
  .trim()
  .split('\n')
  .slice(0, flag('chapters', 20));
for (const line of lines) {
  const ids = lm.tokenizer.encode((JSON.parse(line) as { text: string }).text);
  for (let s = 0; s + 8 < ids.length; s += 128) {
    const win = ids.slice(s, s + 128);
    const x = (await lm.forward({ inputIds: [win] }, { read: [hook] })).activations[hook]!;
    const a = featureActivations(sae, x, win.length, all);
    for (let t = 0; t < win.length; t++)
      for (const j of all) {
        const v = a[t * sae.dSae + j]!;
        if (v > 0) fired[j]!++;
        if (v > max[j]!) max[j] = v;
      }
    tokens += win.length;
  }
}
const U = lm.unembedding();
const ranked = all
  .filter((j) => fired[j]! > 0)
  .map((j) => {
    const s = logitLensScores(sae, U, j);
    const mean = s.reduce((a, b) => a + b, 0) / s.length;
    const sd = Math.sqrt(s.reduce((a, b) => a + (b - mean) ** 2, 0) / s.length);
    return { j, z: (Math.max(...s) - mean) / sd };
  })
  .sort((a, b) => b.z - a.z);
console.log(`${tokens} tokens of validation text; ${ranked.length} of ${sae.dSae} features fired`);
for (const { j, z } of ranked.slice(0, flag('top', 15))) {
  const lens = featureLogitLens(sae, U, j, 6);
  console.log(
    `feature ${j}: max ${max[j]!.toFixed(3)}, fires on ${((100 * fired[j]!) / tokens).toFixed(2)} %, lens peak ${z.toFixed(1)} sd; top ${lm.tokenizer
      .tokenTexts(lens.top.map((t) => t.tokenId))
      .map((t) => JSON.stringify(t))
      .join(' ')}; ids ${lens.top.map((t) => t.tokenId).join(',')}`,
  );
}
await lm.release();
