import { describe, expect, it } from 'vitest';
import { dSaeOf, initSaeWeights } from '../init';
import { SparseDictionaryData } from '../synthetic';
import { testHyperparameters } from '../test-fixtures';
import { initialTrainerState } from '../trainer-state';
import { TfjsEngine } from './engine';

describe('TfjsEngine on wasm', () => {
  it('custom-gradient and default matmul give the same step as the cpu backend', async () => {
    const hp = testHyperparameters({ dIn: 16, expansionFactor: 4, batchSize: 64 });
    const dSae = dSaeOf(hp);
    const { weights } = initSaeWeights(hp);
    const results = [];
    for (const [prefer, matmul] of [
      ['cpu', 'custom'],
      ['wasm', 'custom'],
      ['wasm', 'default'],
    ] as const) {
      const engine = await TfjsEngine.create({ prefer, matmul });
      expect(engine.backend).toBe(prefer);
      await engine.init(hp, weights, initialTrainerState(dSae, 0));
      const data = new SparseDictionaryData(16, 32, 0.1, 2);
      for (let s = 0; s < 3; s++) await engine.step(data.batch(64), 1e-3, 0.1);
      results.push((await engine.exportState()).weights.W_enc);
      await engine.dispose();
    }
    const [cpu, custom, plain] = results;
    for (let i = 0; i < (cpu?.length ?? 0); i++) {
      expect(custom?.[i]).toBeCloseTo(cpu?.[i] ?? 0, 4);
      expect(plain?.[i]).toBeCloseTo(cpu?.[i] ?? 0, 4);
    }
  });
});
