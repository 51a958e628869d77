/**
 * Activation-extraction throughput: our `extractActivationsTask` (read token shards → hooked
 * onnxruntime-node forward → float32 activation shards + refs on disk, fsynced) vs a PyTorch peer
 * doing the same work on the same weights and the same token windows (bench/python/extract_peer.py).
 * Run: `npx tsx bench/extract.ts` (`--quick`: smoke check, not figures).
 *
 * Corpus: the first DOCS documents of resources/demo-dataset/kjv-train.jsonl, tokenized for the
 * demo model with the real tokenize task (concat_chunk, context 128, prependBos). Both sides read
 * that very token-shard folder. Two cases: one hook (blocks.2.hook_resid_post) and every layer's
 * hook_resid_post. Batch 8 windows. Ours and the peer alternate run by run (the peer waits on
 * stdin while ours runs), so load from other work on the machine falls on both alike.
 */
import { spawn, type ChildProcessByStdio } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { createInterface } from 'node:readline';
import type { Readable, Writable } from 'node:stream';
import { ACTIVATION_MANIFEST, REF_RECORD_I32 } from '../src/compute/activations/manifest';
import { extractActivationsTask } from '../src/compute/activations/task';
import { tokenizeDatasetTask } from '../src/compute/datasets/tokenize';
import { createTestDataset, fakeContext } from '../test/task-support';
import { cachedModel } from '../src/compute/model/model-cache';
import { DEBIAN_PYTHON, ortDefaultThreads, repoRoot } from './torch-peer';
import { fmtSeconds, fmtTokensPerSecond, median } from './timing';

/** `--quick`: a small corpus, one warm-up and one timed run per side and case (a smoke check, not figures). */
const QUICK = process.argv.includes('--quick');
/** First documents of the train split: ≈145k tokens (≈1,130 windows of 128). */
const DOCS = QUICK ? 12 : 40;
const CONTEXT = 128;
const BATCH = 8; // token windows per forward
const WARMUP = 1;
const RUNS = QUICK ? 1 : 3;
const PARITY_TOLERANCE = 1e-3; // max |Δ| between ORT and PyTorch activations, fp32
const MODEL_DIR = path.join(repoRoot, 'resources', 'demo-model');
const TRAIN_JSONL = path.join(repoRoot, 'resources', 'demo-dataset', 'kjv-train.jsonl');
const PEER_SCRIPT = path.join(repoRoot, 'bench', 'python', 'extract_peer.py');

interface PeerReady {
  torch_version: string;
  threads_default: number;
  threads: number;
  cpu_count: number;
  blas: { library: string; openblas_threads: number | null };
  openblas_coretype: string | null;
  parameters: number;
}
interface PeerRun {
  seconds: number;
  rows: number;
  shards: number;
  forward_s: number;
}
/** The part of an activation manifest both sides write alike. */
interface SetManifest {
  totalRows: number;
  shards: { rows: number; files: Record<string, string>; refsFile: string }[];
}
interface CaseResult {
  label: string;
  hooks: string[];
  rows: number;
  ours: number[];
  torch: number[];
  torchForward: number[];
}

const tmp = mkdtempSync(path.join(os.tmpdir(), 'mistudio-bench-extract-'));
let datasetCleanup: (() => void) | null = null;
let peer: ChildProcessByStdio<Writable, Readable, null> | null = null;
const cleanup = () => {
  peer?.kill();
  datasetCleanup?.();
  rmSync(tmp, { recursive: true, force: true });
};
for (const [signal, code] of [
  ['SIGINT', 130],
  ['SIGTERM', 143],
] as const) {
  process.on(signal, () => {
    cleanup();
    process.exit(code);
  });
}

const loadavg = () =>
  os
    .loadavg()
    .map((l) => l.toFixed(2))
    .join(' / ');

/** The PyTorch peer in serve mode: one JSON line in (a request), one JSON line out (its result). */
class Peer {
  private readonly lines: string[] = [];
  private waiting: ((line: string | null) => void) | null = null;
  private closed = false;

  constructor(private readonly child: ChildProcessByStdio<Writable, Readable, null>) {
    const rl = createInterface({ input: child.stdout });
    rl.on('line', (line) => this.push(line));
    child.on('close', () => {
      this.closed = true;
      this.push(null);
    });
  }

  private push(line: string | null): void {
    const w = this.waiting;
    if (w) {
      this.waiting = null;
      w(line);
    } else if (line !== null) this.lines.push(line);
  }

  /** Next JSON line printed by the peer (other stdout lines are ignored). */
  async next<T>(): Promise<T> {
    for (;;) {
      const line = this.lines.shift() ?? (this.closed ? null : await new Promise<string | null>((resolve) => (this.waiting = resolve)));
      if (line === null) throw new Error(`the PyTorch peer (${path.relative(repoRoot, PEER_SCRIPT)}) exited early; its log is above`);
      if (line.trim().startsWith('{')) return JSON.parse(line) as T;
    }
  }

