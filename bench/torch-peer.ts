import { spawn } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** Debian's PyTorch 1.13 lives here; the pyenv `python3` on PATH has no torch. */
export const DEBIAN_PYTHON = '/usr/bin/python3';
export const repoRoot = path.join(path.dirname(fileURLToPath(import.meta.url)), '..');
const PEER_SCRIPT = path.join(repoRoot, 'bench', 'python', 'forward_peer.py');

/** What bench/python/forward_peer.py prints (one JSON object on stdout). */
export interface TorchPeerResult {
  torch_version: string;
  /** torch.get_num_threads() before the peer set it. */
  threads_default: number;
  /** torch.get_num_threads() during the timed runs. */
  threads: number;
  blas: { library: string; openblas_threads: number | null };
  openblas_coretype: string | null;
  parameters: number;
  /** Seconds spent in torch.onnx.export (gpt2-small only). */
  export_s: number | null;
  times_s: number[];
  median_s: number;
  tokens_per_s: number;
  /** The same timing at torch's own default thread count (when it differs and was asked for). */
  at_default_threads: { threads: number; times_s: number[]; median_s: number; tokens_per_s: number } | null;
  /** [batch][32]: logits at each row's last position, first 32 vocab entries. */
  last_logits: number[][];
}

export type PeerSource = { exportGpt2SmallTo: string } | { onnxDir: string };

/**
 * Runs the PyTorch peer as a child process (stderr passes through as progress) and parses
 * the JSON it prints. `inputsFile` holds {"input_ids": [[...]]}, the very batch ours runs.
 */
export function runTorchPeer(
  source: PeerSource,
  opts: { inputsFile: string; threads: number; warmup: number; runs: number; alsoDefaultThreads?: boolean },
): Promise<TorchPeerResult> {
  const args = [
    PEER_SCRIPT,
    ...('onnxDir' in source ? ['--onnx-dir', source.onnxDir] : ['--export-gpt2-small', source.exportGpt2SmallTo]),
    '--inputs',
    opts.inputsFile,
    '--threads',
    String(opts.threads),
    '--warmup',
    String(opts.warmup),
    '--runs',
    String(opts.runs),
    ...(opts.alsoDefaultThreads ? ['--also-default-threads'] : []),
  ];
  return new Promise((resolve, reject) => {
    // The environment passes through unchanged (OPENBLAS_CORETYPE included, as the machine set it).
    const child = spawn(DEBIAN_PYTHON, args, { stdio: ['ignore', 'pipe', 'inherit'], env: process.env });
    let stdout = '';
    child.stdout.setEncoding('utf8');
    child.stdout.on('data', (chunk: string) => (stdout += chunk));
    child.on('error', reject);
    child.on('close', (code) => {
      if (code !== 0) return reject(new Error(`${DEBIAN_PYTHON} ${path.relative(repoRoot, PEER_SCRIPT)} exited with ${code}`));
      const last = stdout.trim().split('\n').pop() ?? '';
      try {
        resolve(JSON.parse(last) as TorchPeerResult);
      } catch {
        reject(new Error(`the PyTorch peer printed no JSON result; its stdout was:\n${stdout}`));
      }
    });
  });
}

/**
 * onnxruntime's default intra-op thread count on CPU: the number of physical cores
 * (cpuinfo reads the same sysfs topology), i.e. distinct (package, core) pairs.
 */
export function ortDefaultThreads(): number {
  const base = '/sys/devices/system/cpu';
  const cores = new Set<string>();
  if (existsSync(base)) {
    for (const cpu of readdirSync(base).filter((d) => /^cpu\d+$/.test(d))) {
      const topo = path.join(base, cpu, 'topology');
      if (!existsSync(path.join(topo, 'core_id'))) continue;
      const read = (f: string) => readFileSync(path.join(topo, f), 'utf8').trim();
      cores.add(`${read('physical_package_id')}:${read('core_id')}`);
    }
  }
  return cores.size || os.availableParallelism();
}
