/**
 * Feature-pass benchmark (docs/features.md), one run prints ours and PyTorch's:
 * (a) tokens/s of the streaming pass — token windows → demo model with a read hook at
 *     blocks.2.hook_resid_post → SAE encode (d_sae 16,384) → per-feature counts, max, sum,
 *     log histogram, top-k — ours (featurePassTask, onnxruntime-node + JS statistics, which also
 *     keeps every top-k and quantile context window) vs bench/python/feature_pass_peer.py on the
 *     same weights and tokens; standard (ReLU) and TopK SAEs. Ours and the peer alternate run by run.
 * (c) peak RSS of a whole pass over 1,000,000 tokens at d_sae 16,384 (a child process; RSS sampled
 *     at every progress report, so the curve shows it stays flat).
 * Run: `npx tsx bench/feature-pass.ts` (`--quick`: smoke check on a few thousand tokens, not figures;
 * `--only=speed` / `--only=rss`: one part).
 * Both sides run a warm-up + parity pass, then RUNS timed passes, alternating.
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { fakeContext } from '../test/task-support';
import { featurePassTask } from '../src/compute/features/pass-task';
import type { FeaturePassTaskParams } from '../src/compute/features/protocol';
import { openFeaturePass } from '../src/compute/features/result-reader';
import { CONTEXT, HOOK, MODEL_DIR, tokenizeCorpus, writeBenchSae } from './feature-pass-setup';
import { median } from './timing';
import { DEBIAN_PYTHON, repoRoot } from './torch-peer';

const QUICK = process.argv.includes('--quick');
const D_SAE = 16_384;
const TOP_K = 20;
const BATCH_TOKENS = 4096;
const SPEED_TOKENS = QUICK ? 8192 : 32_768;
const RSS_TOKENS = QUICK ? 16_384 : 1_000_000;
const RUNS = QUICK ? 1 : 2;
/** `--only=speed` or `--only=rss`: one part (e.g. the two in separate shells on a busy machine). */
const ONLY = process.argv.find((a) => a.startsWith('--only='))?.slice('--only='.length) ?? null;
const PEER = path.join(repoRoot, 'bench', 'python', 'feature_pass_peer.py');

interface PeerResult {
  seconds: number;
  tokens: number;
  forward_s: number;
  encode_s: number;
  stats_s: number;
  fire_counts?: number[];
  max?: number[];
  top1?: number[];
}

const tmp = mkdtempSync(path.join(os.tmpdir(), 'mistudio-bench-fpass-'));
const loadavg = () =>
  os
    .loadavg()
    .map((l) => l.toFixed(2))
    .join(' / ');
const fmt = (n: number) => Math.round(n).toLocaleString('en-US');

function passParams(saeDir: string, tokensDir: string, maxTokens: number, out: string): FeaturePassTaskParams {
  return {
    saeDir,
    modelDir: MODEL_DIR,
    hook: HOOK,
    tokensDir,
    datasetId: 'bench',
    splitFilter: null,
    maxTokens,
    topK: TOP_K,
    contextWindow: 8,
    quantileGroups: 5,
    quantileExamples: 5,
    batchTokens: BATCH_TOKENS,
    outDir: path.join(tmp, out),
    provider: 'cpu',
  };
}

/** The peer in serve mode: one JSON request line in, one JSON result line out. */
async function startPeer(saeDir: string) {
  const child = spawn(DEBIAN_PYTHON, [PEER, '--onnx-dir', MODEL_DIR, '--sae-dir', saeDir], { stdio: ['pipe', 'pipe', 'inherit'] });
  const lines = createInterface({ input: child.stdout })[Symbol.asyncIterator]();
  const next = async <T>(): Promise<T> => {
    for (;;) {
      const r = await lines.next();
      if (r.done) throw new Error(`${path.relative(repoRoot, PEER)} exited early; its log is above`);
      if (r.value.trim().startsWith('{')) return JSON.parse(r.value) as T;
    }
  };
  const ready = await next<{ torch_version: string; threads: number; blas: { library: string } }>();
  return {
    ready,
    run: (tokensDir: string, maxTokens: number, parity = false) => {
      child.stdin.write(
        `${JSON.stringify({ tokens_dir: tokensDir, max_tokens: maxTokens, batch_tokens: BATCH_TOKENS, top_k: TOP_K, parity })}\n`,
      );
      return next<PeerResult>();
    },
    close: () => child.stdin.end(),
  };
}

