import { describe, expect, it } from 'vitest';
import { dSaeOf, initSaeWeights } from './init';
import { OrtEngine } from './ort';
import { referenceGrad } from './reference-grad';
import { Rng } from './rng';
import { testHyperparameters } from './test-fixtures';
import { TfjsEngine } from './tfjs/engine';
import type { SaeHyperparameters, SaeWeights, TrainerState, TrainingEngine } from './types';

/**
 * Both engines' optimizer step against the textbook formulas (Kingma & Ba 2015 Alg. 1;
 * Loshchilov & Hutter 2019 Alg. 2 for AdamW), written out here in float64 on the hand-derived
 * gradient (reference-grad.ts). A non-zero weight decay is set for plain Adam on purpose: it
 * must not change the step (weight decay is AdamW's only; docs/training.md "Optimizers").
 */
const PARAMS = ['W_enc', 'b_enc', 'W_dec', 'b_dec'] as const;
const LR = 1e-2;
const WD = 0.1;
const T = 4; // the step being taken (1-based): moments and bias corrections are non-trivial

function textbookStep(
  p: ArrayLike<number>,
  g: ArrayLike<number>,
  m: ArrayLike<number>,
  v: ArrayLike<number>,
  hp: SaeHyperparameters,
  decoupledDecay: number,
): Float64Array {
  const out = new Float64Array(p.length);
  for (let i = 0; i < p.length; i++) {
    const gi = g[i] ?? 0;
    const mi = hp.adamBeta1 * (m[i] ?? 0) + (1 - hp.adamBeta1) * gi;
    const vi = hp.adamBeta2 * (v[i] ?? 0) + (1 - hp.adamBeta2) * gi * gi;
    const mHat = mi / (1 - hp.adamBeta1 ** T);
    const vHat = vi / (1 - hp.adamBeta2 ** T);
    const pi = p[i] ?? 0;
    out[i] = pi - LR * decoupledDecay * pi - (LR * mHat) / (Math.sqrt(vHat) + hp.adamEpsilon);
  }
  return out;
}

function gaussian(rng: Rng, n: number, scale: number, shift = 0): Float32Array {
  return Float32Array.from({ length: n }, () => scale * rng.normal() + shift);
}

const engines: [string, () => Promise<TrainingEngine>][] = [
  ['tfjs (cpu)', () => TfjsEngine.create({ prefer: 'cpu' })],
  ['ort (cpu)', () => Promise.resolve(new OrtEngine({ provider: 'cpu' }))],
];

describe.each(engines)('%s optimizer step', (_name, make) => {
  const base = testHyperparameters({ dIn: 8, expansionFactor: 4, batchSize: 16, weightDecay: WD });
  const dSae = dSaeOf(base);
  const rng = new Rng(17);
  const w0: SaeWeights = initSaeWeights(base, { decoderInitNorm: 0.5 }).weights;
  for (let i = 0; i < dSae; i++) w0.b_enc[i] = 0.05 * rng.normal();
  const x = gaussian(rng, 16 * base.dIn, 1, 0.3);
  const m0 = {
    W_enc: gaussian(rng, w0.W_enc.length, 0.01),
    b_enc: gaussian(rng, dSae, 0.01),
    W_dec: gaussian(rng, w0.W_dec.length, 0.01),
    b_dec: gaussian(rng, base.dIn, 0.01),
  };
  const v0 = {
    W_enc: gaussian(rng, w0.W_enc.length, 0.01).map((a) => a * a),
    b_enc: gaussian(rng, dSae, 0.01).map((a) => a * a),
    W_dec: gaussian(rng, w0.W_dec.length, 0.01).map((a) => a * a),
    b_dec: gaussian(rng, base.dIn, 0.01).map((a) => a * a),
  };
  const grads = referenceGrad(w0, { architecture: 'standard', dIn: base.dIn, dSae }, x, 16, 0.5).grads;

  async function stepWith(optimizer: 'adam' | 'adamw'): Promise<SaeWeights> {
    const hp = { ...base, optimizer };
    const state: TrainerState = {
      step: T - 1,
      moments: { m: m0, v: v0 },
      tokensSinceFired: new Float32Array(dSae),
      inputScale: 1,
      rngState: 0,
      dataCursor: { shard: 0, row: 0 },
    };
    const engine = await make();
    await engine.init(hp, w0, state);
    await engine.step(x, LR, 0.5);
    const { weights } = await engine.exportState();
    await engine.dispose();
    return weights;
  }

  /** max |ours − textbook| over the parameter, relative to the size of the textbook update. */
  function updateError(ours: Float32Array, expected: Float64Array, before: Float32Array): number {
    let err = 0;
    let size = 0;
    for (let i = 0; i < expected.length; i++) {
      err = Math.max(err, Math.abs((ours[i] ?? 0) - (expected[i] ?? 0)));
      size = Math.max(size, Math.abs((expected[i] ?? 0) - (before[i] ?? 0)));
    }
    return err / size;
  }

  it('plain Adam takes the textbook Adam step: no weight decay even with weightDecay set', async () => {
    const w = await stepWith('adam');
    for (const p of PARAMS) {
      const plain = textbookStep(w0[p], grads[p], m0[p], v0[p], base, 0);
      expect(updateError(w[p], plain, w0[p]), p).toBeLessThan(2e-3);
      // And it is not the coupled-L2 step the engines used to take (g + wd·θ) where that differs visibly.
      if (p === 'W_enc') {
        const coupled = textbookStep(
          w0[p],
          Array.from(grads[p], (g, i) => g + WD * (w0[p][i] ?? 0)),
          m0[p],
          v0[p],
          base,
          0,
        );
        expect(updateError(w[p], coupled, w0[p])).toBeGreaterThan(1e-2);
      }
    }
  });

  it('AdamW takes the decoupled step θ ← θ − lr·wd·θ − lr·m̂/(√v̂ + ε)', async () => {
    const w = await stepWith('adamw');
    for (const p of PARAMS) {
      const decoupled = textbookStep(w0[p], grads[p], m0[p], v0[p], base, WD);
      expect(updateError(w[p], decoupled, w0[p]), p).toBeLessThan(2e-3);
    }
    const plain = textbookStep(w0.W_enc, grads.W_enc, m0.W_enc, v0.W_enc, base, 0);
    expect(updateError(w.W_enc, plain, w0.W_enc)).toBeGreaterThan(1e-2);
  });
});