  run(tokensDir: string, outDir: string, hooks: string[]): Promise<PeerRun> {
    this.child.stdin.write(`${JSON.stringify({ tokens_dir: tokensDir, out_dir: outDir, hooks })}\n`);
    return this.next<PeerRun>();
  }
}

function readFloat32(file: string): Float32Array {
  const buf = readFileSync(file);
  const out = new Float32Array(buf.byteLength / 4);
  new Uint8Array(out.buffer).set(buf); // aligned copy
  return out;
}

/**
 * Max |ours − torch| per hook over the first batch's rows (BATCH windows) and over every row,
 * and whether the refs (window row, position, token id) agree byte for byte.
 */
function compareSets(oursDir: string, torchDir: string, hooks: string[], dModel: number, firstRows: number) {
  const ours = JSON.parse(readFileSync(path.join(oursDir, ACTIVATION_MANIFEST), 'utf8')) as SetManifest;
  const torch = JSON.parse(readFileSync(path.join(torchDir, 'manifest.json'), 'utf8')) as SetManifest;
  const sameShape =
    ours.totalRows === torch.totalRows &&
    ours.shards.length === torch.shards.length &&
    ours.shards.every((s, i) => s.rows === torch.shards[i]!.rows);
  const first: Record<string, number> = {};
  const all: Record<string, number> = {};
  let refsEqual = sameShape;
  if (!sameShape) return { sameShape, oursRows: ours.totalRows, torchRows: torch.totalRows, first, all, refsEqual };
  for (const hook of hooks) {
    let seen = 0;
    first[hook] = 0;
    all[hook] = 0;
    for (const [i, shard] of ours.shards.entries()) {
      const a = readFloat32(path.join(oursDir, shard.files[hook]!));
      const b = readFloat32(path.join(torchDir, torch.shards[i]!.files[hook]!));
      const firstEnd = Math.max(0, Math.min(shard.rows, firstRows - seen)) * dModel;
      let m = 0;
      for (let j = 0; j < a.length; j++) {
        const d = Math.abs(a[j]! - b[j]!);
        if (!(d <= m)) m = d; // NaN counts as a mismatch
        if (j + 1 === firstEnd) first[hook] = Math.max(first[hook]!, m);
      }
      all[hook] = Math.max(all[hook]!, m);
      seen += shard.rows;
    }
  }
  for (const [i, shard] of ours.shards.entries()) {
    const a = readFileSync(path.join(oursDir, shard.refsFile));
    const b = readFileSync(path.join(torchDir, torch.shards[i]!.refsFile));
    if (a.byteLength !== shard.rows * REF_RECORD_I32 * 4 || !a.equals(b)) refsEqual = false;
  }
  return { sameShape, oursRows: ours.totalRows, torchRows: torch.totalRows, first, all, refsEqual };
}

async function runOurs(tokensDir: string, outDir: string, hooks: string[]): Promise<{ seconds: number; rows: number }> {
  const t0 = performance.now();
  const r = await extractActivationsTask(
    { modelDir: MODEL_DIR, tokensDir, hooks, batchSize: BATCH, maxTokens: null, dtype: 'float32', outDir, provider: 'cpu' },
    fakeContext(),
  );
  return { seconds: (performance.now() - t0) / 1000, rows: r.totalRows };
}

