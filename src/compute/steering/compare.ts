/**
 * Steered vs unsteered generation from the same prompt, seed and sampling, several samples
 * (sample s uses seed + s for both runs), with the measured effects of docs/steering.md.
 */
import type { GenerationOptions, GenerationResult } from '../../shared/types/models';
import { generate, type DecodeForward, type GenerateHooks } from '../model/generate';
import { scoreContinuation, steeredForward, unsteeredForward, type SteeringSetup } from './forward';
import {
  charTrigramCosine,
  meanKl,
  meanSpread,
  perplexity,
  topProbabilityShifts,
  wordJaccard,
  type MeanSpread,
  type ProbabilityShift,
} from './metrics';
import type { SteeringRun, StreamedToken, SampleMetrics, SteeringPair, ComparisonResult } from '../../shared/types/steering';
export type { SteeringRun, StreamedToken, SampleMetrics, SteeringPair, ComparisonResult };
import { SAMPLE_METRICS } from '../../shared/types/steering';
export { SAMPLE_METRICS };

export interface CompareOptions {
  samples: number;
  /** How many first-position shifts to report (default 10). */
  topShifts?: number;
  onToken?: (t: StreamedToken) => void;
  onPair?: (p: SteeringPair) => void;
  shouldStop?: GenerateHooks['shouldStop'];
}

interface RunOutput {
  result: GenerationResult;
  /** [vocab] logits the first generated token was sampled from (empty if none was). */
  firstLogits: Float32Array;
}

/** One generation streaming its tokens; keeps the first step's logits (first-position shifts). */
export async function generateStreaming(
  setup: SteeringSetup,
  forward: DecodeForward,
  promptIds: number[],
  options: GenerationOptions,
  stream: (index: number, tokenId: number, text: string) => void,
  shouldStop?: GenerateHooks['shouldStop'],
): Promise<RunOutput> {
  let firstLogits: Float32Array = new Float32Array(0);
  const result = await generate(setup.lm, promptIds, options, forward, {
    onStep: (s) => {
      if (s.index === 0) firstLogits = s.logits;
      stream(s.index, s.tokenId, s.text);
    },
    ...(shouldStop ? { shouldStop } : {}),
  });
  return { result, firstLogits };
}

/**
 * The metrics of one pair, all teacher-forced: each continuation is scored by one forward
 * over prompt + continuation (the steered one under both models), so the numbers depend
 * only on the texts and the two models, not on how the decode loop computed them.
 */
export async function pairMetrics(
  unsteered: DecodeForward,
  steered: DecodeForward,
  promptIds: number[],
  u: GenerationResult,
  s: GenerationResult,
): Promise<SampleMetrics> {
  const uOnU = await scoreContinuation(unsteered, promptIds, u.tokenIds);
  const uOnS = await scoreContinuation(unsteered, promptIds, s.tokenIds);
  const sOnS = await scoreContinuation(steered, promptIds, s.tokenIds);
  const pplU = perplexity(uOnU.logits, u.tokenIds, uOnU.vocab);
  const pplS = perplexity(uOnS.logits, s.tokenIds, uOnS.vocab);
  return {
    meanKl: s.tokenIds.length ? meanKl(uOnS.logits, sOnS.logits, sOnS.vocab) : Number.NaN,
    perplexityUnsteered: pplU,
    perplexitySteered: pplS,
    perplexityDelta: pplS - pplU,
    wordJaccard: wordJaccard(u.text, s.text),
    similarity: charTrigramCosine(u.text, s.text),
  };
}

export function aggregateMetrics(all: readonly SampleMetrics[]): Record<keyof SampleMetrics, MeanSpread> {
  return Object.fromEntries(SAMPLE_METRICS.map((k) => [k, meanSpread(all.map((m) => m[k]))])) as Record<keyof SampleMetrics, MeanSpread>;
}

export async function compareSteering(
  setup: SteeringSetup,
  promptIds: number[],
  options: GenerationOptions,
  o: CompareOptions,
): Promise<ComparisonResult> {
  const unsteered = unsteeredForward(setup);
  const steered = steeredForward(setup, promptIds.length);
  const pairs: SteeringPair[] = [];
  let firstTokenShifts: ProbabilityShift[] = [];
  let stopped = false;
  for (let sample = 0; sample < o.samples; sample++) {
    if (await o.shouldStop?.()) {
      stopped = true;
      break;
    }
    const seed = options.seed + sample;
    const opts = { ...options, seed };
    const stream = (run: SteeringRun) => (index: number, tokenId: number, text: string) =>
      o.onToken?.({ sample, run, index, tokenId, text });
    const u = await generateStreaming(setup, unsteered, promptIds, opts, stream('unsteered'), o.shouldStop);
    if (u.result.stoppedBy === 'cancelled') {
      stopped = true;
      break;
    }
    const s = await generateStreaming(setup, steered, promptIds, opts, stream('steered'), o.shouldStop);
    if (s.result.stoppedBy === 'cancelled') {
      stopped = true;
      break;
    }
    if (sample === 0 && u.firstLogits.length && s.firstLogits.length)
      firstTokenShifts = topProbabilityShifts(u.firstLogits, s.firstLogits, o.topShifts ?? 10);
    const pair: SteeringPair = {
      sample,
      seed,
      unsteered: u.result,
      steered: s.result,
      metrics: await pairMetrics(unsteered, steered, promptIds, u.result, s.result),
    };
    pairs.push(pair);
    o.onPair?.(pair);
  }
  return { pairs, aggregate: aggregateMetrics(pairs.map((p) => p.metrics)), firstTokenShifts, stopped };
}
