/**
 * SAE training-step throughput (docs/training.md, "Two engines"), one run: d_in 768, ×8 (d_sae 6144),
 * batch 4096, Adam; standard (ReLU + decoder-norm-weighted L1) and TopK k = 64.
 *   ours    — OrtEngine (src/compute/sae/ort), CPU EP, Gemm form (and Transpose+MatMul once, for the record)
 *   tfjs    — TfjsEngine on the wasm backend (src/compute/sae/tfjs, transposed-matmul custom gradient)
 *   PyTorch — bench/python/sae_peer.py on Debian's torch 1.13 (/usr/bin/python3), same step,
 *             kept running (--serve) so its steps alternate with ours
 * Tokens/s = batch / median step time after warm-up; the fastest step is printed beside it.
 *   npx tsx bench/sae-train.ts [--quick]
 */
import { spawn } from 'node:child_process';
import type { ChildProcessByStdio } from 'node:child_process';
import os from 'node:os';
import path from 'node:path';
import { createInterface } from 'node:readline';
import type { Readable, Writable } from 'node:stream';
import { performance } from 'node:perf_hooks';
import { OrtEngine } from '../src/compute/sae/ort';
import type { MatmulForm } from '../src/compute/sae/ort';
import { TfjsEngine } from '../src/compute/sae/tfjs/engine';
import type { SaeArchitecture, SaeHyperparameters, SaeWeights, TrainerState, TrainingEngine } from '../src/compute/sae/types';
import { DEBIAN_PYTHON, ortDefaultThreads, repoRoot } from './torch-peer';
import { fmtTokensPerSecond, median, timeRuns } from './timing';
import type { Timing } from './timing';

const quick = process.argv.includes('--quick');
const [D_IN, FACTOR, BATCH, K] = [768, 8, 4096, 64];
const D_SAE = D_IN * FACTOR;
const RUNS = quick ? 1 : 4; // timed steps of each, interleaved
const TFJS_RUNS = quick ? 1 : 2;
const threads = ortDefaultThreads();

function gaussian(n: number, scale: number, seed: number): Float32Array {
  let s = seed >>> 0;
  const u = () => ((s = (Math.imul(s, 1664525) + 1013904223) >>> 0) + 0.5) / 4294967296;
  return Float32Array.from({ length: n }, () => scale * Math.sqrt(-2 * Math.log(u())) * Math.cos(2 * Math.PI * u()));
}

function hyper(architecture: SaeArchitecture): SaeHyperparameters {
  return {
    architecture,
    dIn: D_IN,
    expansionFactor: FACTOR,
    k: K,
    auxKCoefficient: 1 / 32,
    l0Coefficient: 1,
    jumpReluBandwidth: 0.001,
    jumpReluInitThreshold: 0.001,
    topkThresholdLr: 0.01,
    learningRate: 1e-4,
    batchSize: BATCH,
    totalSteps: 1000,
    optimizer: 'adam',
    adamBeta1: 0.9,
    adamBeta2: 0.999,
    adamEpsilon: 1e-8,
    weightDecay: 0,
    lrSchedule: 'constant',
    lrWarmupSteps: 0,
    l1Coefficient: 1,
    l1WarmupSteps: 0,
    normalizeInputs: false,
    ghostGradients: false,
    resampleEvery: 0,
    deadWindowTokens: 1e9,
    denseThreshold: 0.01,
    seed: 1,
  };
}

const W_enc = gaussian(D_IN * D_SAE, 0.02, 1); // [d_in, d_sae]
const W_dec = new Float32Array(D_SAE * D_IN); // [d_sae, d_in] = W_encᵀ
for (let i = 0; i < D_IN; i++) for (let j = 0; j < D_SAE; j++) W_dec[j * D_IN + i] = W_enc[i * D_SAE + j] ?? 0;
const weights: SaeWeights = { W_enc, b_enc: new Float32Array(D_SAE), W_dec, b_dec: new Float32Array(D_IN) };
const batch = gaussian(BATCH * D_IN, 1, 2); // [batch, d_in]
const state: TrainerState = {
  step: 0,
  moments: null,
  tokensSinceFired: new Float32Array(D_SAE),
  inputScale: 1,
  rngState: 0,
  dataCursor: { shard: 0, row: 0 },
};

async function timeEngine(engine: TrainingEngine, arch: SaeArchitecture, runs: number): Promise<Timing> {
  await engine.init(hyper(arch), weights, state);
  const t = await timeRuns(() => engine.step(batch, 1e-4, 1), 1, runs);
  await engine.dispose();
  return t;
}

/**
 * bench/python/sae_peer.py in --serve mode: set up once, then one timed PyTorch SAE step per
 * `step()`, so bench/sae-train.ts can alternate our step and PyTorch's (load from other work
 * on a shared machine then falls on both).
 */
interface TorchInfo {
  torch_version: string;
  threads: number;
  threads_default: number;
  blas: string;
}

class TorchSaeStepper {
  private readonly lines: AsyncIterator<string>;

  private constructor(private readonly child: ChildProcessByStdio<Writable, Readable, null>) {
    this.lines = createInterface({ input: child.stdout })[Symbol.asyncIterator]();
  }

