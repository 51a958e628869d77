/**
 * Makes the bundled demo SAE (resources/demo-sae/): the README's first-SAE path run headless
 * through the real core — tokenize the bundled KJV corpus for the bundled demo model with the
 * Tokenization tab's defaults, extract layer 2's residual stream with the extraction defaults,
 * train an SAE with the training defaults — then copy the final checkpoint's SAELens files
 * (cfg.json + sae_weights.safetensors) and write provenance.json + README.md beside them.
 *
 *   node --import tsx scripts/demo-sae/make-demo-sae.ts [--out resources/demo-sae] [--keep-data-dir]
 *
 * Takes a few minutes on two CPU cores. The result is committed, so a fresh app and the e2e
 * tests have an SAE to analyse without training one (docs/features.md).
 */
import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { buildNode } from '../build-node.mjs';
import { createCore, type Core } from '../../src/main/core';
import { appRoot } from '../../src/main/core/paths';
import type { TrainingConfigInput } from '../../src/shared/contract/training';
import { DEFAULT_TOKENIZATION } from '../../src/shared/contract/datasets';
import type { ActivationSetRecord } from '../../src/shared/types/activations';
import type { SaeProvenance } from '../../src/shared/types/saes';
import type { TrainingRecord } from '../../src/shared/types/training';

const HOOK = 'blocks.2.hook_resid_post';
const TOKENIZATION = DEFAULT_TOKENIZATION;

const args = process.argv.slice(2);
const outDir = path.resolve(
  args[args.indexOf('--out') + 1] && args.includes('--out')
    ? args[args.indexOf('--out') + 1]!
    : path.join(appRoot(), 'resources', 'demo-sae'),
);
const keep = args.includes('--keep-data-dir');

async function call<T>(core: Core, method: string, a: unknown): Promise<T> {
  const env = await core.dispatch(method as never, a as never);
  if (!env.ok) throw new Error(`${method}: ${env.error.message}`);
  return env.result as T;
}

