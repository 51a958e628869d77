import { describe, expect, it } from 'vitest';
import { batchMetrics } from '../metrics';
import type { SaeArchitecture, SaeWeights } from '../types';
import { OrtEngine } from './engine';
import { OrtEngineError } from './errors';
import { emptyState, forwardF64, gaussian, hyper, randomWeights, rng, sparseDictionaryData } from './test-support';

/** Metrics, encode/decode, refusals, exact resume, and a small training run of the ort engine. */
describe('OrtEngine', () => {
  for (const arch of ['standard', 'topk'] as const) {
    it(`${arch}: step metrics equal a direct float64 computation (metrics.ts) on the pre-step weights`, async () => {
      const r = rng(3);
      const [dIn, factor, n] = [10, 4, 40];
      const dSae = dIn * factor;
      const hp = hyper(arch, dIn, factor, { k: 6 });
      const w = randomWeights(r, dIn, dSae);
      const x = gaussian(r, n * dIn);
      const engine = new OrtEngine({ provider: 'cpu' });
      await engine.init(hp, w, emptyState(dSae));
      const m = await engine.step(x, 1e-3, 0.25);
      await engine.dispose();
      const { f, xHat } = forwardF64(w, x, n, dIn, dSae, arch, 6);
      const ref = batchMetrics(x, xHat, f, w.W_dec, n, dIn, dSae);
      expect(m.mse).toBeCloseTo(ref.mse, 4);
      expect(m.l1).toBeCloseTo(ref.l1, 4);
      expect(m.l0).toBeCloseTo(ref.l0, 5);
      expect(m.explainedVariance).toBeCloseTo(ref.explainedVariance, 5);
      expect(Array.from(m.fireCounts)).toEqual(Array.from(ref.fireCounts));
      expect(m.loss).toBeCloseTo(arch === 'standard' ? ref.mse + 0.25 * ref.l1 : ref.mse, 4);
      if (arch === 'topk') expect(m.l0).toBeLessThanOrEqual(6);
    });

    it(`${arch}: encode and decode match the direct forward`, async () => {
      const r = rng(5);
      const [dIn, factor, n] = [8, 4, 9];
      const dSae = dIn * factor;
      const w = randomWeights(r, dIn, dSae);
      const x = gaussian(r, n * dIn);
      const engine = new OrtEngine({ provider: 'cpu' });
      await engine.init(hyper(arch, dIn, factor, { k: 5 }), w, emptyState(dSae));
      const f = await engine.encode(x, n);
      const xHat = await engine.decode(f, n);
      await engine.dispose();
      const ref = forwardF64(w, x, n, dIn, dSae, arch, 5);
      f.forEach((v, i) => expect(v).toBeCloseTo(ref.f[i] ?? NaN, 5));
      xHat.forEach((v, i) => expect(v).toBeCloseTo(ref.xHat[i] ?? NaN, 5));
    });
  }

  it('refuses ghost gradients, naming the tfjs engine', async () => {
    const engine = new OrtEngine({ provider: 'cpu' });
    const hp = hyper('standard', 4, 2, { ghostGradients: true });
    const err = await engine.init(hp, randomWeights(rng(1), 4, 8), emptyState(8)).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(OrtEngineError);
    expect((err as OrtEngineError).code).toBe('SAE_ORT_UNSUPPORTED_OPTION');
    expect((err as OrtEngineError).message).toMatch(/tfjs engine/);
  });

  for (const arch of ['standard', 'topk'] as const) {
    it(`${arch}: N steps straight ≡ k steps + export + new engine + N−k steps, bit for bit (CPU)`, async () => {
      const [dIn, factor, bs, N, k] = [16, 4, 32, 8, 3];
      const dSae = dIn * factor;
      // TopK: a short dead window so AuxK switches on mid-run and the tracked state matters.
      const hp = hyper(arch, dIn, factor, { k: 3, deadWindowTokens: 64, optimizer: 'adamw', weightDecay: 0.01 });
      const w0 = randomWeights(rng(9), dIn, dSae, 0.2);
      const batches = Array.from({ length: N }, (_, i) => gaussian(rng(100 + i), bs * dIn));
      const lrAt = (i: number) => (1e-3 * (1 + i)) / N; // a warm-up: lr is a per-step input
      const run = async (engine: OrtEngine, from: number, to: number, tsf: Float32Array) => {
        for (let i = from; i < to; i++) {
          const m = await engine.step(batches[i] ?? new Float32Array(0), lrAt(i), 0.1 * i);
          m.fireCounts.forEach((c, j) => (tsf[j] = c > 0 ? 0 : (tsf[j] ?? 0) + bs));
        }
      };
      const straight = new OrtEngine({ provider: 'cpu' });
      await straight.init(hp, w0, emptyState(dSae));
      await run(straight, 0, N, new Float32Array(dSae));
      const a = await straight.exportState();
      await straight.dispose();

      const first = new OrtEngine({ provider: 'cpu' });
      await first.init(hp, w0, emptyState(dSae));
      const tsf = new Float32Array(dSae);
      await run(first, 0, k, tsf);
      const saved = await first.exportState();
      await first.dispose();
      expect(saved.step).toBe(k);
      expect(Array.from(saved.tokensSinceFired)).toEqual(Array.from(tsf));
      const second = new OrtEngine({ provider: 'cpu' });
      await second.init(hp, saved.weights, { ...emptyState(dSae, k), moments: saved.moments, tokensSinceFired: tsf });
      await run(second, k, N, tsf);
      const b = await second.exportState();
      await second.dispose();
      expectSame(a.weights, b.weights);
      expect(a.moments && b.moments).toBeTruthy();
      if (a.moments && b.moments) {
        expectSame(a.moments.m, b.moments.m);
        expectSame(a.moments.v, b.moments.v);
      }
    });
  }

  const trainCases: { arch: SaeArchitecture; l1: number }[] = [
    { arch: 'standard', l1: 3e-3 },
    { arch: 'topk', l1: 0 },
  ];
  for (const c of trainCases) {
    it(`${c.arch}: learns a synthetic sparse dictionary to explained variance ≥ 0.9`, async () => {
      const [dIn, factor, bs, steps] = [32, 4, 256, 400];
      const dSae = dIn * factor;
      const data = sparseDictionaryData(21, dIn, 48);
      const r = rng(4);
      const W_dec = gaussian(r, dSae * dIn);
      for (let i = 0; i < dSae; i++) {
        const row = W_dec.subarray(i * dIn, (i + 1) * dIn);
        const norm = Math.hypot(...Array.from(row)) / 0.1;
        row.forEach((v, j) => (row[j] = v / norm));
      }
      const W_enc = new Float32Array(dIn * dSae);
      for (let i = 0; i < dSae; i++) for (let j = 0; j < dIn; j++) W_enc[j * dSae + i] = W_dec[i * dIn + j] ?? 0;
      const w: SaeWeights = { W_enc, b_enc: new Float32Array(dSae), W_dec, b_dec: new Float32Array(dIn) };
      const engine = new OrtEngine({ provider: 'cpu' });
      await engine.init(hyper(c.arch, dIn, factor, { k: 8 }), w, emptyState(dSae));
      let ev = 0;
      for (let s = 0; s < steps; s++) ev = (await engine.step(data(bs), 3e-3, c.l1)).explainedVariance;
      const held = data(512);
      const xHat = await engine.decode(await engine.encode(held, 512), 512);
      await engine.dispose();
      expect(ev).toBeGreaterThanOrEqual(0.9);
      expect(explainedVariance(held, xHat, dIn)).toBeGreaterThanOrEqual(0.9);
    }, 60_000);
  }
});

function expectSame(a: SaeWeights, b: SaeWeights): void {
  for (const p of ['W_enc', 'b_enc', 'W_dec', 'b_dec'] as const) {
    expect(
      Buffer.from(a[p].buffer, a[p].byteOffset, a[p].byteLength).equals(Buffer.from(b[p].buffer, b[p].byteOffset, b[p].byteLength)),
      p,
    ).toBe(true);
  }
}

function explainedVariance(x: Float32Array, xHat: Float32Array, dIn: number): number {
  const n = x.length / dIn;
  const mean = new Float64Array(dIn);
  x.forEach((v, i) => (mean[i % dIn] = (mean[i % dIn] ?? 0) + v / n));
  let sse = 0;
  let sst = 0;
  x.forEach((v, i) => {
    sse += (v - (xHat[i] ?? 0)) ** 2;
    sst += (v - (mean[i % dIn] ?? 0)) ** 2;
  });
  return 1 - sse / sst;
}
