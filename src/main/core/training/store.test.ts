import { afterAll, describe, expect, it } from 'vitest';
import { removeDir, tempDir } from '../../../../test/core-helpers';
import type { SpliceEval, TrainingMetricPoint } from '../../../shared/types/training';
import { openDatabase } from '../db/connection';
import { defaultPaths } from '../paths';
import { TrainingStore } from './store';

/** The metrics `extra` JSON: evals and raw MSE side by side, older rows (eval only, no ΔCE) still read. */
const dir = tempDir();
const opened = openDatabase(dir, defaultPaths.migrations());
const store = new TrainingStore(opened.db);
afterAll(() => {
  opened.sqlite.close();
  removeDir(dir);
});

const now = Date.now();
opened.sqlite
  .prepare(
    "INSERT INTO trainings (id, name, hook, architecture, hyperparameters, status, total_steps, created_at, updated_at) VALUES ('tr-1', 'r', 'blocks.2.hook_resid_post', 'standard', '{}', 'running', 100, ?, ?)",
  )
  .run(now, now);

const point = (step: number, evalResult: SpliceEval | null): TrainingMetricPoint => ({
  step,
  loss: 1,
  mse: 0.8,
  mseRawPerElement: 0.003,
  l1: 2,
  l0: 10,
  explainedVariance: 0.9,
  deadFeatures: 0,
  denseFeatures: 3,
  learningRate: 1e-3,
  l1Coefficient: 4,
  auxLoss: 0.25,
  tokensPerSecond: 100,
  memoryBytes: 1,
  eval: evalResult,
  at: now,
});

const EVAL: SpliceEval = {
  ceClean: 3,
  ceWithSae: 3.3,
  ceDelta: 0.3,
  ceDeltaPercent: 10,
  ceZeroAblation: 30,
  ceLossRecovered: 0.99,
  ceMeanAblation: 8,
  ceLossRecoveredMean: 0.94,
  klWithSae: 0.2,
  tokens: 100,
};

describe('TrainingStore metrics extra', () => {
  it('keeps raw MSE when an eval is attached to the same step, and reads both back', () => {
    store.addMetric('tr-1', point(10, null));
    expect(store.metrics('tr-1', -1)[0]).toMatchObject({ mseRawPerElement: 0.003, eval: null });
    expect(store.attachEval('tr-1', 10, EVAL)).toBe(true);
    const p = store.metrics('tr-1', -1)[0]!;
    expect(p.mseRawPerElement).toBe(0.003);
    expect(p.eval).toEqual(EVAL);
    expect(store.attachEval('tr-1', 999, EVAL)).toBe(false);
  });

  it("keeps the step's L1 coefficient and auxiliary loss (in extra), also across an attached eval", () => {
    store.addMetric('tr-1', point(90, null));
    expect(store.metrics('tr-1', 89)[0]).toMatchObject({ step: 90, l1Coefficient: 4, auxLoss: 0.25 });
    store.attachEval('tr-1', 90, EVAL);
    expect(store.metrics('tr-1', 89)[0]).toMatchObject({ step: 90, l1Coefficient: 4, auxLoss: 0.25, eval: EVAL });
  });

  it('an older row (eval only, no ΔCE or mean baseline) gets ΔCE derived and the baseline as null', () => {
    opened.sqlite
      .prepare("INSERT INTO training_metrics (training_id, step, loss, extra, at) VALUES ('tr-1', 20, 1, ?, ?)")
      .run(JSON.stringify({ ceClean: 3, ceWithSae: 3.6, ceZeroAblation: 30, ceLossRecovered: 0.98, klWithSae: 0.3, tokens: 50 }), now);
    const p = store.metrics('tr-1', 19)[0]!;
    expect(p.mseRawPerElement).toBeNull();
    expect(p.eval!.ceDelta).toBeCloseTo(0.6, 12);
    expect(p.eval!.ceDeltaPercent).toBeCloseTo(20, 10);
    expect(p.eval!.ceMeanAblation).toBeNull();
    expect(p.eval!.ceLossRecoveredMean).toBeNull();
  });

  it('the latest eval carries its step', () => {
    store.update('tr-1', { latestEval: { ...EVAL, step: 40 } as unknown as Record<string, number> });
    const t = store.get('tr-1')!;
    expect(t.latestEvalStep).toBe(40);
    expect(t.latestEval).toEqual(EVAL);
  });
});
