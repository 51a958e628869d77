/**
 * Forward-pass throughput of our hooked ONNX Runtime language model vs PyTorch on the same
 * weights, batch and machine (bench/README.md: a peer measured in the same run). Run: `npx tsx bench/forward.ts` (`--quick`: smoke check).
 *
 * Models: (a) the demo model in resources/demo-model (skipped, with a note, if absent);
 * (b) a GPT-2-small-shaped model (12 layers, d_model 768, 12 heads, vocab 50257) with random
 * weights, exported to ONNX at bench time by bench/python/forward_peer.py into a temp dir
 * (~475 MiB, removed at the end) from the very torch module it then times.
 *
 * For each: tokens/s of ours (onnxruntime-node CPU; plain, and with one read hook at the
 * middle layer's hook_resid_post) and of PyTorch (torch.no_grad, torch.set_num_threads = ORT's
 * default intra-op thread count), median of timed runs after warm-up, ratio ours / PyTorch,
 * and a parity check of last-position logits so the two are known to compute the same thing.
 */
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { LanguageModel } from '../src/compute/model/language-model';
import { DEBIAN_PYTHON, ortDefaultThreads, repoRoot, runTorchPeer, type PeerSource, type TorchPeerResult } from './torch-peer';
import { fmtSeconds, fmtTokensPerSecond, syntheticInputIds, timeRuns, type Timing } from './timing';

const BATCH = 8;
const SEQ = 128; // tokens per row; capped at the model's context length
/** `--quick`: one warm-up and one timed run each, no default-thread PyTorch timing (a smoke check, not figures). */
const QUICK = process.argv.includes('--quick');
const WARMUP = QUICK ? 1 : 2;
const RUNS = QUICK ? { demo: 1, gpt2Small: 1 } : { demo: 10, gpt2Small: 7 };
const PARITY_TOLERANCE = 1e-3; // max |Δlogit| between ORT and PyTorch, fp32
/** `--demo-dir DIR`: bench another transformers.js GPT-2 folder in place of resources/demo-model. */
const demoDirArg = process.argv.indexOf('--demo-dir');
const DEMO_DIR =
  demoDirArg > 0 && process.argv[demoDirArg + 1]
    ? path.resolve(process.argv[demoDirArg + 1]!)
    : path.join(repoRoot, 'resources', 'demo-model');

interface BenchCase {
  label: string;
  /** Folder ours loads (written by the peer for the gpt2-small case). */
  dir: string;
  peer: PeerSource;
  vocab: number;
  maxPositions: number;
  runs: number;
}

interface CaseResult {
  label: string;
  tokens: number;
  plain: Timing;
  hooked: Timing;
  hook: string;
  torch: TorchPeerResult;
}

const threads = ortDefaultThreads();
const tmp = mkdtempSync(path.join(os.tmpdir(), 'mistudio-bench-forward-'));
const cleanup = () => rmSync(tmp, { recursive: true, force: true });
for (const [signal, code] of [
  ['SIGINT', 130],
  ['SIGTERM', 143],
] as const) {
  process.on(signal, () => {
    cleanup();
    process.exit(code);
  });
}

function readConfig(dir: string): Record<string, unknown> {
  return JSON.parse(readFileSync(path.join(dir, 'config.json'), 'utf8')) as Record<string, unknown>;
}

function printHeader(): void {
  const ortVersion = (
    JSON.parse(readFileSync(path.join(repoRoot, 'node_modules', 'onnxruntime-node', 'package.json'), 'utf8')) as { version: string }
  ).version;
  console.log('# Forward pass: ours (onnxruntime-node) vs PyTorch, same weights, same batch');
  console.log(
    `machine: ${os.cpus()[0]?.model ?? 'unknown CPU'}, ${os.cpus().length} logical CPUs, ${(os.totalmem() / 2 ** 30).toFixed(0)} GiB; node ${process.version}, onnxruntime-node ${ortVersion} (cpu EP, graphOptimizationLevel all)`,
  );
  console.log(
    `load average at start: ${os
      .loadavg()
      .map((l) => l.toFixed(2))
      .join(' / ')} (1/5/15 min; other work on this machine skews both figures alike)`,
  );
  console.log(`threads: ORT default intra-op = ${threads} (physical cores); PyTorch set to ${threads} to match`);
  console.log(
    `OPENBLAS_CORETYPE=${process.env.OPENBLAS_CORETYPE ?? '(unset)'}, OPENBLAS_L2_SIZE=${process.env.OPENBLAS_L2_SIZE ?? '(unset)'} (left as the machine set them)`,
  );
  console.log(`batch: ${BATCH} rows × up to ${SEQ} tokens, no padding; ${WARMUP} warm-up runs, then the median of the timed runs\n`);
}

