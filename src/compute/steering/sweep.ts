/**
 * Dose-response sweep (docs/steering.md): one feature, a list of coefficients, the same
 * prompt/seed/sampling at each. The unsteered run is made once and shared by every point.
 */
import type { GenerationOptions } from '../../shared/types/models';
import type { GenerateHooks } from '../model/generate';
import { generateStreaming, pairMetrics } from './compare';
import { scoreContinuation, steeredForward, unsteeredForward, type SteeringSetup } from './forward';
import type { SteeringFeature, SteeringPositions } from './intervention';
import { tokenSetProbability } from './metrics';
import type { SweepPoint, SweepResult } from '../../shared/types/steering';
export type { SweepPoint, SweepResult };

export interface SweepOptions {
  feature: Omit<SteeringFeature, 'coefficient'>;
  coefficients: number[];
  positions: SteeringPositions;
  targetTokenIds: number[];
  onPoint?: (p: SweepPoint, index: number) => void;
  onToken?: (coefficientIndex: number | null, index: number, tokenId: number, text: string) => void;
  shouldStop?: GenerateHooks['shouldStop'];
}

/** Mean over rows [n, vocab] of the token set's probability; n = 0 → NaN. */
function meanTargetProbability(logits: Float32Array, vocab: number, targets: readonly number[]): number {
  const n = vocab ? logits.length / vocab : 0;
  if (n === 0) return Number.NaN;
  let s = 0;
  for (let t = 0; t < n; t++) s += tokenSetProbability(logits.subarray(t * vocab, (t + 1) * vocab), targets);
  return s / n;
}

export async function sweepCoefficients(
  base: Omit<SteeringSetup, 'spec'>,
  promptIds: number[],
  options: GenerationOptions,
  o: SweepOptions,
): Promise<SweepResult> {
  if (o.coefficients.length === 0) throw new Error('the sweep needs at least one coefficient');
  if (o.targetTokenIds.length === 0) throw new Error("the sweep needs target tokens (e.g. the feature's top logit-lens tokens)");
  const setupAt = (coefficient: number): SteeringSetup => ({
    ...base,
    spec: { positions: o.positions, features: [{ ...o.feature, coefficient }] },
  });
  const unsteered = unsteeredForward(setupAt(0));
  const u = await generateStreaming(setupAt(0), unsteered, promptIds, options, (i, t, x) => o.onToken?.(null, i, t, x), o.shouldStop);
  const firstOf = (logits: Float32Array) => (logits.length ? tokenSetProbability(logits, o.targetTokenIds) : Number.NaN);
  const onBaselineU = await scoreContinuation(unsteered, promptIds, u.result.tokenIds);
  const result: SweepResult = {
    feature: o.feature.feature,
    targetTokenIds: o.targetTokenIds,
    unsteered: {
      tokenIds: u.result.tokenIds,
      text: u.result.text,
      targetProbabilityFirst: firstOf(u.firstLogits),
      targetProbabilityMean: meanTargetProbability(onBaselineU.logits, onBaselineU.vocab, o.targetTokenIds),
    },
    points: [],
    stopped: u.result.stoppedBy === 'cancelled',
  };
  for (const [index, coefficient] of o.coefficients.entries()) {
    if (result.stopped || (await o.shouldStop?.())) {
      result.stopped = true;
      break;
    }
    const setup = setupAt(coefficient);
    const forward = steeredForward(setup, promptIds.length);
    const s = await generateStreaming(setup, forward, promptIds, options, (i, t, x) => o.onToken?.(index, i, t, x), o.shouldStop);
    if (s.result.stoppedBy === 'cancelled') {
      result.stopped = true;
      break;
    }
    const onBaseline = await scoreContinuation(forward, promptIds, u.result.tokenIds);
    const point: SweepPoint = {
      coefficient,
      ...(await pairMetrics(unsteered, forward, promptIds, u.result, s.result)),
      targetProbabilityFirst: firstOf(s.firstLogits),
      targetProbabilityMean: meanTargetProbability(onBaseline.logits, onBaseline.vocab, o.targetTokenIds),
      tokenIds: s.result.tokenIds,
      text: s.result.text,
    };
    result.points.push(point);
    o.onPoint?.(point, index);
  }
  return result;
}