async function runCase(p: Peer, label: string, hooks: string[], tokensDir: string, dModel: number): Promise<CaseResult> {
  console.log(`\n## ${label}: ${hooks.join(', ')}  (load average ${loadavg()})`);
  // Warm-up: ours loads the model and builds the hooked session; the peer's first run warms its allocator.
  let oursWarm = { seconds: 0, rows: 0 };
  let torchWarm: PeerRun = { seconds: 0, rows: 0, shards: 0, forward_s: 0 };
  for (let w = 0; w < WARMUP; w++) {
    rmSync(path.join(tmp, 'ours-warm'), { recursive: true, force: true });
    rmSync(path.join(tmp, 'torch-warm'), { recursive: true, force: true });
    oursWarm = await runOurs(tokensDir, path.join(tmp, 'ours-warm'), hooks);
    torchWarm = await p.run(tokensDir, path.join(tmp, 'torch-warm'), hooks);
  }
  console.log(
    `warm-up: ours ${fmtSeconds(oursWarm.seconds)} (model load + hooked session build included), torch ${fmtSeconds(torchWarm.seconds)}`,
  );
  const cmp = compareSets(path.join(tmp, 'ours-warm'), path.join(tmp, 'torch-warm'), hooks, dModel, BATCH * CONTEXT);
  rmSync(path.join(tmp, 'ours-warm'), { recursive: true, force: true });
  rmSync(path.join(tmp, 'torch-warm'), { recursive: true, force: true });
  if (!cmp.sameShape) {
    console.log(
      `[parity] MISMATCH: ours wrote ${cmp.oursRows} rows, torch ${cmp.torchRows} (or different shard splits): the figures below do not compare like with like`,
    );
  } else {
    const firstMax = Math.max(...hooks.map((h) => cmp.first[h]!));
    const allMax = Math.max(...hooks.map((h) => cmp.all[h]!));
    const verdict =
      firstMax <= PARITY_TOLERANCE && cmp.refsEqual
        ? 'same weights, same windows, same activations'
        : `MISMATCH (> ${PARITY_TOLERANCE} or refs differ): the figures below do not compare like with like`;
    console.log(
      `[parity] max |ours − torch| over the first batch (${BATCH} windows × ${CONTEXT} = ${BATCH * CONTEXT} rows × d_model ${dModel}, ${hooks.length} hook(s)) = ${firstMax.toExponential(2)} — ${verdict}`,
    );
    console.log(
      `[parity] over all ${cmp.oursRows.toLocaleString('en-US')} rows: ${allMax.toExponential(2)} (${hooks.map((h) => `${h} ${cmp.all[h]!.toExponential(2)}`).join(', ')}); refs (window row, position, token id) ${cmp.refsEqual ? 'identical' : 'DIFFER'}`,
    );
  }

  const ours: number[] = [];
  const torch: number[] = [];
  const torchForward: number[] = [];
  let rows = oursWarm.rows;
  for (let i = 0; i < RUNS; i++) {
    // Alternate who goes first so neither side always follows the other's disk writeback.
    const order = i % 2 === 0 ? (['ours', 'torch'] as const) : (['torch', 'ours'] as const);
    for (const side of order) {
      const out = path.join(tmp, `${side}-${i}`);
      if (side === 'ours') {
        const r = await runOurs(tokensDir, out, hooks);
        ours.push(r.seconds);
        rows = r.rows;
      } else {
        const r = await p.run(tokensDir, out, hooks);
        torch.push(r.seconds);
        torchForward.push(r.forward_s);
      }
      rmSync(out, { recursive: true, force: true });
    }
  }
  return { label, hooks, rows, ours, torch, torchForward };
}

function printResult(r: CaseResult, dModel: number): void {
  const best = (t: number[]) => Math.min(...t);
  const mOurs = median(r.ours);
  const mTorch = median(r.torch);
  const mb = (r.rows * (r.hooks.length * dModel * 4 + REF_RECORD_I32 * 4)) / 1e6;
  console.log(
    `${r.rows.toLocaleString('en-US')} tokens per run, ${mb.toFixed(0)} MB written per run (float32 activations + int32 refs); median of ${r.ours.length} runs after ${WARMUP} warm-up, fastest beside it`,
  );
  console.log(
    `  ${''.padEnd(44)} ${'median'.padStart(9)}   ${'tokens/s'.padStart(14)}   ${'fastest'.padStart(9)}   ${'tokens/s'.padStart(14)}`,
  );
  const row = (name: string, t: number[]) =>
    console.log(
      `  ${name.padEnd(44)} ${fmtSeconds(median(t)).padStart(9)}   ${fmtTokensPerSecond(r.rows / median(t)).padStart(14)}   ${fmtSeconds(best(t)).padStart(9)}   ${fmtTokensPerSecond(r.rows / best(t)).padStart(14)}`,
    );
  row('ours   extractActivationsTask', r.ours);
  row('torch  forward hooks + raw float32 files', r.torch);
  console.log(
    `  ratio ours / PyTorch (tokens/s): medians ${(mTorch / mOurs).toFixed(2)}×, fastest runs ${(best(r.torch) / best(r.ours)).toFixed(2)}×`,
  );
  console.log(
    `  torch: model forward ${fmtSeconds(median(r.torchForward))} of its ${fmtSeconds(mTorch)} (median), the rest is batching, copying out real tokens and writing`,
  );
  console.log(`  runs (s): ours [${r.ours.map((t) => t.toFixed(3)).join(', ')}], torch [${r.torch.map((t) => t.toFixed(3)).join(', ')}]`);
}

