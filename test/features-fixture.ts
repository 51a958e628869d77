/**
 * A core with the demo model, a small KJV corpus (train + validation chapters) tokenized for it,
 * and a small SAE trained on it by the real training job (model streaming, d_sae 512): the SAE
 * record the completed run gets automatically is what the features tests analyse.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Core } from '../src/main/core';
import { appRoot } from '../src/main/core/paths';
import type { JobRecord } from '../src/shared/types/jobs';
import type { SaeRecord } from '../src/shared/types/saes';
import type { TrainingRecord } from '../src/shared/types/training';
import { call, createTestCore, waitFor, waitForJob } from './core-helpers';

export { call, waitFor };

export const DEMO_MODEL = path.join(appRoot(), 'resources', 'demo-model');
const KJV = path.join(appRoot(), 'resources', 'demo-dataset');
export const HOOK = 'blocks.2.hook_resid_post';

export const openTestCore = (dir: string) => createTestCore(dir, { demoModelDir: DEMO_MODEL });

export interface FeaturesFixture {
  core: Core;
  modelId: string;
  datasetId: string;
  training: TrainingRecord;
  sae: SaeRecord;
}

/** Imports a small KJV corpus (train + validation chapters) and tokenizes it for the demo model (64-token windows). */
export async function setUpCorpus(
  core: Core,
  dir: string,
  trainChapters = 16,
  validationChapters = 3,
): Promise<{ modelId: string; datasetId: string }> {
  const lines = (f: string, n: number) => readFileSync(path.join(KJV, f), 'utf8').split('\n').filter(Boolean).slice(0, n);
  // Outside the data dir: imports refuse paths inside it (docs/security.md).
  const corpusDir = mkdtempSync(path.join(os.tmpdir(), 'mistudio-corpus-'));
  const file = path.join(corpusDir, 'kjv-small.jsonl');
  const rows = [
    ...lines('kjv-train.jsonl', trainChapters).map((l) => ({ ...JSON.parse(l), split: 'train' })),
    ...lines('kjv-validation.jsonl', validationChapters).map((l) => ({ ...JSON.parse(l), split: 'validation' })),
  ];
  writeFileSync(file, rows.map((o) => JSON.stringify(o)).join('\n'));
  const imp = await call<JobRecord>(core, 'datasets.importFile', { path: file, options: { splitMode: 'from-data', splitField: 'split' } });
  await waitForJob(core, imp.id, ['completed'], 60_000);
  rmSync(corpusDir, { recursive: true, force: true });
  const datasetId = core.datasets.store.list()[0]!.id;
  const modelId = await waitFor('demo model', () => core.models.store.list().find((m) => m.status === 'ready')?.id);
  const settings = {
    mode: 'concat_chunk',
    maxLength: 64,
    padding: 'none',
    truncation: 'none',
    addSpecialTokens: false,
    returnAttentionMask: true,
    contextSize: 64,
    prependBos: true,
  } as const;
  const tok = await call<JobRecord>(core, 'datasets.tokenize', { id: datasetId, modelId, settings });
  await waitForJob(core, tok.id, ['completed'], 60_000);
  await waitFor('tokenized', () => core.datasets.get(datasetId).status === 'tokenized');
  return { modelId, datasetId };
}

export async function setUpFeatures(dir: string): Promise<FeaturesFixture> {
  const core = await openTestCore(dir);
  const { modelId, datasetId } = await setUpCorpus(core, dir);
  const run = await call<TrainingRecord>(core, 'training.create', {
    config: {
      source: { kind: 'model', modelId, datasetId },
      hook: HOOK,
      hyperparameters: {
        expansionFactor: 2,
        batchSize: 128,
        totalSteps: 60,
        learningRate: 1e-3,
        l1Coefficient: 2,
        lrWarmupSteps: 5,
        l1WarmupSteps: 10,
      },
      checkpointEvery: 30,
      evalEvery: 0,
      engine: 'ort',
    },
  });
  const training = await waitFor(
    'training',
    () => (core.training.get(run.id).status === 'completed' ? core.training.get(run.id) : null),
    180_000,
  );
  const sae = await waitFor('the SAE of the completed run', () => core.saes.store.list({ trainingId: run.id })[0]);
  return { core, modelId, datasetId, training, sae };
}
