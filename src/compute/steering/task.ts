/**
 * Worker tasks `steering.generate` and `steering.sweep` (protocol.ts). Tokens stream as
 * ctx.report reports; cancel is cooperative, checked before every token (ORT worker threads
 * must not be terminated mid-run).
 */
import type { LanguageModel } from '../model/language-model';
import { cachedModel } from '../model/model-cache';
import type { TaskContext } from '../runtime/context';
import { TaskCancelledError } from '../runtime/protocol';
import { compareSteering } from './compare';
import type { SteeringSetup } from './forward';
import { l2Norm, steeringVector, validateSpec, type SteeringSpec } from './intervention';
import { featureLogitLens } from './logit-lens';
import {
  MAX_NEW_TOKENS,
  MAX_SAMPLES,
  MAX_SWEEP_POINTS,
  type SteeringContext,
  type SteeringGenerateParams,
  type SteeringGenerateReport,
  type SteeringGenerateResult,
  type SteeringSweepParams,
  type SteeringSweepReport,
  type SteeringSweepResult,
} from './protocol';
import { meanResidualNormOnPrompt } from './prompt-scale';
import { loadSteeringSae, type SteeringSae } from './sae';
import { sweepCoefficients } from './sweep';
import { CodedError } from '../../shared/coded-error';

export class SteeringError extends CodedError<'INVALID_ARGUMENT' | 'SAE_MODEL_MISMATCH'> {}

/** The hook to steer at: the asked one, else the SAE's own; its width must be the SAE's d_in. */
export function resolveHook(lm: LanguageModel, sae: SteeringSae, hook: string | undefined): string {
  const name = hook ?? sae.hookName;
  if (!name) throw new SteeringError('INVALID_ARGUMENT', `${sae.dir}: cfg.json names no hook_name; choose the hook to steer at`);
  lm.hook(name);
  if (lm.architecture.dModel !== sae.dIn)
    throw new SteeringError(
      'SAE_MODEL_MISMATCH',
      `the SAE reads ${sae.dIn}-wide activations but the model's d_model is ${lm.architecture.dModel}`,
    );
  return name;
}

export function promptIdsFor(lm: LanguageModel, prompt: string): number[] {
  const ids = lm.tokenizer.encode(prompt);
  if (ids.length === 0) throw new SteeringError('INVALID_ARGUMENT', 'the prompt is empty: type at least one word');
  const max = lm.architecture.maxPositions ?? Infinity;
  if (ids.length >= max)
    throw new SteeringError('INVALID_ARGUMENT', `the prompt has ${ids.length} tokens; this model reads at most ${max} positions`);
  return ids;
}

function stopCheck(ctx: TaskContext): () => Promise<boolean> {
  return async () => {
    try {
      await ctx.checkpoint();
      return false;
    } catch {
      return true;
    }
  };
}

/** The checks a contract schema would make, for callers that reach the task directly (CLI, jobs). */
function validateBase(p: SteeringGenerateParams | SteeringSweepParams): void {
  const o = p.options;
  const bad = (what: string) => {
    throw new SteeringError('INVALID_ARGUMENT', what);
  };
  if (!['all', 'prompt', 'generated'].includes(p.positions))
    bad(`positions must be all, prompt or generated, got "${String(p.positions)}"`);
  if (!Number.isInteger(o.maxNewTokens) || o.maxNewTokens < 1 || o.maxNewTokens > MAX_NEW_TOKENS)
    bad(`max new tokens must be an integer in 1…${MAX_NEW_TOKENS}`);
  if (!(o.temperature >= 0) || !Number.isFinite(o.temperature)) bad('temperature must be ≥ 0 (0 = greedy)');
  if (!(o.topP > 0 && o.topP <= 1)) bad('top-p must be in (0, 1]');
  if (!Number.isInteger(o.topK) || o.topK < 0) bad('top-k must be an integer ≥ 0 (0 = off)');
  if (!Number.isInteger(o.seed)) bad('seed must be an integer');
}

async function prepare(p: SteeringGenerateParams | SteeringSweepParams) {
  validateBase(p);
  const lm = cachedModel(p.modelDir, p.provider);
  const sae = await loadSteeringSae(p.saeDir);
  const hook = resolveHook(lm, sae, p.hook);
  return { lm, sae, hook, promptIds: promptIdsFor(lm, p.prompt) };
}

async function context(lm: LanguageModel, hook: string, promptIds: number[], vectorNorm: number | null): Promise<SteeringContext> {
  return {
    hook,
    promptTokenIds: promptIds,
    steeringVectorNorm: vectorNorm,
    promptResidualNorm: await meanResidualNormOnPrompt(lm, hook, promptIds),
    provider: lm.provider,
  };
}

