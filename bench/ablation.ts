/**
 * Measured ablation on the bundled demo SAE (docs/analysis.md), one run:
 *  1. the demo check — features whose logit lens favours a token: does zeroing them raise the
 *     next-token loss where that token follows (vs elsewhere)? Both modes;
 *  2. throughput — ablation tokens/s against the plain spliced forward on the same windows (the
 *     model with x̂ spliced in at the hook: read forward, SAE encode + decode, spliced forward).
 *
 *   npx tsx bench/ablation.ts               # 20,000 held-out tokens per ablation, 3 features
 *   npx tsx bench/ablation.ts --tokens 5000
 *   npx tsx bench/ablation.ts --tokens 4000 --feature 434   # one chosen feature
 */
import { readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ablationTask } from '../src/compute/analysis/ablation-task';
import type { AblationTaskParams } from '../src/compute/analysis/protocol';
import { decodeSparse, sparseCodes } from '../src/compute/analysis/sparse-codes';
import { tokenizeDatasetTask } from '../src/compute/datasets/tokenize';
import { createTestDataset, DEMO_MODEL_DIR, fakeContext } from '../test/task-support';
import { SaeEncoder } from '../src/compute/features/encoder';
import { logitLens } from '../src/compute/features/logit-lens';
import { selectedWindows } from '../src/compute/features/windows';
import { cachedModel } from '../src/compute/model/model-cache';
import { readSaeLensFolder } from '../src/compute/sae/saelens-reader';
import { repoRoot } from './torch-peer';

const arg = (name: string, dflt: number) => {
  const i = process.argv.indexOf(name);
  return i > 0 ? Number(process.argv[i + 1]) : dflt;
};
const TOKENS = arg('--tokens', 20_000);
const FEATURES = arg('--features', 3);
/** --feature N: ablate this feature instead of picking by logit lens (e.g. the note's #434). */
const ONLY = arg('--feature', -1);
const SAE_DIR = path.join(repoRoot, 'resources', 'demo-sae');
const HOOK = 'blocks.2.hook_resid_post';
const loadavg = () =>
  os
    .loadavg()
    .map((l) => l.toFixed(2))
    .join(' / ');

// Held-out text: the demo corpus's validation chapters, tokenized as the demo SAE was trained (128-token windows, BOS first).
const chapters = readFileSync(path.join(repoRoot, 'resources', 'demo-dataset', 'kjv-validation.jsonl'), 'utf8')
  .split('\n')
  .filter(Boolean)
  .map((l) => ({ text: (JSON.parse(l) as { text: string }).text, split: 'validation' }));
const ds = createTestDataset(chapters);
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
await tokenizeDatasetTask(
  { datasetId: ds.datasetId, dbPath: ds.dbPath, modelDir: DEMO_MODEL_DIR, settings, outDir: tokensDir },
  fakeContext(),
);

const lm = cachedModel(DEMO_MODEL_DIR, 'cpu');
const sae = await readSaeLensFolder(SAE_DIR);
// Token counts of the held-out text, to pick lens tokens that actually occur.
const counts = new Map<number, number>();
for await (const w of selectedWindows(tokensDir, { ordinals: null, maxTokens: TOKENS }))
  for (const t of w.tokens) counts.set(t, (counts.get(t) ?? 0) + 1);
const lens = await logitLens(lm, sae.weights.W_dec, sae.dSae, 5);
const candidates = Array.from({ length: sae.dSae }, (_, f) => ({
  f,
  token: lens.positive.indices[f * lens.positive.count]!,
  value: lens.positive.values[f * lens.positive.count]!,
}))
  .filter((c) => c.token >= 0 && (counts.get(c.token) ?? 0) >= 40)
  .sort((a, b) => b.value - a.value)
  .slice(0, FEATURES);
if (ONLY >= 0)
  candidates.splice(0, candidates.length, {
    f: ONLY,
    token: lens.positive.indices[ONLY * lens.positive.count]!,
    value: lens.positive.values[ONLY * lens.positive.count]!,
  });