async function until<T>(what: string, get: () => T | null | undefined | false, timeoutMs = 3_600_000): Promise<T> {
  const t0 = Date.now();
  for (;;) {
    const v = get();
    if (v) return v;
    if (Date.now() - t0 > timeoutMs) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

const t0 = Date.now();
const say = (m: string) => process.stdout.write(`[${((Date.now() - t0) / 1000).toFixed(0).padStart(4)} s] ${m}\n`);

await buildNode({ quiet: true });
const dataDir = mkdtempSync(path.join(os.tmpdir(), 'mistudio-demo-sae-'));
const resources = path.join(appRoot(), 'resources');
const core = await createCore({
  dataDir,
  mode: 'serve',
  demoModelDir: path.join(resources, 'demo-model'),
  demoDatasetDir: path.join(resources, 'demo-dataset'),
  demoSaeDir: null,
});
try {
  const model = await until('the demo model', () => core.models.store.list().find((m) => m.source === 'bundled' && m.status === 'ready'));
  const dataset = await until('the demo dataset', () =>
    core.datasets.store.list().find((d) => d.source === 'bundled' && d.status === 'ready'),
  );
  say(`model ${model.name}, dataset ${dataset.name} (${dataset.sampleCount} samples)`);

  await call(core, 'datasets.tokenize', { id: dataset.id, modelId: model.id, settings: TOKENIZATION });
  await until('tokenization', () => core.datasets.get(dataset.id).status === 'tokenized');
  say(`tokenized: ${core.datasets.get(dataset.id).tokenization?.totalTokens} tokens`);

  const layers = model.architecture?.nLayers ?? 4;
  const { set } = await call<{ set: ActivationSetRecord }>(core, 'activations.extract', {
    config: { modelId: model.id, datasetId: dataset.id, layers: [Math.floor(layers / 2)], hookTypes: ['hook_resid_post'] },
  });
  const ready = await until('extraction', () => {
    const s = core.activations.get(set.id);
    if (s.status === 'failed') throw new Error(`extraction failed: ${s.error}`);
    return s.status === 'ready' ? s : null;
  });
  say(`extracted ${ready.tokenCount} activations of ${ready.hooks.join(', ')}`);

  const config: TrainingConfigInput = {
    name: 'KJV demo SAE',
    source: { kind: 'activations', activationSetId: set.id },
    hook: HOOK,
    hyperparameters: {},
  };
  const run = await call<TrainingRecord>(core, 'training.create', { config });
  let lastStep = -1;
  const done = await until('training', () => {
    const t = core.training.get(run.id);
    if (t.currentStep >= lastStep + 100) {
      lastStep = t.currentStep;
      say(`step ${t.currentStep}/${t.totalSteps}`);
    }
    if (t.status === 'failed' || t.status === 'cancelled' || t.status === 'interrupted')
      throw new Error(`training ${t.status}: ${t.error}`);
    return t.status === 'completed' ? t : null;
  });
  const cp = core.training.lastCheckpoint(done.id);
  if (!cp) throw new Error('the run left no checkpoint');
  const latest = done.latest;
  say(
    `trained: step ${done.currentStep}, EV ${latest?.explainedVariance.toFixed(3)}, L0 ${latest?.l0.toFixed(1)}, CE recovered ${done.latestEval?.ceLossRecovered.toFixed(3)}`,
  );

  const provenance: SaeProvenance = {
    trainingName: done.name,
    step: cp.step,
    createdBy: 'bundled',
    explainedVariance: latest?.explainedVariance ?? null,
    ceLossRecovered: done.latestEval?.ceLossRecovered ?? null,
  };
  const stage = `${outDir}.partial-${randomBytes(6).toString('hex')}`;
  await fs.mkdir(stage, { recursive: true });
  for (const f of ['cfg.json', 'sae_weights.safetensors']) await fs.copyFile(path.join(cp.path, f), path.join(stage, f));
  const facts = {
    ...provenance,
    model: model.name,
    dataset: dataset.name,
    hook: HOOK,
    tokenization: TOKENIZATION,
    activations: { tokens: ready.tokenCount, heldOutSplits: (ready.config as { heldOutSplits?: string[] }).heldOutSplits ?? [] },
    hyperparameters: done.hyperparameters,
    engine: done.engine,
    l0: latest?.l0 ?? null,
    dIn: done.dIn,
    dSae: done.dSae,
    madeBy: 'scripts/demo-sae/make-demo-sae.ts',
    madeAt: new Date().toISOString(),
  };
  await fs.writeFile(path.join(stage, 'provenance.json'), JSON.stringify(facts, null, 2) + '\n');
  await fs.writeFile(
    path.join(stage, 'README.md'),
    [
      '# Demo SAE (bundled)',
      '',
      `A ${done.architecture} SAE with ${done.dSae} features on \`${HOOK}\` of the bundled demo model (${model.name}),`,
      `trained with the default settings on the bundled KJV corpus (${ready.tokenCount} training activations; validation and test text held out).`,
      `Final step ${cp.step}: explained variance ${latest?.explainedVariance.toFixed(3)}, L0 ${latest?.l0.toFixed(1)}, CE loss recovered ${done.latestEval?.ceLossRecovered.toFixed(3)} on validation text.`,
      '',
      'SAELens format (cfg.json + sae_weights.safetensors). Made by `node --import tsx scripts/demo-sae/make-demo-sae.ts`;',
      'provenance.json holds every setting. miStudio registers it at start-up; see docs/features.md.',
      '',
    ].join('\n'),
  );
  const old = `${outDir}.partial-old-${randomBytes(6).toString('hex')}`;
  if (existsSync(outDir)) await fs.rename(outDir, old);
  await fs.rename(stage, outDir);
  await fs.rm(old, { recursive: true, force: true });
  say(`wrote ${outDir}`);
} finally {
  await core.close();
  if (!keep) await fs.rm(dataDir, { recursive: true, force: true });
  else say(`data dir kept: ${dataDir}`);
}
