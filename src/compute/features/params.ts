import type { FeaturePassTaskParams } from './protocol';
import { CodedError } from '../../shared/coded-error';

export class FeaturePassError extends CodedError<'BAD_PARAMS' | 'FEATURE_PASS_FAILED'> {}

/** Kept contexts of all features together (context-slots.ts): above this the pass refuses to start. */
export const MAX_CONTEXT_BYTES = 3 * 2 ** 30;
/**
 * One encode batch's pre-activations [tokens, d_sae] float32 (dense SAEs return f of the same size):
 * batches are cut to fit. ONNX Runtime's arena keeps
 * the largest batch's buffers (pre-activations and f) for the session's life, so this bounds RSS.
 */
export const MAX_PRE_BATCH_BYTES = 64 * 2 ** 20;

const positiveInt = (v: unknown) => Number.isInteger(v) && (v as number) > 0;
const nonNegativeInt = (v: unknown) => Number.isInteger(v) && (v as number) >= 0;

/** Main validates at the contract; this re-checks what the task relies on (it also runs from benches and scripts). */
export function checkPassParams(p: FeaturePassTaskParams): FeaturePassTaskParams {
  const bad = (what: string) => {
    throw new FeaturePassError('BAD_PARAMS', `feature pass: ${what}`);
  };
  if (!p || typeof p !== 'object') bad('params missing');
  for (const k of ['saeDir', 'modelDir', 'hook', 'tokensDir', 'outDir', 'datasetId'] as const)
    if (typeof p[k] !== 'string' || !p[k]) bad(`${k} must be a non-empty string`);
  for (const k of ['maxTokens', 'batchTokens'] as const)
    if (!positiveInt(p[k])) bad(`${k} must be a positive integer (got ${String(p[k])})`);
  for (const k of ['topK', 'contextWindow', 'quantileGroups', 'quantileExamples'] as const)
    if (!nonNegativeInt(p[k])) bad(`${k} must be a non-negative integer (got ${String(p[k])})`);
  for (const k of ['logitLensTokens', 'neighbours'] as const)
    if (p[k] !== undefined && !nonNegativeInt(p[k])) bad(`${k} must be a non-negative integer`);
  if (p.quantileGroups > 0 && p.quantileExamples === 0) bad('quantileExamples must be at least 1 when quantileGroups > 0');
  if (p.topK > 10_000) bad('topK is at most 10000');
  if (p.splitFilter && (!Array.isArray(p.splitFilter.splits) || p.splitFilter.splits.length === 0))
    bad('splitFilter.splits must name at least one split');
  return p;
}
