/**
 * Trains an SAE on the bundled demo model for steering checks and figures (docs/steering.md),
 * headless, with the app's own tasks: the KJV demo chapters are tokenized (128-token windows)
 * and the SAE trains on blocks.2.hook_resid_post straight from the model (no activation
 * cache), with the app's default hyperparameters (standard ReLU, ×8 = 2,048 features, 600
 * steps of 1,024 tokens; ≈ 2–4 min on 2 cores). Writes a SAELens folder.
 *
 *   npx tsx scripts/steering/train-demo-sae.ts OUT_DIR [--chapters N] [--steps N]
 */
import { readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import { tokenizeDatasetTask } from '../../src/compute/datasets/tokenize';
import { createTestDataset, DEMO_MODEL_DIR, fakeContext } from '../../test/task-support';
import { trainSaeTask } from '../../src/compute/training/task';
import { hyperparametersSchema } from '../../src/shared/contract/training';

const args = process.argv.slice(2);
const out = args[0];
if (!out || out.startsWith('--')) throw new Error('usage: npx tsx scripts/steering/train-demo-sae.ts OUT_DIR [--chapters N] [--steps N]');
const flag = (name: string, fallback: number) => {
  const i = args.indexOf(`--${name}`);
  return i > 0 ? Number(args[i + 1]) : fallback;
};
const HOOK = 'blocks.2.hook_resid_post';
const chapters = flag('chapters', 400);
const lines = readFileSync(path.join(DEMO_MODEL_DIR, '..', 'demo-dataset', 'kjv-train.jsonl'), 'utf8')
  .trim()
  .split('\n')
  .slice(0, chapters);
const ds = createTestDataset(lines.map((l) => ({ text: (JSON.parse(l) as { text: string }).text })));
try {
  const tokensDir = path.join(ds.dir, 'tokens');
  const settings = {
    mode: 'concat_chunk',
    maxLength: 128,
    padding: 'none',
    truncation: 'none',
    addSpecialTokens: false,
    returnAttentionMask: true,
    contextSize: 128,
    prependBos: true,
  } as const;
  const t0 = performance.now();
  await tokenizeDatasetTask(
    { datasetId: ds.datasetId, dbPath: ds.dbPath, modelDir: DEMO_MODEL_DIR, settings, outDir: tokensDir },
    fakeContext(),
  );
  console.log(`tokenized ${chapters} chapters in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
  const hp = { ...hyperparametersSchema.parse({ totalSteps: flag('steps', 600) }), dIn: 256 };
  const ctx = fakeContext();
  const logged = {
    ...ctx,
    log: (_l: string, m: string) => console.log(m),
    report: (m: unknown) => {
      const r = m as { type?: string; step?: number; explainedVariance?: number; l0?: number };
      if (r.step !== undefined && r.step % 100 === 0) console.log(JSON.stringify(m).slice(0, 300));
    },
  };
  const r = await trainSaeTask(
    {
      trainingId: 'demo-steering',
      hyperparameters: hp,
      source: { kind: 'model', modelDir: DEMO_MODEL_DIR, tokensDir, provider: 'cpu' },
      hook: HOOK,
      outDir: path.resolve(out),
      checkpointEvery: 0,
      metricsEvery: 50,
      engine: 'ort',
      provenance: { modelName: 'demo-model', hookName: HOOK, hookLayer: 2, contextSize: 128, prependBos: true },
    },
    logged,
  );
  console.log(
    `trained in ${((performance.now() - t0) / 1000).toFixed(0)} s; SAELens folder: ${r.checkpoints.at(-1)?.path}; final`,
    JSON.stringify(r.metrics),
  );
} finally {
  ds.cleanup();
  rmSync(path.join(ds.dir), { recursive: true, force: true });
}
