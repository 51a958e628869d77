import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { dSaeOf, initSaeWeights } from '../init';
import { batchMetrics } from '../metrics';
import { learningRateAt, l1CoefficientAt } from '../schedule';
import { SparseDictionaryData } from '../synthetic';
import { testHyperparameters } from '../test-fixtures';
import { buildSaeLensCfg, writeSaeLensFolder } from '../saelens-format';
import { readSaeLensFolder } from '../saelens-reader';
import { encodeTrainerState, initialTrainerState, readTrainerState } from '../trainer-state';
import type { SaeHyperparameters, TrainerState } from '../types';
import { TfjsEngine } from './engine';

async function train(engine: TfjsEngine, hp: SaeHyperparameters, data: SparseDictionaryData, from: number, to: number) {
  let maxAux = 0;
  for (let s = from; s < to; s++)
    maxAux = Math.max(maxAux, (await engine.step(data.batch(hp.batchSize), learningRateAt(s, hp), l1CoefficientAt(s, hp))).auxLoss ?? 0);
  return maxAux;
}

describe('TfjsEngine training (cpu)', () => {
  it.each([
    ['standard', { l1Coefficient: 0.1, l1WarmupSteps: 50 }],
    ['topk', { k: 6, auxKCoefficient: 1 / 32 }],
  ] as const)('learns a synthetic sparse dictionary: %s reaches explained variance ≥ 0.9', async (architecture, over) => {
    const hp = testHyperparameters({
      architecture,
      dIn: 16,
      expansionFactor: 4,
      batchSize: 128,
      learningRate: 1e-2,
      totalSteps: 300,
      lrWarmupSteps: 20,
      deadWindowTokens: 20_000,
      ...over,
    });
    const data = new SparseDictionaryData(16, 32, 0.06, 7);
    const { weights, rngState } = initSaeWeights(hp);
    const engine = await TfjsEngine.create({ prefer: 'cpu' });
    await engine.init(hp, weights, initialTrainerState(dSaeOf(hp), rngState));
    await train(engine, hp, data, 0, hp.totalSteps);
    // Evaluate on a fresh batch of 1024 tokens with the direct metrics.
    const x = data.batch(1024);
    const f = await engine.encode(x, 1024);
    const xHat = await engine.decode(f, 1024);
    const { weights: trained } = await engine.exportState();
    const m = batchMetrics(x, xHat, f, trained.W_dec, 1024, hp.dIn, dSaeOf(hp));
    console.info(`${architecture}: explained variance ${m.explainedVariance.toFixed(4)}, L0 ${m.l0.toFixed(2)}, MSE ${m.mse.toFixed(4)}`);
    expect(m.explainedVariance).toBeGreaterThanOrEqual(0.9);
    expect(m.l0).toBeLessThan(20); // of 64 features; the data has ≈ 1.9 active of 32 atoms
    await engine.dispose();
  });

  it.each(['standard', 'topk'] as const)(
    'N steps straight ≡ k steps, checkpoint folder, resume on a new engine (bit-identical): %s',
    async (architecture) => {
      const hp = testHyperparameters({
        architecture,
        k: 4,
        auxKCoefficient: 1 / 32,
        ghostGradients: true,
        dIn: 8,
        batchSize: 32,
        deadWindowTokens: 64,
        lrWarmupSteps: 3,
        l1WarmupSteps: 5,
        optimizer: 'adamw',
        weightDecay: 0.01,
      });
      const dSae = dSaeOf(hp);
      const { weights, rngState } = initSaeWeights(hp);
      const N = 12;
      // Start with a quarter of the features already dead so ghost grads / AuxK run from step 0.
      const start = {
        ...initialTrainerState(dSae, rngState),
        tokensSinceFired: Float32Array.from({ length: dSae }, (_, j) => (j % 4 === 0 ? 64 : 0)),
      };
      const K = 5;
      const straight = await TfjsEngine.create({ prefer: 'cpu' });
      await straight.init(hp, weights, start);
      const maxAux = await train(straight, hp, new SparseDictionaryData(8, 16, 0.05, 3), 0, N);
      expect(maxAux).toBeGreaterThan(0); // dead features appeared, so ghost grads / AuxK ran
      const a = await straight.exportState();

      const dataB = new SparseDictionaryData(8, 16, 0.05, 3);
      const first = await TfjsEngine.create({ prefer: 'cpu' });
      await first.init(hp, weights, start);
      await train(first, hp, dataB, 0, K);
      const mid = await first.exportState();
      await first.dispose();
      // Through a real checkpoint folder: SAELens files + trainer state, written and read back.
      const state: TrainerState = {
        ...initialTrainerState(dSae, rngState),
        step: mid.step,
        moments: mid.moments,
        tokensSinceFired: mid.tokensSinceFired,
      };
      const dir = path.join(await mkdtemp(path.join(tmpdir(), 'sae-resume-')), `step-${K}`);
      const prov = { modelName: 'm', hookName: 'blocks.0.hook_resid_post', hookLayer: 0, contextSize: 16, prependBos: true };
      await writeSaeLensFolder(
        dir,
        mid.weights,
        buildSaeLensCfg(architecture, hp.dIn, dSae, prov, hp.k),
        encodeTrainerState(state, hp.dIn, dSae),
      );
      const loaded = await readSaeLensFolder(dir);
      const second = await TfjsEngine.create({ prefer: 'cpu' });
      await second.init(hp, loaded.weights, await readTrainerState(dir));
      await rm(path.dirname(dir), { recursive: true, force: true });
      await train(second, hp, dataB, K, N);
      const b = await second.exportState();
      for (const p of ['W_enc', 'b_enc', 'W_dec', 'b_dec'] as const) {
        expect(Buffer.from(b.weights[p].buffer).equals(Buffer.from(a.weights[p].buffer)), p).toBe(true);
        expect(
          Buffer.from((b.moments?.v[p] ?? new Float32Array()).buffer).equals(Buffer.from((a.moments?.v[p] ?? new Float32Array()).buffer)),
        ).toBe(true);
      }
      expect(Array.from(b.tokensSinceFired)).toEqual(Array.from(a.tokensSinceFired));
      await straight.dispose();
      await second.dispose();
    },
  );

  it('leaks no tensors across steps, encode and decode', async () => {
    const hp = testHyperparameters({ ghostGradients: true, deadWindowTokens: 16 });
    const { weights } = initSaeWeights(hp);
    const engine = await TfjsEngine.create({ prefer: 'cpu' });
    await engine.init(hp, weights, initialTrainerState(dSaeOf(hp), 0));
    const data = new SparseDictionaryData(8, 16, 0.05, 1);
    const { tf } = await import('../../tfjs/backend').then((m) => m.loadTfjs('cpu'));
    await engine.step(data.batch(16), 1e-3, 0.5);
    const before = tf.memory().numTensors;
    for (let i = 0; i < 5; i++) {
      await engine.step(data.batch(16), 1e-3, 0.5);
      await engine.decode(await engine.encode(data.batch(4), 4), 4);
    }
    expect(tf.memory().numTensors).toBe(before);
    await engine.dispose();
  });
});
