/**
 * Steered generation throughput (docs/steering.md): ours (onnxruntime-node, our decode loop
 * with the KV cache) without steering, with additive steering and with clamping, against a
 * PyTorch peer (bench/python/steer_peer.py) doing the same greedy generation on the same
 * weights with a forward hook. One run prints everything:
 *
 *   npx tsx bench/steering.ts [--sae DIR] [--feature F] [--tokens N] [--quick]
 *
 * SAE: a SAELens folder for the demo model's blocks.2.hook_resid_post (--sae), else a random
 * standard SAE of the demo defaults' shape (256 → 2,048) written to a temp dir — throughput
 * does not depend on what the weights learned. Greedy decoding so both sides must produce
 * the same tokens (checked: a parity line per mode).
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { spawn } from 'node:child_process';
import { generate } from '../src/compute/model/generate';
import { LanguageModel } from '../src/compute/model/language-model';
import { clampStrategy, steeredForward, unsteeredForward, type SteeringSetup } from '../src/compute/steering/forward';
import { steeringVector, type SteeringMode } from '../src/compute/steering/intervention';
import { loadSteeringSae } from '../src/compute/steering/sae';
import { writeTestSae } from '../src/compute/steering/test-support';
import { DEBIAN_PYTHON, ortDefaultThreads, repoRoot } from './torch-peer';
import { fmtTokensPerSecond, median, type Timing } from './timing';

const argv = process.argv.slice(2);
const arg = (name: string) => {
  const i = argv.indexOf(`--${name}`);
  return i >= 0 ? argv[i + 1] : undefined;
};
const QUICK = argv.includes('--quick');
const WARMUP = QUICK ? 1 : 2;
const RUNS = QUICK ? 1 : 7;
/** Our modes are cheap to alternate: several cycles per round, so a burst of other work hits each alike. */
const OURS_PER_ROUND = QUICK ? 1 : 3;
const NEW_TOKENS = Number(arg('tokens') ?? 64);
const FEATURE = Number(arg('feature') ?? 0);
const COEFFICIENT = 4;
const HOOK = 'blocks.2.hook_resid_post';
const DEMO = path.join(repoRoot, 'resources', 'demo-model');
const PROMPT = 'In the beginning God created the heaven and the earth. And the earth was';

interface PeerRun {
  times_s: number[];
  median_s: number;
  tokens_per_s: number;
  token_ids: number[];
}
interface PeerResult {
  torch_version: string;
  threads: number;
  threads_default: number;
  plain: PeerRun;
  additive: PeerRun;
  clamp: PeerRun;
}

