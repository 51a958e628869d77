/**
 * Train the demo SAE headlessly with the New-training drawer's defaults and print the figures
 * the README quotes (EV, L0, dense/dead features, splice evaluation). Same pipeline as
 * e2e/training.spec.ts: the KJV demo corpus tokenized with the Tokenization tab's defaults, 100 k
 * tokens of layer 2's residual stream extracted with validation/test held out, then training.
 *
 *   npx tsx scripts/demo-sae/measure.ts [--work DIR] [--hp '{"l1Coefficient":6}']
 *
 * `--work DIR` keeps the tokenized corpus and activation set between runs (extraction is the slow part).
 */
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { extractActivationsTask } from '../../src/compute/activations/task';
import { tokenizeDatasetTask } from '../../src/compute/datasets/tokenize';
import { createTestDataset, DEMO_MODEL_DIR, fakeContext } from '../../test/task-support';
import { trainSaeTask } from '../../src/compute/training/task';
import { recordingContext } from '../../src/compute/training/test-support';
import type { TrainingReport } from '../../src/compute/training/types';
import { appRoot } from '../../src/main/core/paths';
import { hyperparametersSchema, trainingConfigSchema } from '../../src/shared/contract/training';
import { DEFAULT_TOKENIZATION } from '../../src/shared/contract/datasets';

const HOOK = 'blocks.2.hook_resid_post';
const { values } = parseArgs({
  options: { work: { type: 'string' }, hp: { type: 'string', default: '{}' }, tokens: { type: 'string', default: '100000' } },
});
const work = path.resolve(values.work ?? path.join(appRoot(), 'test-results', 'demo-sae'));
mkdirSync(work, { recursive: true });

const KJV = path.join(appRoot(), 'resources', 'demo-dataset');
const samples = (['train', 'validation', 'test'] as const).flatMap((split) =>
  readFileSync(path.join(KJV, `kjv-${split}.jsonl`), 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((l) => ({ text: (JSON.parse(l) as { text: string }).text, split })),
);

async function main(): Promise<void> {
  const dbFile = path.join(work, 'db.json');
  let ds: { dbPath: string; datasetId: string };
  if (existsSync(dbFile)) ds = JSON.parse(readFileSync(dbFile, 'utf8')) as typeof ds;
  else {
    const made = createTestDataset(samples, 'ds-kjv');
    ds = { dbPath: made.dbPath, datasetId: made.datasetId };
    (await import('node:fs')).writeFileSync(dbFile, JSON.stringify(ds));
  }
  const tokensDir = path.join(work, 'tokens');
  if (!existsSync(path.join(tokensDir, 'manifest.json'))) {
    await tokenizeDatasetTask(
      { datasetId: ds.datasetId, dbPath: ds.dbPath, modelDir: DEMO_MODEL_DIR, settings: DEFAULT_TOKENIZATION, outDir: tokensDir },
      fakeContext(),
    );
  }
  const actsDir = path.join(work, 'acts');
  const holdOut = { dbPath: ds.dbPath, datasetId: ds.datasetId, splits: ['validation', 'test'] };
  if (!existsSync(path.join(actsDir, 'manifest.json'))) {
    await extractActivationsTask(
      {
        modelDir: DEMO_MODEL_DIR,
        tokensDir,
        hooks: [HOOK],
        batchSize: 8,
        maxTokens: Number(values.tokens),
        dtype: 'float32',
        outDir: actsDir,
        holdOut,
      },
      fakeContext(),
    );
  }
  const drawer = hyperparametersSchema.parse(JSON.parse(values.hp ?? '{}'));
  const hp = { ...drawer, dIn: 256 };
  const cfg = trainingConfigSchema.parse({ source: { kind: 'activations', activationSetId: 'x' }, hook: HOOK, hyperparameters: drawer });
  const outDir = path.join(work, `sae-${Date.now()}`);
  const ctx = recordingContext();
  const t0 = performance.now();
  await trainSaeTask(
    {
      trainingId: 'tr-measure',
      hyperparameters: hp,
      source: { kind: 'activations', activationsDir: actsDir },
      hook: HOOK,
      outDir,
      checkpointEvery: cfg.checkpointEvery,
      metricsEvery: cfg.metricsEvery,
      engine: cfg.engine ?? 'auto',
      evaluation: {
        modelDir: DEMO_MODEL_DIR,
        every: cfg.evalEvery,
        tokens: cfg.evalTokens,
        contextSize: DEFAULT_TOKENIZATION.contextSize,
        text: { dbPath: ds.dbPath, datasetId: ds.datasetId, inSample: false },
      },
    },
    ctx,
  );
  const steps = ctx.reports.filter((r): r is Extract<TrainingReport, { type: 'step' }> => r.type === 'step');
  const last = steps.at(-1);
  const evals = ctx.reports.filter((r): r is Extract<TrainingReport, { type: 'eval' }> => r.type === 'eval');
  const dens = ctx.reports.filter((r): r is Extract<TrainingReport, { type: 'density' }> => r.type === 'density').at(-1);
  const changed = JSON.parse(values.hp ?? '{}') as Record<string, unknown>;
  console.log(
    JSON.stringify(
      {
        overrides: changed,
        seconds: Math.round((performance.now() - t0) / 1000),
        last,
        finalEval: evals.at(-1),
        density: dens && { edges: dens.edges.map((e) => +e.toFixed(2)), counts: dens.counts, never: dens.deadCount },
      },
      null,
      1,
    ),
  );
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
