/**
 * The demo sweep (docs/training.md, "Sweeps"): on a data dir, what a researcher does at first
 * start — the bundled demo model and KJV corpus imported, the corpus tokenized with the
 * Tokenization tab's defaults, layer 2's residual stream extracted (100 k tokens, as
 * e2e/training.spec.ts) — then ONE sweep of four architectures × three sparsity levels, every
 * other hyperparameter at the app's defaults (so the same steps × batch = the same token budget),
 * levels chosen to bracket L0 ≈ 30. Waits with progress lines, prints the table as markdown and
 * writes it as JSON beside the data dir (`<data-dir>-sweep.json`).
 *
 *   npx tsx scripts/sweeps/demo-sweep.ts [--data-dir DIR] [--standard 4,8,16] [--topk 16,32,64]
 *     [--batchtopk 16,32,64] [--jumprelu a,b,c] [--jumprelu-bandwidth 0.1] [--jumprelu-init-threshold 0.3]
 *     [--architectures topk,jumprelu] [--name NAME]
 *
 * --architectures runs only those (a quick probe of levels); a data dir that already holds the
 * tokenized corpus and the activation set is reused, so a probe and the real sweep can share one.
 * Afterwards `node bin/mistudio.js serve --data-dir DIR` opens the app on it.
 */
import { mkdtempSync, promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { buildNode } from '../build-node.mjs';
import { createCore, type Core } from '../../src/main/core';
import { DEFAULT_TOKENIZATION } from '../../src/shared/contract/datasets';
import type { TrainingConfigInput } from '../../src/shared/contract/training';
import { pointLabel } from '../../src/shared/sweeps/grid';
import type { ActivationSetRecord } from '../../src/shared/types/activations';
import type { SweepDetail, SweepPoint } from '../../src/shared/types/sweeps';
import { markdownTable, sweepTable } from './table';

const HOOK = 'blocks.2.hook_resid_post';
/** As e2e/training.spec.ts: 100 k tokens keeps the extraction short. */
const MAX_TOKENS = 100_000;

const args = process.argv.slice(2);
const flag = (name: string): string | undefined => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? args[i + 1] : undefined;
};
const numbers = (name: string, fallback: number[]): number[] => {
  const v = flag(name);
  if (v === undefined) return fallback;
  const out = v.split(',').map(Number);
  if (out.some((n) => !Number.isFinite(n))) throw new Error(`--${name} takes numbers separated by commas, got "${v}"`);
  return out;
};

/**
 * The levels, chosen so each architecture's three runs bracket L0 ≈ 30 at the default budget
 * (600 steps × 1,024 tokens): TopK and BatchTopK hold L0 at (about) k; L1 λ = 4 (the default)
 * gives L0 ≈ 43, so larger λ goes sparser; JumpReLU's λ from a probe (docs/training.md, "Sweeps").
 */
const levels = {
  standard: numbers('standard', [4, 8, 16]).map((l1Coefficient): SweepPoint => ({ architecture: 'standard', l1Coefficient })),
  topk: numbers('topk', [16, 32, 64]).map((k): SweepPoint => ({ architecture: 'topk', k })),
  batchtopk: numbers('batchtopk', [16, 32, 64]).map((k): SweepPoint => ({ architecture: 'batchtopk', k })),
  jumprelu: numbers('jumprelu', [0.1, 0.5, 3]).map((l0Coefficient): SweepPoint => ({ architecture: 'jumprelu', l0Coefficient })),
};
/**
 * JumpReLU's bandwidth ε and initial threshold θ₀ for the base config (the other architectures
 * ignore both). Probes at the default budget, d_sae 2,048: at SAELens' defaults (ε = θ₀ = 0.001)
 * the threshold cannot rise far in 600 Adam steps for inputs normalised to √d_in — L0 climbed
 * past 1,400 at λ 0.3; with ε 0.1, θ₀ 0.3 (the task test's, docs/training.md "Architectures") L0
 * ended at 176 for λ 0.3 and λ 1 followed the same curve; θ₀ 1 killed every feature; θ₀ 0.5 with
 * λ 3 gave L0 ≈ 18. Hence ε 0.1, θ₀ 0.5 and λ 0.1 / 0.5 / 3.
 */
const JUMPRELU = {
  jumpReluBandwidth: numbers('jumprelu-bandwidth', [0.1])[0]!,
  jumpReluInitThreshold: numbers('jumprelu-init-threshold', [0.5])[0]!,
};
const only = flag('architectures')?.split(',');
const points = Object.entries(levels).flatMap(([arch, p]) => (!only || only.includes(arch) ? p : []));

const dataDir = path.resolve(flag('data-dir') ?? mkdtempSync(path.join(os.tmpdir(), 'mistudio-demo-sweep-')));
const jsonPath = `${dataDir}-sweep.json`;

const t0 = Date.now();
const say = (m: string) => process.stdout.write(`[${((Date.now() - t0) / 1000).toFixed(0).padStart(5)} s] ${m}\n`);

