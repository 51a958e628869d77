/**
 * SAE training-step throughput per architecture (docs/training.md, "Two engines"), one run:
 * d_in 768, ×8 (d_sae 6144), batch 4096, Adam.
 *   ours    — OrtEngine (src/compute/sae/ort), CPU EP, Gemm form (+ Transpose+MatMul with --matmul)
 *   PyTorch — bench/python/sae_peer.py on Debian's torch 1.13 (/usr/bin/python3): the same step
 *             (SAELens' definitions, autograd, custom autograd Functions for the STEs, Adam),
 *             kept running (--serve) so its steps alternate with ours
 *   tfjs    — TfjsEngine on the wasm backend, not interleaved (only with --tfjs)
 * Both sides start from the same weights and batch (written once, read by the peer), so their
 * per-step losses must agree (step 1 checks the forward pass, later steps the backward and Adam),
 * and so must every parameter's total update after the steps (and BatchTopK's threshold).
 * Tokens/s = batch / median step time after one warm-up step; CPU seconds per step beside it.
 *   npx tsx bench/sae-train.ts [--quick] [--arch topk,gated] [--runs 4] [--matmul] [--dense-topk] [--tfjs]
 */
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { initialExtras, trainedParams } from '../src/compute/sae/architectures';
import { OrtEngine } from '../src/compute/sae/ort';
import type { MatmulForm } from '../src/compute/sae/ort';
import { TfjsEngine } from '../src/compute/sae/tfjs/engine';
import type { SaeHyperparameters, SaeWeights, TrainerState } from '../src/compute/sae/types';
import { BENCH_CASES, benchHyper, BATCH, D_IN, D_SAE, gaussian, peerHyper } from './sae-train-cases';
import { relativeDiff, TorchSaeStepper, updateDeparture, writeSharedStart } from './sae-peer';
import { ortDefaultThreads } from './torch-peer';
import { fmtTokensPerSecond, median, timeRuns } from './timing';

const argv = process.argv.slice(2);
const quick = argv.includes('--quick');
const archArg = argv[argv.indexOf('--arch') + 1];
const wanted = argv.includes('--arch') && archArg ? archArg.split(',') : null;
const runsArg = argv.includes('--runs') ? Number(argv[argv.indexOf('--runs') + 1]) : NaN;
const RUNS = Number.isInteger(runsArg) && runsArg > 0 ? runsArg : quick ? 1 : 4; // timed steps of each, interleaved
const PARITY_TOLERANCE = 1e-4; // relative, on loss and MSE of every step
const UPDATE_TOLERANCE = 1e-2; // ‖Δours − Δtorch‖ / ‖Δtorch‖ per parameter after all steps (sae-peer.ts)
const threads = ortDefaultThreads();
const cases = BENCH_CASES.filter((c) => !wanted || wanted.includes(c.id));
if (wanted && cases.length !== wanted.length) throw new Error(`--arch: known cases are ${BENCH_CASES.map((c) => c.id).join(', ')}`);

const W_enc = gaussian(D_IN * D_SAE, 0.02, 1); // [d_in, d_sae]
const W_dec = new Float32Array(D_SAE * D_IN); // [d_sae, d_in] = W_encᵀ
for (let i = 0; i < D_IN; i++) for (let j = 0; j < D_SAE; j++) W_dec[j * D_IN + i] = W_enc[i * D_SAE + j] ?? 0;
const batch = gaussian(BATCH * D_IN, 1, 2); // [batch, d_in]

interface StepRecord {
  wall: number;
  cpu: number;
  loss: number;
  mse: number;
}
interface Contender {
  label: string;
  step: () => Promise<StepRecord>;
  records: StepRecord[];
  close: () => Promise<void>;
  /** Ours: the parameters (and BatchTopK threshold) after the steps, for the update comparison. */
  exportState?: () => Promise<{ weights: SaeWeights; topkThreshold?: number }>;
}