  static async start(args: {
    dIn: number;
    expansion: number;
    batch: number;
    arch: string;
    k: number;
    threads: number;
  }): Promise<{ stepper: TorchSaeStepper; info: TorchInfo }> {
    const script = path.join(repoRoot, 'bench', 'python', 'sae_peer.py');
    const argv = [
      script,
      '--serve',
      '--d-in',
      String(args.dIn),
      '--expansion',
      String(args.expansion),
      '--batch',
      String(args.batch),
      '--arch',
      args.arch,
      '--k',
      String(args.k),
      '--threads',
      String(args.threads),
    ];
    const child = spawn(DEBIAN_PYTHON, argv, { stdio: ['pipe', 'pipe', 'inherit'] });
    const stepper = new TorchSaeStepper(child);
    return { stepper, info: JSON.parse(await stepper.next()) as TorchInfo };
  }

  /** Seconds PyTorch took for one step (timed inside Python, excluding the pipe). */
  async step(): Promise<number> {
    this.child.stdin.write('step\n');
    return (JSON.parse(await this.next()) as { step_s: number }).step_s;
  }

  close(): void {
    this.child.stdin.end('quit\n');
  }

  private async next(): Promise<string> {
    const r = await this.lines.next();
    if (r.done) throw new Error(`${DEBIAN_PYTHON} sae_peer.py ended early`);
    return r.value;
  }
}

const tps = (seconds: number) => BATCH / seconds;
const line = (label: string, t: { median: number; fastest: number }) =>
  console.log(
    `  ${label.padEnd(34)} ${fmtTokensPerSecond(tps(t.median)).padStart(14)}  (fastest ${fmtTokensPerSecond(tps(t.fastest))}; median step ${t.median.toFixed(2)} s)`,
  );
const summary = (t: Timing) => ({ median: t.medianSeconds, fastest: Math.min(...t.times) });

console.log(
  `SAE training step: d_in ${D_IN}, d_sae ${D_SAE} (×${FACTOR}), batch ${BATCH}, Adam; warm-up 1 step each, then ${RUNS} timed steps each with ours and PyTorch alternating; tfjs: warm-up 1 + ${TFJS_RUNS}`,
);
console.log(
  `threads: ${threads} (ORT default = physical cores; torch set to the same); load average at start ${os
    .loadavg()
    .map((l) => l.toFixed(2))
    .join(' ')}`,
);
for (const arch of ['standard', 'topk'] as const) {
  console.log(`\n${arch === 'standard' ? 'standard (ReLU, L1 weighted by ‖W_dec‖)' : `TopK k=${K}`}`);
  // Steps alternate (ours, PyTorch, …, the order flipping each round) after one warm-up step each.
  const contenders: { label: string; step: () => Promise<number>; times: number[]; close: () => Promise<void> }[] = [];
  const forms: MatmulForm[] = arch === 'standard' ? ['gemm', 'matmul'] : ['gemm'];
  for (const form of forms) {
    const engine = new OrtEngine({ provider: 'cpu', matmulForm: form });
    await engine.init(hyper(arch), weights, state);
    const step = async () => {
      const t0 = performance.now();
      await engine.step(batch, 1e-4, 1);
      return (performance.now() - t0) / 1000;
    };
    contenders.push({
      label: `ours (${engine.backend}, ${form === 'gemm' ? 'Gemm transA/B' : 'Transpose+MatMul'})`,
      step,
      times: [],
      close: () => engine.dispose(),
    });
  }
  const { stepper, info } = await TorchSaeStepper.start({ dIn: D_IN, expansion: FACTOR, batch: BATCH, arch, k: K, threads });
  contenders.push({
    label: `PyTorch ${info.torch_version} (${info.threads} thr)`,
    step: () => stepper.step(),
    times: [],
    close: async () => stepper.close(),
  });
  for (const c of contenders) await c.step(); // warm-up
  for (let round = 0; round < RUNS; round++) {
    const order = round % 2 === 0 ? contenders : [...contenders].reverse();
    for (const c of order) c.times.push(await c.step());
  }
  for (const c of contenders) await c.close();
  const tfjs = await TfjsEngine.create({ prefer: 'wasm' });
  const tfjsT = summary(await timeEngine(tfjs, arch, TFJS_RUNS));
  const figures = contenders.map((c) => ({ label: c.label, t: { median: median(c.times), fastest: Math.min(...c.times) } }));
  for (const f of figures) line(f.label, f.t);
  line(`tfjs (${tfjs.backend}, not interleaved)`, tfjsT);
  const ours = figures[0]?.t ?? { median: NaN, fastest: NaN };
  const torchT = figures[figures.length - 1]?.t ?? { median: NaN, fastest: NaN };
  console.log(
    `  ours/PyTorch: ${(torchT.median / ours.median).toFixed(2)}× (median), ${(torchT.fastest / ours.fastest).toFixed(2)}× (fastest); ours/tfjs-wasm ${(tfjsT.median / ours.median).toFixed(1)}×`,
  );
  console.log(
    `  step times (s): ${contenders.map((c) => `${c.label.split(' (')[0]} ${c.times.map((t) => t.toFixed(2)).join(' ')}`).join(' | ')}`,
  );
  console.log(`  torch BLAS: ${info.blas}; torch default threads ${info.threads_default}`);
}
console.log(
  `\nload average at end ${os
    .loadavg()
    .map((l) => l.toFixed(2))
    .join(' ')} (compare figures only from quiet runs)`,
);