export async function steeringGenerateTask(
  p: SteeringGenerateParams,
  ctx: TaskContext<SteeringGenerateReport>,
): Promise<SteeringGenerateResult> {
  if (!Number.isInteger(p.samples) || p.samples < 1 || p.samples > MAX_SAMPLES)
    throw new SteeringError('INVALID_ARGUMENT', `samples must be an integer in 1…${MAX_SAMPLES}`);
  const { lm, sae, hook, promptIds } = await prepare(p);
  const spec: SteeringSpec = { positions: p.positions, features: p.features };
  validateSpec(sae, spec);
  const setup: SteeringSetup = { lm, sae, hook, spec };
  const perSample = 2 * p.options.maxNewTokens;
  let done = 0;
  const report = (r: SteeringGenerateReport) => ctx.report(r);
  ctx.progress(0, `Steering at ${hook}: ${p.samples} sample(s)`);
  const r = await compareSteering(setup, promptIds, p.options, {
    samples: p.samples,
    ...(p.topShifts !== undefined ? { topShifts: p.topShifts } : {}),
    onToken: (t) => {
      report({ type: 'token', ...t });
      ctx.progress(
        Math.min(1, (t.sample * perSample + (t.run === 'steered' ? p.options.maxNewTokens : 0) + t.index + 1) / (p.samples * perSample)),
      );
    },
    onPair: (pair) => {
      report({ type: 'pair', pair });
      ctx.progress(++done / p.samples, `Sample ${done}/${p.samples} done`);
    },
    shouldStop: stopCheck(ctx),
  });
  if (ctx.cancelled) throw new TaskCancelledError(); // the tokens so far were streamed
  const texts = lm.tokenizer.tokenTexts(r.firstTokenShifts.map((s) => s.tokenId));
  return {
    ...r,
    firstTokenShifts: r.firstTokenShifts.map((s, i) => ({ ...s, text: texts[i] ?? '' })),
    ...(await context(
      lm,
      hook,
      promptIds,
      p.features.every((f) => f.mode === 'additive') ? l2Norm(steeringVector(sae, p.features)) : null,
    )),
  };
}

export async function steeringSweepTask(p: SteeringSweepParams, ctx: TaskContext<SteeringSweepReport>): Promise<SteeringSweepResult> {
  if (
    !Array.isArray(p.coefficients) ||
    p.coefficients.length < 1 ||
    p.coefficients.length > MAX_SWEEP_POINTS ||
    !p.coefficients.every(Number.isFinite)
  ) {
    throw new SteeringError('INVALID_ARGUMENT', `coefficients: 1…${MAX_SWEEP_POINTS} finite numbers`);
  }
  const { lm, sae, hook, promptIds } = await prepare(p);
  validateSpec(sae, { positions: p.positions, features: [{ ...p.feature, coefficient: 0 }] });
  const lens = featureLogitLens(sae, lm.unembedding(), p.feature.feature, 10);
  const targets = p.targetTokenIds?.length ? p.targetTokenIds : lens.top.map((t) => t.tokenId);
  const report = (r: SteeringSweepReport) => ctx.report(r);
  const runs = p.coefficients.length + 1;
  ctx.progress(0, `Sweeping feature ${p.feature.feature} over ${p.coefficients.length} coefficients at ${hook}`);
  const r = await sweepCoefficients({ lm, sae, hook }, promptIds, p.options, {
    feature: p.feature,
    coefficients: p.coefficients,
    positions: p.positions,
    targetTokenIds: targets,
    onToken: (coefficientIndex, index, tokenId, text) => {
      report({ type: 'token', coefficientIndex, index, tokenId, text });
      ctx.progress(((coefficientIndex ?? -1) + 1 + (index + 1) / p.options.maxNewTokens) / runs);
    },
    onPoint: (point, index) => report({ type: 'point', index, point }),
    shouldStop: stopCheck(ctx),
  });
  if (ctx.cancelled) throw new TaskCancelledError();
  const named = <T extends { tokenId: number }>(xs: T[]) => {
    const texts = lm.tokenizer.tokenTexts(xs.map((x) => x.tokenId));
    return xs.map((x, i) => ({ ...x, text: texts[i] ?? '' }));
  };
  return {
    ...r,
    logitLens: { top: named(lens.top), bottom: named(lens.bottom) },
    targetTokenTexts: lm.tokenizer.tokenTexts(targets),
    ...(await context(lm, hook, promptIds, null)),
  };
}