async function oursContender(
  hp: SaeHyperparameters,
  weights: SaeWeights,
  state: TrainerState,
  form: MatmulForm,
  topkDecode: 'auto' | 'dense' = 'auto',
): Promise<Contender> {
  const engine = new OrtEngine({ provider: 'cpu', matmulForm: form, topkDecode });
  await engine.init(hp, weights, state);
  return {
    label: `ours (${engine.backend}, ${form === 'gemm' ? 'Gemm' : 'Transpose+MatMul'}${topkDecode === 'dense' ? ', dense decode' : ''})`,
    step: async () => {
      const [t0, c0] = [performance.now(), process.cpuUsage()];
      const m = await engine.step(batch, hp.learningRate, hp.l1Coefficient);
      const c = process.cpuUsage(c0);
      return { wall: (performance.now() - t0) / 1000, cpu: (c.user + c.system) / 1e6, loss: m.loss, mse: m.mse };
    },
    records: [],
    close: () => engine.dispose(),
    exportState: () => engine.exportState(),
  };
}

const tps = (seconds: number) => BATCH / seconds;
const stats = (xs: number[]) => ({ median: median(xs), fastest: Math.min(...xs) });
const loadavg = () =>
  os
    .loadavg()
    .map((l) => l.toFixed(2))
    .join(' ');