async function speedCase(arch: 'standard' | 'topk', tokensDir: string): Promise<void> {
  const saeDir = path.join(tmp, `sae-${arch}`);
  await writeBenchSae(saeDir, arch, D_SAE, tokensDir);
  console.log(
    `\n## (a) ${arch} SAE, d_in 256 → d_sae ${fmt(D_SAE)}${arch === 'topk' ? ', k 64' : ', ReLU (b_enc set for ≈ 0.4 % firing)'}; ${fmt(SPEED_TOKENS)} tokens per run, batches of ≤ ${BATCH_TOKENS} tokens (ours: ≤ 64 MiB of pre-activations, i.e. 1,024 tokens at this d_sae) (load average ${loadavg()})`,
  );
  const peer = await startPeer(saeDir);
  // Warm-up + parity: both sides once, then compare per-feature counts, max and the top-1 token.
  const warm = await featurePassTask(passParams(saeDir, tokensDir, SPEED_TOKENS, `${arch}-warm`), fakeContext());
  const pw = await peer.run(tokensDir, SPEED_TOKENS, true);
  const reader = openFeaturePass(warm.dir);
  let countDiff = 0;
  let maxRel = 0;
  let top1Same = 0;
  let alive = 0;
  for (const f of reader.features()) {
    countDiff += Math.abs(f.firingCount - pw.fire_counts![f.featureIndex]!);
    const m = pw.max![f.featureIndex]!;
    if (m > 0) maxRel = Math.max(maxRel, Math.abs(f.maxActivation - m) / m);
    if (f.top[0]) {
      alive++;
      if (f.top[0].source.windowIndex * CONTEXT + f.top[0].source.peakPosition === pw.top1![f.featureIndex]) top1Same++;
    }
  }
  reader.close();
  const fires = pw.fire_counts!.reduce((a, b) => a + b, 0);
  console.log(
    `[parity] ${fmt(warm.tokens)} tokens each; firing (token, feature) pairs: torch ${fmt(fires)} (L0 ${(fires / warm.tokens).toFixed(1)}), |ours − torch| summed over features ${fmt(countDiff)} (${((100 * countDiff) / Math.max(1, fires)).toFixed(4)} %); max activation: largest relative difference ${maxRel.toExponential(2)}; top-1 token identical for ${fmt(top1Same)} of ${fmt(alive)} live features`,
  );
  rmSync(warm.dir, { recursive: true, force: true });
  const ours: number[] = [];
  const oursTotal: number[] = [];
  const torch: number[] = [];
  const oursEncStats: number[] = [];
  const torchEncStats: number[] = [];
  let last: PeerResult = pw;
  let lastOurs = warm.phaseSeconds;
  for (let i = 0; i < RUNS; i++) {
    const r = await featurePassTask(passParams(saeDir, tokensDir, SPEED_TOKENS, `${arch}-${i}`), fakeContext());
    ours.push(r.tokensPerSecond);
    lastOurs = r.phaseSeconds;
    oursEncStats.push(r.tokens / (r.phaseSeconds.encode + r.phaseSeconds.statistics));
    oursTotal.push(r.tokens / r.seconds);
    rmSync(r.dir, { recursive: true, force: true });
    last = await peer.run(tokensDir, SPEED_TOKENS);
    torch.push(last.tokens / last.seconds);
    torchEncStats.push(last.tokens / (last.encode_s + last.stats_s));
  }
  peer.close();
  const [o, t] = [median(ours), median(torch)];
  console.log(`  ours   featurePassTask, streaming phase     ${fmt(o).padStart(8)} tok/s   (runs: ${ours.map(fmt).join(', ')})`);
  console.log(
    `  ours   whole task (+ logit lens over vocab 4,096, decoder neighbours, writing the folder)  ${fmt(median(oursTotal))} tok/s`,
  );
  console.log(
    `  torch  hook → encode → counts/max/sum/histogram/top-k   ${fmt(t).padStart(8)} tok/s   (runs: ${torch.map(fmt).join(', ')}; last run: forward ${last.forward_s.toFixed(1)} s, encode ${last.encode_s.toFixed(1)} s, statistics ${last.stats_s.toFixed(1)} s)`,
  );
  console.log(
    `  ours   last run: forward ${lastOurs.forward.toFixed(1)} s, encode ${lastOurs.encode.toFixed(1)} s, statistics + contexts ${lastOurs.statistics.toFixed(1)} s; logit lens ${lastOurs.logitLens.toFixed(1)} s, neighbours ${lastOurs.neighbours.toFixed(1)} s, writing ${lastOurs.writing.toFixed(1)} s`,
  );
  console.log(`  ratio ours / PyTorch (median tokens/s, streaming): ${(o / t).toFixed(2)}×`);
  console.log(
    `  without the model forward (SAE encode + statistics only): ours ${fmt(median(oursEncStats))} tok/s, torch ${fmt(median(torchEncStats))} tok/s, ${(median(oursEncStats) / median(torchEncStats)).toFixed(2)}×`,
  );
}