async function call<T>(core: Core, method: string, a: unknown): Promise<T> {
  const env = await core.dispatch(method as never, a as never);
  if (!env.ok) throw new Error(`${method}: ${env.error.message}`);
  return env.result as T;
}

async function until<T>(what: string, get: () => T | null | undefined | false, timeoutMs = 6 * 3_600_000): Promise<T> {
  const start = Date.now();
  for (;;) {
    const v = get();
    if (v) return v;
    if (Date.now() - start > timeoutMs) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 500));
  }
}

/** The first-start imports, the tokenization and the extraction (each skipped when the data dir has it already). */
async function prepare(core: Core): Promise<ActivationSetRecord> {
  const model = await until('the demo model', () => core.models.store.list().find((m) => m.source === 'bundled' && m.status === 'ready'));
  const dataset = await until('the demo dataset', () =>
    core.datasets.store.list().find((d) => d.source === 'bundled' && (d.status === 'ready' || d.status === 'tokenized')),
  );
  say(`model ${model.name}, dataset ${dataset.name} (${dataset.sampleCount} samples)`);
  if (dataset.tokenization?.modelId !== model.id) {
    await call(core, 'datasets.tokenize', { id: dataset.id, modelId: model.id, settings: DEFAULT_TOKENIZATION });
    await until('tokenization', () => core.datasets.get(dataset.id).status === 'tokenized');
  }
  say(`tokenized: ${core.datasets.get(dataset.id).tokenization?.totalTokens} tokens`);
  const existing = core.activations.store
    .list()
    .find((s) => s.status === 'ready' && s.modelId === model.id && s.hooks.includes(HOOK) && s.config.maxTokens === MAX_TOKENS);
  if (existing) return existing;
  const { set } = await call<{ set: ActivationSetRecord }>(core, 'activations.extract', {
    config: { modelId: model.id, datasetId: dataset.id, layers: [2], hookTypes: ['hook_resid_post'], maxTokens: MAX_TOKENS },
  });
  return until('extraction', () => {
    const s = core.activations.get(set.id);
    if (s.status === 'failed') throw new Error(`extraction failed: ${s.error}`);
    return s.status === 'ready' ? s : null;
  });
}

/** A line whenever a run changes status, and every 100 steps while one trains. */
async function follow(core: Core, id: string): Promise<SweepDetail> {
  const seen = new Map<string, string>();
  return until('the sweep', () => {
    const s = core.sweeps.get(id);
    for (const [i, r] of s.runs.entries()) {
      const mark = `${r.status} ${Math.floor(r.currentStep / 100)}`;
      if (seen.get(r.trainingId) === mark) continue;
      seen.set(r.trainingId, mark);
      const figures = r.l0 === null ? '' : ` · L0 ${r.l0.toFixed(1)}, EV ${r.explainedVariance?.toFixed(3)}`;
      say(`run ${i + 1}/${s.runCount} ${pointLabel(r.point)}: ${r.status}, step ${r.currentStep}/${r.totalSteps}${figures}`);
    }
    // Done when every run ended and each completed one has its SAE record (made just after completion).
    const ended = s.status !== 'queued' && s.status !== 'running';
    return ended && s.runs.every((r) => r.status !== 'completed' || r.saeId !== null) ? s : null;
  });
}

await buildNode({ quiet: true });
say(`data dir ${dataDir}`);
// As the app at first start: the bundled demo model, dataset and SAE (createCore's defaults).
const core = await createCore({ dataDir, mode: 'serve' });
try {
  const set = await prepare(core);
  say(`activation set "${set.name}": ${set.tokenCount} tokens of ${set.hooks.join(', ')}`);
  const base: TrainingConfigInput = {
    source: { kind: 'activations', activationSetId: set.id },
    hook: HOOK,
    // Settings → training defaults over the schema's, as the New training drawer starts; JumpReLU's
    // ε and θ₀ (ignored by the other architectures) where given — see JUMPRELU below.
    hyperparameters: { ...core.settings.settings.trainingDefaults, ...JUMPRELU },
  };
  const name = flag('name') ?? `Demo sweep · L2 resid_post · ${points.length} runs`;
  const made = await call<SweepDetail>(core, 'sweeps.create', { name, base, points });
  say(`sweep "${made.name}" (${made.id}): ${made.runCount} runs queued`);
  const done = await follow(core, made.id);
  const rows = sweepTable(done.runs);
  process.stdout.write(`\n${markdownTable(rows)}\n\n`);
  await fs.writeFile(
    jsonPath,
    JSON.stringify({ sweepId: done.id, name: done.name, status: done.status, dataDir, hook: HOOK, tokens: set.tokenCount, rows }, null, 2) +
      '\n',
  );
  say(`sweep ${done.status}; table written to ${jsonPath}`);
  say(`open it: node bin/mistudio.js serve --data-dir ${dataDir}`);
} finally {
  await core.close();
}