async function main(): Promise<void> {
  if (!existsSync(DEBIAN_PYTHON))
    throw new Error(`${DEBIAN_PYTHON} not found: the PyTorch peer needs Debian's python3-torch and python3-onnx`);
  if (!existsSync(path.join(MODEL_DIR, 'onnx', 'model.onnx')))
    throw new Error(`${path.relative(repoRoot, MODEL_DIR)} has no onnx/model.onnx (make it with scripts/demo-model/make-demo.sh)`);
  const cfg = JSON.parse(readFileSync(path.join(MODEL_DIR, 'config.json'), 'utf8')) as Record<string, unknown>;
  const dModel = Number(cfg.n_embd);
  const nLayers = Number(cfg.n_layer);
  const ortVersion = (
    JSON.parse(readFileSync(path.join(repoRoot, 'node_modules', 'onnxruntime-node', 'package.json'), 'utf8')) as { version: string }
  ).version;

  console.log('# Activation extraction: ours (extractActivationsTask, onnxruntime-node) vs PyTorch, same weights, same windows');
  console.log(
    `machine: ${os.cpus()[0]?.model ?? 'unknown CPU'}, ${os.cpus().length} logical CPUs, ${(os.totalmem() / 2 ** 30).toFixed(0)} GiB; node ${process.version}, onnxruntime-node ${ortVersion} (cpu EP)`,
  );
  console.log(`load average at start: ${loadavg()} (1/5/15 min; other work on this machine skews both figures alike)`);
  console.log(
    `model: ${path.relative(repoRoot, MODEL_DIR)} (${nLayers} layers, d_model ${dModel}, vocab ${String(cfg.vocab_size)}); PyTorch weights read from its ONNX initializers`,
  );

  // The corpus: the first DOCS documents of the train split, tokenized with the real task (not timed).
  const docs = readFileSync(TRAIN_JSONL, 'utf8')
    .split('\n')
    .filter((l) => l.trim())
    .slice(0, DOCS)
    .map((l) => ({ text: (JSON.parse(l) as { text: string }).text }));
  const ds = createTestDataset(docs, 'bench-extract');
  datasetCleanup = ds.cleanup;
  const tokensDir = path.join(ds.dir, 'tokens');
  const settings = {
    mode: 'concat_chunk',
    maxLength: CONTEXT,
    padding: 'none',
    truncation: 'none',
    addSpecialTokens: false,
    returnAttentionMask: true,
    contextSize: CONTEXT,
    prependBos: true,
  } as const;
  const tok = await tokenizeDatasetTask(
    { datasetId: ds.datasetId, dbPath: ds.dbPath, modelDir: MODEL_DIR, settings, outDir: tokensDir },
    fakeContext(),
  );
  console.log(
    `corpus: first ${docs.length} documents of ${path.relative(repoRoot, TRAIN_JSONL)} → ${tok.totals.rows.toLocaleString('en-US')} windows × ${CONTEXT} = ${tok.totals.tokens.toLocaleString('en-US')} tokens (concat_chunk, prependBos; ${tok.totals.droppedTokens} tokens in the dropped last partial window)`,
  );
  console.log(
    `batch: ${BATCH} windows per forward; float32 shards; ${WARMUP} warm-up run per side and case, then ${RUNS} timed runs each, ours and torch alternating`,
  );

  const shardRows = Math.max(1, Math.floor((64 << 20) / (4 * dModel))); // extractActivationsTask's default
  const child = spawn(DEBIAN_PYTHON, [PEER_SCRIPT, '--onnx-dir', MODEL_DIR, '--batch', String(BATCH), '--shard-rows', String(shardRows)], {
    stdio: ['pipe', 'pipe', 'inherit'],
    env: process.env,
  });
  peer = child;
  const p = new Peer(child);
  const ready = await p.next<PeerReady>();
  console.log(
    `threads: ours = ORT default intra-op ${ortDefaultThreads()} (physical cores); torch.set_num_threads(os.cpu_count() = ${ready.cpu_count}) → ${ready.threads} (torch default ${ready.threads_default})`,
  );
  console.log(
    `torch ${ready.torch_version}; BLAS ${ready.blas.library} (${ready.blas.openblas_threads ?? '?'} OpenBLAS threads); OPENBLAS_CORETYPE=${ready.openblas_coretype ?? '(unset)'}; ${(ready.parameters / 1e6).toFixed(3)}M parameters`,
  );
  console.log(
    `both sides: read the token shards, forward (logits included), keep real tokens, write per-hook float32 + refs shard files of ${shardRows.toLocaleString('en-US')} rows, fsync at shard close, manifest`,
  );

  const cases: [string, string[]][] = [
    ['one hook', ['blocks.2.hook_resid_post']],
    [`all ${nLayers} layers`, Array.from({ length: nLayers }, (_, l) => `blocks.${l}.hook_resid_post`)],
  ];
  for (const [label, hooks] of cases) printResult(await runCase(p, label, hooks, tokensDir, dModel), dModel);

  child.stdin.end();
  await cachedModel(MODEL_DIR, 'cpu').release();
}

try {
  const t0 = performance.now();
  await main();
  console.log(`\nload average at end: ${loadavg()}; whole bench ${((performance.now() - t0) / 1000).toFixed(0)} s`);
} finally {
  cleanup();
}
