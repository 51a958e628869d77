import { spawn } from 'node:child_process';
import type { ChildProcessByStdio } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { createInterface } from 'node:readline';
import type { Readable, Writable } from 'node:stream';
import type { SaeArchitecture } from '../src/compute/sae/types';
import { DEBIAN_PYTHON, repoRoot } from './torch-peer';

/**
 * The shared seeded start of one bench case, as bench/python/sae_peer.py --init reads it:
 * meta.json (architecture, sizes, the peer's hyperparameters, shapes) and one raw float32
 * little-endian file per tensor (<name>.f32: x, the parameters, tokens_since_fired).
 */
export interface PeerHyper {
  k: number;
  lr: number;
  l1_coefficient: number;
  l0_coefficient: number;
  bandwidth: number;
  aux_coefficient: number;
  k_aux: number;
  dead_window: number;
  topk_threshold_lr: number;
  /** Matryoshka prefix widths in features (empty otherwise). */
  matryoshka_widths: number[];
}

export function writeSharedStart(
  dir: string,
  c: { arch: SaeArchitecture; dIn: number; dSae: number; batch: number; hyper: PeerHyper },
  tensors: Record<string, { data: Float32Array; shape: number[] }>,
): void {
  mkdirSync(dir, { recursive: true });
  const shapes: Record<string, number[]> = {};
  for (const [name, t] of Object.entries(tensors)) {
    writeFileSync(path.join(dir, `${name}.f32`), new Uint8Array(t.data.buffer, t.data.byteOffset, t.data.byteLength));
    shapes[name] = t.shape;
  }
  const meta = { arch: c.arch, d_in: c.dIn, d_sae: c.dSae, batch: c.batch, hyper: c.hyper, shapes };
  writeFileSync(path.join(dir, 'meta.json'), JSON.stringify(meta));
}

export interface TorchInfo {
  torch_version: string;
  threads: number;
  threads_default: number;
  blas: string;
}

/** One PyTorch step as the peer reports it: wall and CPU seconds (timed inside Python), metrics. */
export interface PeerStep {
  step_s: number;
  cpu_s: number;
  loss: number;
  mse: number;
  aux: number | null;
  l0: number;
  ev: number;
}

/**
 * bench/python/sae_peer.py in --serve mode: set up once from the shared start, then one PyTorch
 * SAE step per `step()`, so bench/sae-train.ts can alternate our step and PyTorch's (load from
 * other work on a shared machine then falls on both).
 */
export class TorchSaeStepper {
  private readonly lines: AsyncIterator<string>;

  private constructor(private readonly child: ChildProcessByStdio<Writable, Readable, null>) {
    this.lines = createInterface({ input: child.stdout })[Symbol.asyncIterator]();
  }

  static async start(args: { initDir: string; threads: number }): Promise<{ stepper: TorchSaeStepper; info: TorchInfo }> {
    const script = path.join(repoRoot, 'bench', 'python', 'sae_peer.py');
    const argv = [script, '--serve', '--init', args.initDir, '--threads', String(args.threads)];
    const child = spawn(DEBIAN_PYTHON, argv, { stdio: ['pipe', 'pipe', 'inherit'] });
    const stepper = new TorchSaeStepper(child);
    return { stepper, info: JSON.parse(await stepper.next()) as TorchInfo };
  }

  async step(): Promise<PeerStep> {
    this.child.stdin.write('step\n');
    return JSON.parse(await this.next()) as PeerStep;
  }

  /** Writes the peer's current parameters to dir/<name>.f32; returns its BatchTopK threshold. */
  async dump(dir: string): Promise<{ topkThreshold: number }> {
    this.child.stdin.write(`dump ${dir}\n`);
    return { topkThreshold: (JSON.parse(await this.next()) as { topk_threshold: number }).topk_threshold };
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

/** |a − b| / max(|a|, |b|, tiny): the parity measure of two per-step losses. */
export function relativeDiff(a: number, b: number): number {
  if (a === b) return 0;
  return Math.abs(a - b) / Math.max(Math.abs(a), Math.abs(b), 1e-12);
}

/**
 * How far our parameter update departs from the peer's: ‖Δours − Δpeer‖₂ / ‖Δpeer‖₂ with
 * Δ = parameter − start. An update-level check: a wrong gradient shows here even where the
 * loss barely moves (e.g. JumpReLU's threshold pseudo-gradient).
 */
export function updateDeparture(start: Float32Array, ours: Float32Array, peerFile: string): number {
  const bytes = readFileSync(peerFile);
  const peer = new Float32Array(bytes.buffer, bytes.byteOffset, bytes.byteLength / 4);
  if (peer.length !== start.length || ours.length !== start.length) return Infinity;
  let num = 0;
  let den = 0;
  for (let i = 0; i < start.length; i++) {
    const dp = (peer[i] ?? 0) - (start[i] ?? 0);
    const d = (ours[i] ?? 0) - (peer[i] ?? 0);
    num += d * d;
    den += dp * dp;
  }
  return den === 0 ? (num === 0 ? 0 : Infinity) : Math.sqrt(num / den);
}
