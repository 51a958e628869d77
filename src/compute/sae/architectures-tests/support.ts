import { expect } from 'vitest';
import { trainedParams } from '../architectures';
import { OrtEngine } from '../ort/engine';
import { emptyState } from '../ort/test-support';
import { TfjsEngine } from '../tfjs/engine';
import type { SaeHyperparameters, SaeWeights, TrainerState, TrainingEngine } from '../types';

/** Test helpers shared by the per-architecture engine tests (JumpReLU, BatchTopK). */
export type Exported = Awaited<ReturnType<TrainingEngine['exportState']>>;

/** max |a − b| / max |b| over one parameter. */
export function relErr(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let num = 0;
  let den = 0;
  for (let i = 0; i < b.length; i++) {
    num = Math.max(num, Math.abs((a[i] ?? 0) - (b[i] ?? 0)));
    den = Math.max(den, Math.abs(b[i] ?? 0));
  }
  return den === 0 ? num : num / den;
}

export function delta(after: ArrayLike<number>, before: ArrayLike<number>): Float64Array {
  return Float64Array.from({ length: after.length }, (_, i) => (after[i] ?? 0) - (before[i] ?? 0));
}

export function cloneWeights(w: SaeWeights): SaeWeights {
  const out: SaeWeights = { W_enc: w.W_enc.slice(), b_enc: w.b_enc.slice(), W_dec: w.W_dec.slice(), b_dec: w.b_dec.slice() };
  for (const p of ['log_threshold', 'r_mag', 'b_mag'] as const) {
    const v = w[p];
    if (v) out[p] = v.slice();
  }
  return out;
}

export async function makeEngine(kind: 'ort' | 'tfjs'): Promise<TrainingEngine> {
  return kind === 'ort' ? new OrtEngine({ provider: 'cpu' }) : TfjsEngine.create({ prefer: 'cpu' });
}

/** One step on a fresh engine of `kind`; returns its exported state after the step. */
export async function oneStep(
  kind: 'ort' | 'tfjs',
  hp: SaeHyperparameters,
  w: SaeWeights,
  state: TrainerState,
  x: Float32Array,
  lr: number,
  coefficient: number,
): Promise<Exported> {
  const engine = await makeEngine(kind);
  await engine.init(hp, w, state);
  await engine.step(x, lr, coefficient);
  const out = await engine.exportState();
  await engine.dispose();
  return out;
}

/** ort and tfjs agree on the updated weights, the updates themselves and the moments (≤ 1e-4 relative). */
export function expectSameStep(hp: SaeHyperparameters, w: SaeWeights, ours: Exported, ref: Exported): void {
  for (const p of trainedParams(hp.architecture)) {
    const [a, b, w0] = [ours.weights[p], ref.weights[p], w[p]];
    if (!a || !b || !w0) throw new Error(`${p} missing from an export`);
    expect(relErr(a, b), p).toBeLessThan(1e-4);
    expect(relErr(delta(a, w0), delta(b, w0)), `Δ${p}`).toBeLessThan(1e-4);
    if (ours.moments && ref.moments) {
      expect(relErr(ours.moments.m[p] ?? [], ref.moments.m[p] ?? [NaN]), `m_${p}`).toBeLessThan(1e-4);
      expect(relErr(ours.moments.v[p] ?? [], ref.moments.v[p] ?? [NaN]), `v_${p}`).toBeLessThan(1e-4);
    }
  }
}

/** Bit-for-bit equality of every trained parameter. */
export function expectBitIdentical(hp: SaeHyperparameters, a: SaeWeights, b: SaeWeights, label: string): void {
  for (const p of trainedParams(hp.architecture)) {
    const [x, y] = [a[p], b[p]];
    if (!x || !y) throw new Error(`${label}: ${p} missing`);
    expect(
      Buffer.from(x.buffer, x.byteOffset, x.byteLength).equals(Buffer.from(y.buffer, y.byteOffset, y.byteLength)),
      `${label} ${p}`,
    ).toBe(true);
  }
}

/**
 * N steps straight vs k steps, export, a new engine from the export, N − k steps: the same
 * weights, moments and (BatchTopK) threshold, bit for bit on CPU.
 */
export async function expectExactResume(
  kind: 'ort' | 'tfjs',
  hp: SaeHyperparameters,
  w0: SaeWeights,
  batches: Float32Array[],
  k: number,
  coefficient: number,
): Promise<void> {
  const dSae = w0.b_enc.length;
  const lrAt = (i: number) => (1e-3 * (1 + i)) / batches.length;
  const run = async (e: TrainingEngine, from: number, to: number) => {
    for (let i = from; i < to; i++) await e.step(batches[i] ?? new Float32Array(0), lrAt(i), coefficient);
  };
  const straight = await makeEngine(kind);
  await straight.init(hp, w0, emptyState(dSae));
  await run(straight, 0, batches.length);
  const a = await straight.exportState();
  await straight.dispose();

  const first = await makeEngine(kind);
  await first.init(hp, w0, emptyState(dSae));
  await run(first, 0, k);
  const saved = await first.exportState();
  await first.dispose();
  const second = await makeEngine(kind);
  const state: TrainerState = {
    ...emptyState(dSae, k),
    moments: saved.moments,
    tokensSinceFired: saved.tokensSinceFired ?? new Float32Array(dSae),
    ...(saved.topkThreshold !== undefined ? { topkThreshold: saved.topkThreshold } : {}),
  };
  await second.init(hp, saved.weights, state);
  await run(second, k, batches.length);
  const b = await second.exportState();
  await second.dispose();
  expectBitIdentical(hp, a.weights, b.weights, 'weights');
  if (!a.moments || !b.moments) throw new Error('expected Adam moments');
  expectBitIdentical(hp, a.moments.m, b.moments.m, 'm');
  expectBitIdentical(hp, a.moments.v, b.moments.v, 'v');
  expect(b.topkThreshold).toBe(a.topkThreshold);
}
