import { describe, expect, it } from 'vitest';
import { initSaeWeights, dSaeOf } from '../init';
import { decodeDirect, encodeDirect } from '../math';
import { referenceAdam, referenceGrad } from '../reference-grad';
import { Rng } from '../rng';
import { testHyperparameters } from '../test-fixtures';
import { initialTrainerState } from '../trainer-state';
import type { SaeHyperparameters, SaeWeights } from '../types';
import { TfjsEngine } from './engine';

const PARAMS = ['W_enc', 'b_enc', 'W_dec', 'b_dec'] as const;

function randomBatch(n: number, d: number, seed: number): Float32Array {
  const rng = new Rng(seed);
  return Float32Array.from({ length: n * d }, () => rng.normal() + 0.3);
}

/** Weights with non-zero biases so every term of the gradient is exercised. */
function weightsFor(hp: SaeHyperparameters): SaeWeights {
  const w = initSaeWeights(hp, { decoderInitNorm: 0.5 }).weights;
  const rng = new Rng(99);
  for (let i = 0; i < w.b_enc.length; i++) w.b_enc[i] = 0.05 * rng.normal();
  for (let i = 0; i < w.b_dec.length; i++) w.b_dec[i] = 0.1 * rng.normal();
  return w;
}

function maxRelErr(a: ArrayLike<number>, b: ArrayLike<number>, scale: number): number {
  let e = 0;
  for (let i = 0; i < a.length; i++) e = Math.max(e, Math.abs((a[i] ?? 0) - (b[i] ?? 0)) / scale);
  return e;
}

describe.each(['standard', 'topk'] as const)('TfjsEngine (cpu) vs hand computation: %s', (architecture) => {
  const hp = testHyperparameters({ architecture, k: 6, dIn: 8, expansionFactor: 4, batchSize: 16 });
  const dSae = dSaeOf(hp);
  const shape = { architecture, dIn: hp.dIn, dSae, k: 6 };

  it('loss and an SGD step (= the gradient) match', async () => {
    const w0 = weightsFor(hp);
    const x = randomBatch(16, hp.dIn, 5);
    const engine = await TfjsEngine.create({ prefer: 'cpu' });
    await engine.init({ ...hp, optimizer: 'sgd' }, w0, initialTrainerState(dSae, 0));
    const lr = 0.01;
    const metrics = await engine.step(x, lr, 0.5);
    const ref = referenceGrad(w0, shape, x, 16, 0.5);
    expect(metrics.loss).toBeCloseTo(ref.loss, 4);
    expect(metrics.mse).toBeCloseTo(ref.mse, 4);
    const { weights } = await engine.exportState();
    for (const p of PARAMS) {
      const expected = Array.from(w0[p], (v, i) => v - lr * (ref.grads[p][i] ?? 0));
      expect(maxRelErr(weights[p], expected, lr), p).toBeLessThan(1e-4);
    }
    await engine.dispose();
  });

  it('two Adam steps match torch.optim.Adam by hand', async () => {
    const w0 = weightsFor(hp);
    const engine = await TfjsEngine.create({ prefer: 'cpu' });
    await engine.init(hp, w0, initialTrainerState(dSae, 0));
    const lr = 1e-3;
    let w: Record<string, Float64Array> = Object.fromEntries(PARAMS.map((p) => [p, Float64Array.from(w0[p])]));
    let m: Record<string, Float64Array> = Object.fromEntries(PARAMS.map((p) => [p, new Float64Array(w0[p].length)]));
    let v: Record<string, Float64Array> = Object.fromEntries(PARAMS.map((p) => [p, new Float64Array(w0[p].length)]));
    for (let t = 1; t <= 2; t++) {
      const x = randomBatch(16, hp.dIn, 10 + t);
      await engine.step(x, lr, 0.5);
      const cur = Object.fromEntries(PARAMS.map((p) => [p, Float32Array.from(w[p] ?? [])])) as unknown as SaeWeights;
      const ref = referenceGrad(cur, shape, x, 16, 0.5);
      const next = PARAMS.map((p) => referenceAdam(w[p] ?? [], ref.grads[p], m[p] ?? [], v[p] ?? [], t, lr, 0.9, 0.999, 1e-8));
      w = Object.fromEntries(PARAMS.map((p, i) => [p, next[i]?.p ?? new Float64Array()]));
      m = Object.fromEntries(PARAMS.map((p, i) => [p, next[i]?.m ?? new Float64Array()]));
      v = Object.fromEntries(PARAMS.map((p, i) => [p, next[i]?.v ?? new Float64Array()]));
    }
    const state = await engine.exportState();
    for (const p of PARAMS) {
      expect(maxRelErr(state.weights[p], w[p] ?? [], lr), p).toBeLessThan(1e-3);
      expect(maxRelErr(state.moments?.m[p] ?? [], m[p] ?? [], 1e-2), `m.${p}`).toBeLessThan(1e-3);
    }
    await engine.dispose();
  });

  it('encode/decode equal the direct forward', async () => {
    const w0 = weightsFor(hp);
    const x = randomBatch(16, hp.dIn, 7);
    const engine = await TfjsEngine.create({ prefer: 'cpu' });
    await engine.init(hp, w0, initialTrainerState(dSae, 0));
    const f = await engine.encode(x, 16);
    const xHat = await engine.decode(f, 16);
    const fRef = encodeDirect(w0, shape, x, 16);
    expect(maxRelErr(f, fRef, 1)).toBeLessThan(1e-5);
    expect(maxRelErr(xHat, decodeDirect(w0, shape, fRef, 16), 1)).toBeLessThan(1e-5);
    await engine.dispose();
  });
});

describe('gradient-norm clipping (SAELens clip_grad_norm_ 1.0)', () => {
  it('an SGD step moves by lr · g · min(1, c/‖g‖)', async () => {
    const hp = testHyperparameters({ optimizer: 'sgd', gradClipNorm: 0.05 });
    const dSae = dSaeOf(hp);
    const shape = { architecture: 'standard' as const, dIn: hp.dIn, dSae };
    const w0 = weightsFor(hp);
    const x = randomBatch(16, hp.dIn, 21);
    const engine = await TfjsEngine.create({ prefer: 'cpu' });
    await engine.init(hp, w0, initialTrainerState(dSae, 0));
    await engine.step(x, 0.01, 0.5);
    const ref = referenceGrad(w0, shape, x, 16, 0.5);
    const norm = Math.sqrt(PARAMS.reduce((s, p) => s + ref.grads[p].reduce((a, g) => a + g * g, 0), 0));
    expect(norm).toBeGreaterThan(0.05);
    const c = 0.05 / (norm + 1e-6);
    const { weights } = await engine.exportState();
    for (const p of PARAMS)
      expect(
        maxRelErr(
          weights[p],
          Array.from(w0[p], (v, i) => v - 0.01 * c * (ref.grads[p][i] ?? 0)),
          0.01 * c,
        ),
        p,
      ).toBeLessThan(1e-3);
    await engine.dispose();
  });
});