const params = (f: number, mode: AblationTaskParams['mode']): AblationTaskParams => ({
  saeId: 'demo',
  saeDir: SAE_DIR,
  modelDir: DEMO_MODEL_DIR,
  hook: HOOK,
  tokensDir,
  datasetId: ds.datasetId,
  split: 'validation',
  splitFilter: null,
  maxTokens: TOKENS,
  batchTokens: 1024,
  featureIndex: f,
  mode,
  topChanges: 3,
  outFile: path.join(ds.dir, `ablation-${f}-${mode}.json`),
  provider: 'cpu',
});
// Plain spliced forward over the same windows and batches: read forward → encode → decode → spliced forward.
const encoder = await SaeEncoder.open(sae, 'cpu');
const d = sae.dIn;
let done = 0;
let group: Uint32Array[] = [];
const flush = async () => {
  if (!group.length) return;
  const seq = Math.max(...group.map((w) => w.length));
  const batch = {
    inputIds: group.map((w) => Array.from({ length: seq }, (_, j) => w[j] ?? 0)),
    attentionMask: group.map((w) => Array.from({ length: seq }, (_, j) => (j < w.length ? 1 : 0))),
  };
  const clean = await lm.forward(batch, { read: [HOOK] });
  const x = clean.activations[HOOK]!;
  const n = group.length * seq;
  const codes = sparseCodes(await encoder.encode(x, n), n, sae.dSae);
  const xHat = decodeSparse(codes, sae.weights.W_dec, sae.weights.b_dec, d);
  await lm.forward(batch, { deltas: { [HOOK]: xHat.map((v, i) => v - x[i]!) } });
  done += group.reduce((s, w) => s + w.length, 0);
  group = [];
};
const plainPass = async (maxTokens: number) => {
  for await (const w of selectedWindows(tokensDir, { ordinals: null, maxTokens })) {
    group.push(w.tokens);
    if (group.length === 8) await flush();
  }
  await flush();
};
// Warm-up (untimed): ORT sessions for the read and the spliced graph, and one short ablation per mode.
await plainPass(1024);
for (const mode of ['sae', 'error-preserved'] as const) await ablationTask({ ...params(0, mode), maxTokens: 1024 }, fakeContext());
done = 0;
console.log(`load average ${loadavg()} (1 / 5 / 15 min, ${os.cpus().length} logical CPUs; other work on this machine slows both figures)`);
const t0 = performance.now();
await plainPass(TOKENS);
const plainTps = done / ((performance.now() - t0) / 1000);
await encoder.release();
console.log(
  `Demo SAE (${sae.dSae} features, ${HOOK}), ${TOKENS.toLocaleString('en-US')} held-out KJV validation tokens; ${ONLY >= 0 ? `feature #${ONLY}` : 'features with the largest top logit-lens value whose token occurs ≥ 40 times'}:`,
);
const tps: Record<'sae' | 'error-preserved', number[]> = { sae: [], 'error-preserved': [] };
for (const c of candidates) {
  for (const mode of ['sae', 'error-preserved'] as const) {
    const r = await ablationTask(params(c.f, mode), fakeContext());
    tps[mode].push(r.tokensPerSecond);
    const n = (v: number | null, d = 4) => (v === null ? '—' : v.toFixed(d));
    console.log(
      `#${c.f} lens top ${JSON.stringify(r.lensTokens[0])} (+${c.value.toFixed(2)}) [${mode}]: ΔCE mean ${r.deltaCe.toExponential(3)} nats (95% CI ${r.deltaCeCi95.map((v) => v.toExponential(2)).join(' … ')}), ` +
        `where a top-5 lens token follows ${n(r.deltaCeWhereLensTokenFollows)} (${r.lensPositions} positions) vs elsewhere ${n(r.deltaCeElsewhere, 5)}; where it fired ${n(r.deltaCeWhereFired)} (${r.firedTokens}); KL ${r.kl.toExponential(2)}; ${Math.round(r.tokensPerSecond)} tok/s`,
    );
  }
}

const mean = (v: number[]) => v.reduce((x, y) => x + y, 0) / Math.max(1, v.length);
const ratio = (t: number) => `${Math.round(t)} tok/s = ${(t / plainTps).toFixed(2)}×`;
console.log(
  `\nThroughput (${done.toLocaleString('en-US')} tokens, CPU, warm sessions): plain spliced forward ${Math.round(plainTps)} tok/s; ablation (whole job: setup, forwards, per-position CE and KL) SAE-spliced mode ${ratio(mean(tps.sae))}, error-preserved mode ${ratio(mean(tps['error-preserved']))} the plain spliced forward`,
);
console.log(`load average at end ${loadavg()}`);
ds.cleanup();