function runPeer(request: object, tmp: string): Promise<PeerResult> {
  const file = path.join(tmp, 'request.json');
  writeFileSync(file, JSON.stringify(request));
  return new Promise((resolve, reject) => {
    const child = spawn(DEBIAN_PYTHON, [path.join(repoRoot, 'bench', 'python', 'steer_peer.py'), '--onnx-dir', DEMO, '--request', file], {
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    let out = '';
    child.stdout.setEncoding('utf8').on('data', (c: string) => (out += c));
    child.on('error', reject);
    child.on('close', (code) =>
      code === 0
        ? resolve(JSON.parse(out.trim().split('\n').pop() ?? '') as PeerResult)
        : reject(new Error(`steer_peer.py exited with ${code}`)),
    );
  });
}

async function main(): Promise<void> {
  const tmp = mkdtempSync(path.join(os.tmpdir(), 'mistudio-bench-steer-'));
  const cleanups: (() => void)[] = [() => rmSync(tmp, { recursive: true, force: true })];
  try {
    const random = arg('sae') ? null : await writeTestSae({ dIn: 256, dSae: 2048, hook: HOOK, seed: 7 });
    cleanups.push(() => random?.cleanup());
    const saeDir = arg('sae') ?? random!.dir;
    const sae = await loadSteeringSae(saeDir);
    if (sae.architecture !== 'standard')
      throw new Error(`the PyTorch peer's clamp hook implements standard (ReLU) SAEs; ${saeDir} is ${sae.architecture}`);
    const lm = LanguageModel.load(DEMO, { provider: 'cpu' });
    const promptIds = lm.tokenizer.encode(PROMPT);
    const threads = ortDefaultThreads();
    const features = [{ feature: FEATURE, coefficient: COEFFICIENT, scale: 1 }];
    const spec = (mode: SteeringMode): SteeringSetup => ({
      lm,
      sae,
      hook: HOOK,
      spec: { positions: 'all', features: features.map((f) => ({ ...f, mode })) },
    });
    const opts = { maxNewTokens: NEW_TOKENS, temperature: 0, topK: 0, topP: 1, seed: 0, stopAtEos: false };

    console.log('# Steered generation: ours (onnxruntime-node, KV cache) vs PyTorch forward hooks, same weights');
    console.log(
      `machine: ${os.cpus()[0]?.model ?? '?'}, ${os.cpus().length} logical CPUs; load average ${os
        .loadavg()
        .map((l) => l.toFixed(2))
        .join(' / ')}`,
    );
    console.log(
      `demo model, hook ${HOOK}, SAE ${arg('sae') ?? 'random 256→2048 (seed 7)'}; feature ${FEATURE}, coefficient ${COEFFICIENT} (scale 1); prompt ${promptIds.length} tokens + ${NEW_TOKENS} greedy tokens; ${WARMUP} warm-up runs, then ${RUNS} rounds alternating PyTorch (1 run per mode) and ours (${OURS_PER_ROUND} cycles of every mode); medians and fastest runs; threads: ORT default ${threads}, torch set to ${threads}`,
    );

    // Rounds alternate: one PyTorch run of every mode (a fresh peer process; its start-up and
    // warm-up are not timed), then one run of ours of every mode — so load from other work on
    // a shared machine hits both sides alike. Figures are medians over the rounds.
    const request = {
      prompt_ids: promptIds,
      new_tokens: NEW_TOKENS,
      layer: 2,
      threads,
      warmup: WARMUP,
      runs: 1,
      vector: Array.from(steeringVector(sae, features)),
      sae_dir: saeDir,
      clamp: features.map((f) => [f.feature, f.coefficient * f.scale]),
    };
    const modes: Record<string, () => Promise<number[]>> = {
      plain: async () => (await generate(lm, promptIds, opts)).tokenIds,
      'unsteered (hooked session, zero delta)': async () =>
        (await generate(lm, promptIds, opts, unsteeredForward(spec('additive')))).tokenIds,
      additive: async () => (await generate(lm, promptIds, opts, steeredForward(spec('additive'), promptIds.length))).tokenIds,
      clamp: async () => (await generate(lm, promptIds, opts, steeredForward(spec('clamp'), promptIds.length))).tokenIds,
    };
    const ours: Record<string, { times: number[]; tokenIds: number[] }> = {};
    for (const [label, run] of Object.entries(modes)) {
      for (let i = 0; i < WARMUP; i++) await run();
      ours[label] = { times: [], tokenIds: [] };
    }
    const peerTimes: Record<'plain' | 'additive' | 'clamp', number[]> = { plain: [], additive: [], clamp: [] };
    let peer: PeerResult | null = null;
    for (let round = 0; round < RUNS; round++) {
      peer = await runPeer(request, tmp);
      for (const k of ['plain', 'additive', 'clamp'] as const) peerTimes[k].push(peer[k].times_s[0]!);
      for (let cycle = 0; cycle < OURS_PER_ROUND; cycle++) {
        for (const [label, run] of Object.entries(modes)) {
          const t0 = performance.now();
          ours[label]!.tokenIds = await run();
          ours[label]!.times.push((performance.now() - t0) / 1000);
        }
      }
      process.stderr.write(`round ${round + 1}/${RUNS} done\n`);
    }
    await lm.release();
    if (!peer) throw new Error('no rounds ran');
    const oursTiming = (label: string): Timing => ({ times: ours[label]!.times, medianSeconds: median(ours[label]!.times) });
    const peerRun = (k: keyof typeof peerTimes): PeerRun => ({
      ...peer[k],
      times_s: peerTimes[k],
      median_s: median(peerTimes[k]),
      tokens_per_s: NEW_TOKENS / median(peerTimes[k]),
    });

    const tps = (t: Timing) => NEW_TOKENS / t.medianSeconds;
    const fastest = (times: number[]) => NEW_TOKENS / Math.min(...times);
    console.log(
      `\n  ${'run'.padEnd(40)} ${'ours'.padStart(13)} ${'PyTorch'.padStart(13)}  ratio   ${'ours fastest'.padStart(13)} ${'PyTorch fastest'.padStart(15)}  ratio   tokens same`,
    );
    const row = (label: string, p: PeerRun | null) => {
      const o = ours[label]!;
      const same = p ? (o.tokenIds.join(',') === p.token_ids.join(',') ? 'yes' : 'NO (MISMATCH)') : '';
      const t = tps(oursTiming(label));
      const tf = fastest(o.times);
      const cols = p
        ? [
            fmtTokensPerSecond(p.tokens_per_s).padStart(13),
            `${(t / p.tokens_per_s).toFixed(2)}×`.padStart(6),
            fmtTokensPerSecond(tf).padStart(13),
            fmtTokensPerSecond(fastest(p.times_s)).padStart(15),
            `${(tf / fastest(p.times_s)).toFixed(2)}×`.padStart(6),
          ]
        : [''.padStart(13), ''.padStart(6), fmtTokensPerSecond(tf).padStart(13), ''.padStart(15), ''.padStart(6)];
      console.log(
        `  ${label.padEnd(40)} ${fmtTokensPerSecond(t).padStart(13)} ${cols[0]} ${cols[1]}   ${cols[2]} ${cols[3]} ${cols[4]}   ${same}`,
      );
    };
    row('plain', peerRun('plain'));
    row('unsteered (hooked session, zero delta)', null);
    row('additive', peerRun('additive'));
    row('clamp', peerRun('clamp'));
    const ratio = (label: string) =>
      `${(tps(oursTiming(label)) / tps(oursTiming('plain'))).toFixed(2)}× (fastest runs ${(fastest(ours[label]!.times) / fastest(ours.plain!.times)).toFixed(2)}×)`;
    console.log(
      `\n  ours, steered / without steering (medians): additive ${ratio('additive')} — goal ≥ 0.9×; clamp ${ratio('clamp')}, clamped ${clampStrategy(spec('clamp')) === 'clamp-in-graph' ? 'in-graph, one forward per token' : 'in two forwards per token'} (docs/steering.md)`,
    );
    console.log(
      `  steered text differs from plain: additive ${ours.additive!.tokenIds.join(',') !== ours.plain!.tokenIds.join(',') ? 'yes' : 'no'}, clamp ${ours.clamp!.tokenIds.join(',') !== ours.plain!.tokenIds.join(',') ? 'yes' : 'no'}`,
    );
    console.log(
      `  PyTorch ${peer.torch_version}, ${peer.threads} threads (default ${peer.threads_default}); runs (s) ours additive [${ours.additive!.times.map((t) => t.toFixed(3)).join(', ')}], torch additive [${peerTimes.additive.map((t) => t.toFixed(3)).join(', ')}]`,
    );
    console.log(
      `load average at end: ${os
        .loadavg()
        .map((l) => l.toFixed(2))
        .join(' / ')}`,
    );
  } finally {
    cleanups.forEach((c) => c());
  }
}

await main();