/** (c): a whole pass in a child process; prints its RSS curve and peak. */
async function rssCase(tokensDir: string): Promise<void> {
  const saeDir = path.join(tmp, 'sae-standard');
  console.log(
    `\n## (c) peak RSS: a whole pass (standard SAE, d_sae ${fmt(D_SAE)}, top-k ${TOP_K}, 5×5 quantile contexts, window ±8) over ${fmt(RSS_TOKENS)} tokens, in its own process (load average ${loadavg()})`,
  );
  const args = [
    '--import',
    'tsx',
    path.join(repoRoot, 'bench', 'feature-pass-rss.ts'),
    JSON.stringify(passParams(saeDir, tokensDir, RSS_TOKENS, 'rss')),
  ];
  await new Promise<void>((resolve, reject) => {
    const child = spawn(process.execPath, args, { stdio: 'inherit' });
    child.on('close', (code) => (code === 0 ? resolve() : reject(new Error(`RSS child exited with ${code}`))));
  });
}

async function main(): Promise<void> {
  if (!existsSync(DEBIAN_PYTHON)) throw new Error(`${DEBIAN_PYTHON} not found: the peer needs Debian's python3-torch`);
  const ort = (
    JSON.parse(readFileSync(path.join(repoRoot, 'node_modules', 'onnxruntime-node', 'package.json'), 'utf8')) as { version: string }
  ).version;
  console.log('# Feature pass: ours vs PyTorch, same weights, same tokens');
  console.log(
    `machine: ${os.cpus()[0]?.model ?? 'unknown CPU'}, ${os.cpus().length} logical CPUs, ${(os.totalmem() / 2 ** 30).toFixed(0)} GiB; node ${process.version}, onnxruntime-node ${ort} (cpu EP); load average ${loadavg()}`,
  );
  const docs = QUICK ? 20 : 1071;
  const corpus = await tokenizeCorpus(docs);
  console.log(
    `corpus: ${corpus.docs} documents of the demo train split → ${fmt(corpus.windows)} windows × ${CONTEXT} = ${fmt(corpus.tokens)} tokens; model ${path.relative(repoRoot, MODEL_DIR)}, hook ${HOOK}`,
  );
  try {
    if (ONLY !== 'rss') {
      await speedCase('standard', corpus.tokensDir);
      await speedCase('topk', corpus.tokensDir);
    }
    if (ONLY === 'speed') return;
    if (ONLY === 'rss') await writeBenchSae(path.join(tmp, 'sae-standard'), 'standard', D_SAE, corpus.tokensDir);
    if (corpus.tokens < RSS_TOKENS)
      console.log(`\n(c) skipped: the corpus has ${fmt(corpus.tokens)} tokens, fewer than ${fmt(RSS_TOKENS)}`);
    else await rssCase(corpus.tokensDir);
  } finally {
    corpus.cleanup();
    rmSync(tmp, { recursive: true, force: true });
  }
}

main().catch((err: unknown) => {
  console.error(err);
  rmSync(tmp, { recursive: true, force: true });
  process.exit(1);
});