console.log(
  `SAE training step: d_in ${D_IN}, d_sae ${D_SAE} (×8), batch ${BATCH}, Adam; warm-up 1 step each, then ${RUNS} timed steps each, ours and PyTorch alternating`,
);
console.log(`threads: ${threads} (ORT default = physical cores; torch set to the same); load average at start ${loadavg()}`);
const table: string[] = [];
for (const c of cases) {
  console.log(`\n${c.title}`);
  const hp = benchHyper(c);
  const weights: SaeWeights = { W_enc, b_enc: new Float32Array(D_SAE), W_dec, b_dec: new Float32Array(D_IN), ...initialExtras(hp, D_SAE) };
  const state: TrainerState = {
    step: 0,
    moments: null,
    tokensSinceFired: new Float32Array(D_SAE),
    inputScale: 1,
    rngState: 0,
    dataCursor: { shard: 0, row: 0 },
  };
  const dir = mkdtempSync(path.join(os.tmpdir(), 'sae-bench-'));
  const tensors: Record<string, { data: Float32Array; shape: number[] }> = {
    x: { data: batch, shape: [BATCH, D_IN] },
    tokens_since_fired: { data: state.tokensSinceFired, shape: [D_SAE] },
  };
  for (const p of trainedParams(hp.architecture)) {
    const data = weights[p];
    if (!data) throw new Error(`no initial ${p}`);
    tensors[p] = { data, shape: p === 'W_enc' ? [D_IN, D_SAE] : p === 'W_dec' ? [D_SAE, D_IN] : [data.length] };
  }
  writeSharedStart(dir, { arch: hp.architecture, dIn: D_IN, dSae: D_SAE, batch: BATCH, hyper: peerHyper(hp) }, tensors);

  const contenders: Contender[] = [];
  for (const form of argv.includes('--matmul') ? (['gemm', 'matmul'] as const) : (['gemm'] as const))
    contenders.push(await oursContender(hp, weights, state, form));
  // --dense-topk: TopK's dense decode too (the form before topk-sparse-graph.ts), in the same rounds.
  if (argv.includes('--dense-topk') && hp.architecture === 'topk')
    contenders.push(await oursContender(hp, weights, state, 'gemm', 'dense'));
  const { stepper, info } = await TorchSaeStepper.start({ initDir: dir, threads });
  contenders.push({
    label: `PyTorch ${info.torch_version} (${info.threads} thr)`,
    step: async () => {
      const s = await stepper.step();
      return { wall: s.step_s, cpu: s.cpu_s, loss: s.loss, mse: s.mse };
    },
    records: [],
    close: async () => stepper.close(),
  });
  // One warm-up step each, then alternating rounds (the order flipping each round).
  for (const k of contenders) k.records.push(await k.step());
  for (let round = 0; round < RUNS; round++) {
    const order = round % 2 === 0 ? contenders : [...contenders].reverse();
    for (const k of order) k.records.push(await k.step());
  }
  const ours = contenders[0];
  const torch = contenders[contenders.length - 1];
  if (!ours?.exportState || !torch) throw new Error('unreachable: ours and PyTorch');
  // Update parity: every parameter after the same steps (the peer overwrites the start files).
  const ourState = await ours.exportState();
  const peerState = await stepper.dump(dir);
  const departures: { p: string; d: number }[] = trainedParams(hp.architecture).map((p) => {
    const start = weights[p];
    const now = ourState.weights[p];
    return { p, d: start && now ? updateDeparture(start, now, path.join(dir, `${p}.f32`)) : Infinity };
  });
  if (ourState.topkThreshold !== undefined)
    departures.push({ p: 'topk_threshold', d: relativeDiff(ourState.topkThreshold, peerState.topkThreshold) });
  for (const k of contenders) await k.close();
  rmSync(dir, { recursive: true, force: true });

  for (const k of contenders) {
    const timed = k.records.slice(1);
    const w = stats(timed.map((r) => r.wall));
    const cpu = median(timed.map((r) => r.cpu));
    console.log(
      `  ${k.label.padEnd(34)} ${fmtTokensPerSecond(tps(w.median)).padStart(12)}  (fastest ${fmtTokensPerSecond(tps(w.fastest))}; median step ${w.median.toFixed(2)} s wall, ${cpu.toFixed(2)} s CPU)`,
    );
    console.log(
      `    steps (s): ${timed.map((r) => r.wall.toFixed(2)).join(' ')}; losses: ${k.records.map((r) => r.loss.toPrecision(7)).join(' ')}`,
    );
  }
  const parity = Math.max(
    ...ours.records.flatMap((r, i) => {
      const t = torch.records[i];
      return t ? [relativeDiff(r.loss, t.loss), relativeDiff(r.mse, t.mse)] : [Infinity];
    }),
  );
  const worst = departures.reduce((a, b) => (b.d > a.d ? b : a));
  const verdict = parity <= PARITY_TOLERANCE && worst.d <= UPDATE_TOLERANCE ? 'MATCH' : 'MISMATCH';
  const ow = stats(ours.records.slice(1).map((r) => r.wall));
  const tw = stats(torch.records.slice(1).map((r) => r.wall));
  const cpuRatio = median(torch.records.slice(1).map((r) => r.cpu)) / median(ours.records.slice(1).map((r) => r.cpu));
  const ratio = tw.median / ow.median;
  console.log(
    `  ours/PyTorch: ${ratio.toFixed(2)}× (median wall), ${(tw.fastest / ow.fastest).toFixed(2)}× (fastest), ${cpuRatio.toFixed(2)}× (CPU s); parity over ${ours.records.length} steps: loss and MSE max rel. diff ${parity.toExponential(1)} (≤ ${PARITY_TOLERANCE}), updates ‖Δours − Δtorch‖/‖Δtorch‖ max ${worst.d.toExponential(1)} at ${worst.p} (≤ ${UPDATE_TOLERANCE}) → ${verdict}`,
  );
  console.log(`  update departure per parameter: ${departures.map((x) => `${x.p} ${x.d.toExponential(1)}`).join(', ')}`);
  console.log(`  torch BLAS: ${info.blas}; torch default threads ${info.threads_default}`);
  table.push(
    `| ${c.id} | ${fmtTokensPerSecond(tps(ow.median))} | ${fmtTokensPerSecond(tps(tw.median))} | ${ratio.toFixed(2)}× | ${cpuRatio.toFixed(2)}× | ${verdict} (loss ${parity.toExponential(0)}, Δ ${worst.d.toExponential(0)}) |`,
  );
  if (argv.includes('--tfjs')) {
    const tfjs = await TfjsEngine.create({ prefer: 'wasm' });
    await tfjs.init(hp, weights, state);
    const t = await timeRuns(() => tfjs.step(batch, hp.learningRate, hp.l1Coefficient), 1, quick ? 1 : 2);
    await tfjs.dispose();
    console.log(`  tfjs (${tfjs.backend}, not interleaved) ${fmtTokensPerSecond(tps(t.medianSeconds))}`);
  }
}
console.log(`\nload average at end ${loadavg()} (compare figures only from quiet runs; the CPU-s ratio is the steadier one under load)`);
console.log('\n| architecture | ours | PyTorch | ours/PyTorch (wall) | (CPU s) | parity |\n|---|---|---|---|---|---|');
for (const row of table) console.log(row);