async function runCase(c: BenchCase): Promise<CaseResult> {
  const seq = Math.min(SEQ, c.maxPositions);
  const inputIds = syntheticInputIds(BATCH, seq, c.vocab);
  const inputsFile = path.join(tmp, `${c.label}-inputs.json`);
  writeFileSync(inputsFile, JSON.stringify({ input_ids: inputIds }));

  // PyTorch first: for gpt2-small it writes the ONNX ours then loads. It has exited before ours runs.
  const torch = await runTorchPeer(c.peer, { inputsFile, threads, warmup: WARMUP, runs: c.runs, alsoDefaultThreads: !QUICK });

  const t0 = performance.now();
  const lm = LanguageModel.load(c.dir, { provider: 'cpu', tokenizer: false });
  const hook = `blocks.${Math.floor(lm.architecture.nLayers / 2)}.hook_resid_post`;
  lm.hook(hook); // fails clearly if discovery did not find it
  const batch = { inputIds };
  try {
    const first = await lm.forward(batch);
    console.log(`[ours] loaded + first forward in ${fmtSeconds((performance.now() - t0) / 1000)}`);
    checkParity(c.label, first.logits, first.vocab, seq, torch.last_logits);
    // The first forward above was plain warm-up #1; the hooked session is built in its first warm-up.
    const plain = await timeRuns(() => lm.forward(batch), WARMUP - 1, c.runs);
    const hooked = await timeRuns(() => lm.forward(batch, { read: [hook] }), WARMUP, c.runs);
    return { label: c.label, tokens: BATCH * seq, plain, hooked, hook, torch };
  } finally {
    await lm.release();
  }
}

/** Last-position logits of every row, first 32 vocab entries: ours vs PyTorch's. */
function checkParity(label: string, logits: Float32Array, vocab: number, seq: number, reference: number[][]): void {
  let maxDiff = 0;
  reference.forEach((row, b) => {
    row.forEach((want, j) => {
      maxDiff = Math.max(maxDiff, Math.abs(logits[(b * seq + seq - 1) * vocab + j]! - want));
    });
  });
  const n = reference.length * (reference[0]?.length ?? 0);
  const verdict =
    maxDiff <= PARITY_TOLERANCE
      ? 'same weights, same function'
      : `MISMATCH (> ${PARITY_TOLERANCE}): the figures below do not compare like with like`;
  console.log(`[parity] ${label}: max |Δlogit| over ${n} last-position logits = ${maxDiff.toExponential(2)} — ${verdict}`);
}

