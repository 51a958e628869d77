import type { FeatureFiringTracker } from '../sae/firing';
import { resampleDeadFeatures } from '../sae/resample';
import type { Rng } from '../sae/rng';
import type { SaeHyperparameters, TrainerState, TrainingEngine } from '../sae/types';

/**
 * Dead-feature resampling between steps: draw a batch (already scaled), score it with the
 * current SAE, resample the tracker's dead features (sae/resample.ts), reset their firing
 * history, and re-initialise the engine with the edited weights and moments. Returns the count.
 */
export async function resampleNow(
  engine: TrainingEngine,
  hp: SaeHyperparameters,
  tracker: FeatureFiringTracker,
  rng: Rng,
  x: Float32Array,
  base: Pick<TrainerState, 'inputScale' | 'dataCursor' | 'step'>,
): Promise<number> {
  const dead = tracker.deadMask();
  if (!dead.some((v) => v === 1)) return 0;
  const n = hp.batchSize;
  const dIn = hp.dIn;
  const dSae = dead.length;
  const f = await engine.encode(x, n);
  const xHat = await engine.decode(f, n);
  const losses = new Float64Array(n);
  for (let r = 0; r < n; r++) {
    let s = 0;
    for (let c = 0; c < dIn; c++) s += ((x[r * dIn + c] ?? 0) - (xHat[r * dIn + c] ?? 0)) ** 2;
    losses[r] = s;
  }
  const exp = await engine.exportState();
  const resampled = resampleDeadFeatures(exp.weights, exp.moments, dead, { x, n, losses }, dIn, dSae, rng);
  const tokensSinceFired = Float32Array.from(exp.tokensSinceFired ?? tracker.tokensSinceFired);
  for (const j of resampled) {
    tokensSinceFired[j] = 0;
    tracker.tokensSinceFired[j] = 0;
  }
  const threshold = exp.topkThreshold !== undefined ? { topkThreshold: exp.topkThreshold } : {}; // BatchTopK keeps its threshold
  await engine.init(hp, exp.weights, { ...base, moments: exp.moments, tokensSinceFired, rngState: rng.state, ...threshold });
  return resampled.length;
}
