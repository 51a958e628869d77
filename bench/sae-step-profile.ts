/**
 * Where one SAE training step spends its time: ONNX Runtime's own profiler over the step graph
 * of one bench case (bench/sae-train-cases.ts), totals per node over the timed steps, the
 * heaviest first, and per op type. Used to decide what to optimise in src/compute/sae/ort.
 *   npx tsx bench/sae-step-profile.ts --arch topk [--steps 2] [--top 25] [--dense]
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import * as ort from 'onnxruntime-node';
import { initialExtras, trainedParams } from '../src/compute/sae/architectures';
import { deadFeatureFeeds } from '../src/compute/sae/ort/support';
import { buildStepModel, paramShape, stateInputNames, stepGraphConfigOf } from '../src/compute/sae/ort/step-graph';
import type { SaeWeights } from '../src/compute/sae/types';
import { BATCH, BENCH_CASES, benchHyper, D_IN, D_SAE, gaussian } from './sae-train-cases';

const argv = process.argv.slice(2);
const opt = (name: string, dflt: string) => (argv.includes(name) ? (argv[argv.indexOf(name) + 1] ?? dflt) : dflt);
const c = BENCH_CASES.find((b) => b.id === opt('--arch', 'topk'));
if (!c) throw new Error(`--arch: one of ${BENCH_CASES.map((b) => b.id).join(', ')}`);
const steps = Number(opt('--steps', '2'));
const top = Number(opt('--top', '25'));
const hp = benchHyper(c);
const dead = deadFeatureFeeds(hp, new Float32Array(D_SAE));
const cfg = { ...stepGraphConfigOf(hp, { topkDecode: argv.includes('--dense') ? 'dense' : 'auto' }), withAux: dead !== null };
const dir = mkdtempSync(path.join(os.tmpdir(), 'sae-profile-'));
const session = await ort.InferenceSession.create(buildStepModel(cfg), {
  executionProviders: ['cpu'],
  graphOptimizationLevel: 'all',
  enableProfiling: true,
  profileFilePrefix: path.join(dir, 'step'),
});
const W_enc = gaussian(D_IN * D_SAE, 0.02, 1);
const W_dec = new Float32Array(D_SAE * D_IN);
for (let i = 0; i < D_IN; i++) for (let j = 0; j < D_SAE; j++) W_dec[j * D_IN + i] = W_enc[i * D_SAE + j] ?? 0;
const w: SaeWeights = { W_enc, b_enc: new Float32Array(D_SAE), W_dec, b_dec: new Float32Array(D_IN), ...initialExtras(hp, D_SAE) };
const scalar = (v: number) => new ort.Tensor('float32', Float32Array.of(v), []);
const feeds: Record<string, ort.Tensor> = {
  x: new ort.Tensor('float32', gaussian(BATCH * D_IN, 1, 2), [BATCH, D_IN]),
  lr: scalar(1e-4),
  l1_coefficient: scalar(1),
  l0_coefficient: scalar(1),
  t: scalar(1),
  k_batch: new ort.Tensor('int64', BigInt64Array.of(BigInt((hp.k ?? 64) * BATCH)), [1]),
  ...dead,
};
for (const name of stateInputNames(cfg)) {
  const p = trainedParams(hp.architecture).find((q) => q === name.replace(/^[mv]_/, ''));
  if (!p) throw new Error(`unknown state ${name}`);
  const shape = paramShape(p, D_IN, D_SAE);
  const data = name === p ? w[p] : new Float32Array(shape.reduce((a, b) => a * b, 1));
  if (!data) throw new Error(`no initial ${p}`);
  feeds[name] = new ort.Tensor('float32', Float32Array.from(data), shape);
}
const fed = Object.fromEntries(session.inputNames.map((n) => [n, feeds[n] ?? scalar(0)]));
for (let s = 0; s <= steps; s++) await session.run(fed); // run 0 is the warm-up
session.endProfiling();
await session.release();

interface ProfileEvent {
  cat: string;
  name: string;
  ts: number;
  dur: number;
  args?: { op_name?: string; output_size?: string };
}
const file = (await import('node:fs')).readdirSync(dir).find((f) => f.endsWith('.json'));
if (!file) throw new Error('no profile written');
const events = JSON.parse(readFileSync(path.join(dir, file), 'utf8')) as ProfileEvent[];
rmSync(dir, { recursive: true, force: true });
const runEvents = events.filter((e) => e.cat === 'Session' && e.name === 'model_run').sort((a, b) => a.ts - b.ts);
const runs = runEvents.map((e) => e.dur);
const timedUs = runs.slice(1).reduce((a, b) => a + b, 0);
const warmupEnd = (runEvents[0]?.ts ?? 0) + (runEvents[0]?.dur ?? 0); // node events before this belong to the warm-up
const byNode = new Map<string, { op: string; us: number }>();
const byOp = new Map<string, number>();
for (const e of events) {
  if (e.cat !== 'Node' || !e.name.endsWith('_kernel_time') || e.ts < warmupEnd) continue;
  const nodeName = e.name.replace(/_kernel_time$/, '');
  const op = e.args?.op_name ?? '?';
  const prev = byNode.get(nodeName) ?? { op, us: 0 };
  byNode.set(nodeName, { op, us: prev.us + e.dur });
  byOp.set(op, (byOp.get(op) ?? 0) + e.dur);
}
const ms = (us: number) => `${(us / 1000 / steps).toFixed(0).padStart(6)} ms`;
console.log(`${c.title}: ${steps} profiled steps, model_run ${runs.map((r) => (r / 1e6).toFixed(2)).join(' / ')} s (first = warm-up)`);
console.log(`per step, heaviest nodes (of ${ms(timedUs)} per run):`);
for (const [n, v] of [...byNode].sort((a, b) => b[1].us - a[1].us).slice(0, top)) console.log(`  ${ms(v.us)}  ${v.op.padEnd(18)} ${n}`);
console.log('per op type:');
for (const [op, us] of [...byOp].sort((a, b) => b[1] - a[1])) console.log(`  ${ms(us)}  ${op}`);
