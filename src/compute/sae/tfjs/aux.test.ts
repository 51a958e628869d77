import { describe, expect, it } from 'vitest';
import { dSaeOf, initSaeWeights } from '../init';
import { auxKLossDirect, ghostLossDirect } from '../reference-aux';
import { referenceGrad } from '../reference-grad';
import { Rng } from '../rng';
import { testHyperparameters } from '../test-fixtures';
import { initialTrainerState } from '../trainer-state';
import type { SaeWeights } from '../types';
import { TfjsEngine } from './engine';

const PARAMS = ['W_enc', 'b_enc', 'W_dec', 'b_dec'] as const;

describe.each([
  ['ghost gradients (standard)', 'standard'],
  ['AuxK (topk)', 'topk'],
] as const)('auxiliary loss %s: value and gradient equal a float64 reference', (_label, architecture) => {
  it('matches', async () => {
    const hp = testHyperparameters({
      architecture,
      k: 6,
      auxKCoefficient: 0.5,
      kAux: 4,
      ghostGradients: true,
      optimizer: 'sgd',
      deadWindowTokens: 100,
    });
    const dSae = dSaeOf(hp);
    const shape = { architecture, dIn: hp.dIn, dSae, k: 6 };
    const w0 = initSaeWeights(hp, { decoderInitNorm: 0.5 }).weights;
    const rng = new Rng(3);
    w0.b_dec.forEach((_, i) => (w0.b_dec[i] = 0.1 * rng.normal()));
    const x = Float32Array.from({ length: 16 * hp.dIn }, () => rng.normal());
    const dead = Uint8Array.from({ length: dSae }, (_, j) => (j % 3 === 0 ? 1 : 0));
    const state = { ...initialTrainerState(dSae, 0), tokensSinceFired: Float32Array.from(dead, (d) => (d ? 100 : 0)) };
    const engine = await TfjsEngine.create({ prefer: 'cpu' });
    await engine.init(hp, w0, state);
    const lr = 0.01;
    const metrics = await engine.step(x, lr, 0.5);
    const aux = (w: typeof w0 | Record<keyof SaeWeights, Float64Array>) =>
      architecture === 'topk' ? auxKLossDirect(w, w0, shape, x, 16, dead, 0.5, 4) : ghostLossDirect(w, w0, shape, x, 16, dead);
    const auxValue = aux(w0);
    expect(auxValue).toBeGreaterThan(0);
    expect(metrics.auxLoss ?? 0).toBeCloseTo(auxValue, 4);
    const main = referenceGrad(w0, shape, x, 16, 0.5);
    expect(metrics.loss).toBeCloseTo(main.loss + auxValue, 4);

    const { weights: w1 } = await engine.exportState();
    const w64 = Object.fromEntries(PARAMS.map((p) => [p, Float64Array.from(w0[p])])) as Record<keyof SaeWeights, Float64Array>;
    for (const p of PARAMS) {
      for (let t = 0; t < 12; t++) {
        const i = rng.int(w0[p].length);
        const keep = w64[p][i] ?? 0;
        const eps = 1e-6;
        w64[p][i] = keep + eps;
        const up = aux(w64);
        w64[p][i] = keep - eps;
        const down = aux(w64);
        w64[p][i] = keep;
        const expected = (main.grads[p][i] ?? 0) + (up - down) / (2 * eps);
        const got = ((w0[p][i] ?? 0) - (w1[p][i] ?? 0)) / lr;
        expect(Math.abs(got - expected), `${p}[${i}]: ${got} vs ${expected}`).toBeLessThan(2e-3 * Math.max(1, Math.abs(expected)));
      }
    }
    await engine.dispose();
  });
});
