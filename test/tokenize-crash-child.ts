/**
 * Run by a test as a separate process: imports the bundled demo corpus, starts tokenizing
 * it for the demo model, prints "PARTIAL <folder>" once the tokenization's partial output
 * exists — and waits to be SIGKILLed mid-write.
 */
import { existsSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { appRoot } from '../src/main/core/paths';
import { createTestCore } from './core-helpers';

const dir = process.argv[2];
if (!dir) throw new Error('usage: tokenize-crash-child.ts <data dir>');
const resources = path.join(appRoot(), 'resources');
const core = await createTestCore(dir, {
  demoModelDir: path.join(resources, 'demo-model'),
  demoDatasetDir: path.join(resources, 'demo-dataset'),
});
const ready = async (f: () => boolean) => {
  while (!f()) await new Promise((r) => setTimeout(r, 50));
};
await ready(() => core.models.store.list()[0]?.status === 'ready' && core.datasets.store.list()[0]?.status === 'ready');
const ds = core.datasets.store.list()[0]!;
const settings = {
  mode: 'per_sample',
  maxLength: 256,
  padding: 'none',
  truncation: 'longest_first',
  addSpecialTokens: false,
  returnAttentionMask: true,
  contextSize: 64,
  prependBos: true,
} as const;
const answer = await core.dispatch('datasets.tokenize', { id: ds.id, modelId: core.models.store.list()[0]!.id, settings });
if (!answer.ok) throw new Error(JSON.stringify(answer.error));
const tokens = path.join(dir, 'datasets', ds.id, 'tokens');
await ready(
  () => existsSync(tokens) && readdirSync(tokens).some((n) => n.includes('.partial-') && readdirSync(path.join(tokens, n)).length > 0),
);
process.stdout.write(
  `PARTIAL ${path.join(
    tokens,
    readdirSync(tokens).find((n) => n.includes('.partial-'))!,
  )}\n`,
);
setInterval(() => undefined, 1000);