function printResult(r: CaseResult, note: string): void {
  const tps = (t: Timing) => r.tokens / t.medianSeconds;
  const ratio = (t: Timing) => (tps(t) / r.torch.tokens_per_s).toFixed(2);
  const best = (times: number[]) => Math.min(...times);
  const rows: [string, number, number, number][] = [
    ['ours   plain forward', r.plain.medianSeconds, tps(r.plain), best(r.plain.times)],
    [`ours   + read ${r.hook}`, r.hooked.medianSeconds, tps(r.hooked), best(r.hooked.times)],
    [`torch  ${r.torch.torch_version} no_grad, ${r.torch.threads} threads`, r.torch.median_s, r.torch.tokens_per_s, best(r.torch.times_s)],
  ];
  console.log(`\n## ${r.label} — ${note}`);
  console.log(
    `${(r.torch.parameters / 1e6).toFixed(r.torch.parameters < 1e7 ? 3 : 1)}M parameters; ${BATCH}×${r.tokens / BATCH} = ${r.tokens} tokens per forward; median of ${r.plain.times.length} runs (fastest run beside it: less disturbed by other work on the machine)`,
  );
  console.log(`  ${''.padEnd(48)} ${'median'.padStart(9)}   ${'tokens/s'.padStart(14)}   ${'fastest'.padStart(9)}`);
  for (const [name, s, t, b] of rows)
    console.log(`  ${name.padEnd(48)} ${fmtSeconds(s).padStart(9)}   ${fmtTokensPerSecond(t).padStart(14)}   ${fmtSeconds(b).padStart(9)}`);
  console.log(
    `  ratio ours / PyTorch (tokens/s, medians): plain ${ratio(r.plain)}×, with read hook ${ratio(r.hooked)}×; fastest runs: plain ${(best(r.torch.times_s) / best(r.plain.times)).toFixed(2)}×, with read hook ${(best(r.torch.times_s) / best(r.hooked.times)).toFixed(2)}×`,
  );
  const d = r.torch.at_default_threads;
  if (d)
    console.log(
      `  (PyTorch at its own default of ${d.threads} thread(s): ${fmtSeconds(d.median_s)}, ${fmtTokensPerSecond(d.tokens_per_s)}; ours plain / that = ${(tps(r.plain) / d.tokens_per_s).toFixed(2)}×)`,
    );
  console.log(
    `  hook overhead: ${(((r.hooked.medianSeconds - r.plain.medianSeconds) / r.plain.medianSeconds) * 100).toFixed(1)}% of the plain forward`,
  );
  console.log(
    `  PyTorch threads: default ${r.torch.threads_default}, used ${r.torch.threads}; BLAS ${r.torch.blas.library} (${r.torch.blas.openblas_threads ?? '?'} OpenBLAS threads); OPENBLAS_CORETYPE=${r.torch.openblas_coretype ?? '(unset)'}`,
  );
  if (r.torch.export_s !== null)
    console.log(`  torch.onnx.export took ${r.torch.export_s.toFixed(1)} s (not timed as part of either figure)`);
  console.log(
    `  runs (s): ours plain [${r.plain.times.map((t) => t.toFixed(3)).join(', ')}], hooked [${r.hooked.times.map((t) => t.toFixed(3)).join(', ')}], torch [${r.torch.times_s.map((t) => t.toFixed(3)).join(', ')}]\n`,
  );
}

async function main(): Promise<void> {
  printHeader();
  if (!existsSync(DEBIAN_PYTHON))
    throw new Error(`${DEBIAN_PYTHON} not found: the PyTorch peer needs Debian's python3-torch and python3-onnx`);

  if (existsSync(path.join(DEMO_DIR, 'config.json')) && existsSync(path.join(DEMO_DIR, 'onnx', 'model.onnx'))) {
    const cfg = readConfig(DEMO_DIR);
    const r = await runCase({
      label: 'demo-model',
      dir: DEMO_DIR,
      peer: { onnxDir: DEMO_DIR },
      vocab: Number(cfg.vocab_size),
      maxPositions: Number(cfg.n_positions ?? cfg.n_ctx ?? SEQ),
      runs: RUNS.demo,
    });
    printResult(
      r,
      `${path.relative(repoRoot, DEMO_DIR)} (${String(cfg.n_layer)} layers, d_model ${String(cfg.n_embd)}, ${String(cfg.n_head)} heads, vocab ${String(cfg.vocab_size)}); PyTorch weights read from its ONNX initializers`,
    );
  } else {
    console.log(
      `## demo-model — SKIPPED: ${path.relative(repoRoot, DEMO_DIR)} has no config.json + onnx/model.onnx yet (make it with scripts/demo-model/make-demo.sh)\n`,
    );
  }

  const gpt2Dir = path.join(tmp, 'gpt2-small-random');
  const r = await runCase({
    label: 'gpt2-small-random',
    dir: gpt2Dir,
    peer: { exportGpt2SmallTo: gpt2Dir },
    vocab: 50257,
    maxPositions: 1024,
    runs: RUNS.gpt2Small,
  });
  printResult(
    r,
    `GPT-2-small shape (12 layers, d_model 768, 12 heads, vocab 50257, 1024 positions), random weights (seed 2024), exported at bench time from the same torch module that is timed`,
  );
}

try {
  const t0 = performance.now();
  await main();
  console.log(
    `load average at end: ${os
      .loadavg()
      .map((l) => l.toFixed(2))
      .join(' / ')}; whole bench ${((performance.now() - t0) / 1000).toFixed(0)} s`,
  );
} finally {
  cleanup();
}
