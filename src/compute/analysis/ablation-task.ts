import type { AblationResult, AblationTokenChange } from '../../shared/types/analysis';
import type { TaskContext } from '../runtime/context';
import { logitLens } from '../features/logit-lens';
import { ablateBatch } from './ablation';
import { AblationStats, type ScoredChange } from './ablation-stats';
import { writeResultFile } from './files';
import type { AblationTaskParams, AnalysisProgressReport } from './protocol';
import { AnalysisError, openSource } from './token-stream';

/** Top logit-lens tokens whose positions get their own ΔCE. */
const LENS_TOKENS = 5;
/** Windows per model forward: bounds the logits held at once ([rows, seq, vocab] floats, three runs). */
const FORWARD_ROWS = 8;

/**
 * Measured ablation of one feature (docs/analysis.md), worker side: streams the held-out windows
 * through the model with the SAE spliced in at its hook, with and without the feature zeroed,
 * and keeps only sums and the most-changed positions. Cancel takes effect at every forward group.
 */
export async function ablationTask(p: AblationTaskParams, ctx: TaskContext<AnalysisProgressReport>): Promise<AblationResult> {
  if (!p || typeof p.outFile !== 'string' || !Number.isInteger(p.featureIndex) || p.featureIndex < 0)
    throw new AnalysisError('BAD_PARAMS', 'ablation: outFile and a feature index are required');
  if (p.mode !== 'sae' && p.mode !== 'error-preserved') throw new AnalysisError('BAD_PARAMS', `ablation: unknown mode ${String(p.mode)}`);
  const started = performance.now();
  const src = await openSource(p);
  try {
    if (p.featureIndex >= src.sae.dSae) throw new AnalysisError('BAD_PARAMS', `feature ${p.featureIndex} is outside 0…${src.sae.dSae - 1}`);
    // The tokens the feature's decoder direction promotes most, to see whether removing it hurts exactly there.
    const lens = await logitLens(
      src.lm,
      src.sae.weights.W_dec.slice(p.featureIndex * src.sae.dIn, (p.featureIndex + 1) * src.sae.dIn),
      1,
      LENS_TOKENS,
    );
    const lensIds = Array.from(lens.positive.indices).filter((i) => i >= 0);
    const stats = new AblationStats(p.topChanges, new Set(lensIds));
    const setup = {
      lm: src.lm,
      hook: p.hook,
      encode: src.encode,
      W_dec: src.sae.weights.W_dec,
      b_dec: src.sae.weights.b_dec,
      feature: p.featureIndex,
      mode: p.mode,
    };
    let done = 0;
    for await (const batch of src.batches()) {
      for (let i = 0; i < batch.length; i += FORWARD_ROWS) {
        await ctx.checkpoint();
        const group = batch.slice(i, i + FORWARD_ROWS);
        await ablateBatch(
          setup,
          group.map((w) => ({ index: w.index, tokens: w.tokens })),
          stats,
        );
        done += group.reduce((s, w) => s + w.tokens.length, 0);
        const report: AnalysisProgressReport = { type: 'progress', done, total: src.planned.tokens, unit: 'tokens' };
        ctx.report(report);
        ctx.progress(
          0.99 * (done / src.planned.tokens),
          `${done.toLocaleString('en-US')} / ${src.planned.tokens.toLocaleString('en-US')} tokens`,
        );
      }
    }
    const seconds = (performance.now() - started) / 1000;
    const text = (c: ScoredChange): AblationTokenChange => {
      const { tokenIds, ...rest } = c;
      return { ...rest, tokens: src.lm.tokenizer.tokenTexts(tokenIds) };
    };
    const result: AblationResult = {
      saeId: p.saeId,
      featureIndex: p.featureIndex,
      mode: p.mode,
      datasetId: p.datasetId,
      split: p.split,
      tokens: stats.tokens,
      windows: stats.windows,
      ceBaseline: stats.ceBaseline / Math.max(1, stats.tokens),
      ceAblated: stats.ceAblated / Math.max(1, stats.tokens),
      deltaCe: stats.deltaCe,
      deltaCeCi95: stats.ci95(),
      firedTokens: stats.firedTokens,
      deltaCeWhereFired: stats.firedTokens > 0 ? stats.deltaWhereFired / stats.firedTokens : null,
      lensTokens: src.lm.tokenizer.tokenTexts(lensIds),
      lensPositions: stats.focusPositions,
      deltaCeWhereLensTokenFollows: stats.focusPositions > 0 ? stats.focusDelta / stats.focusPositions : null,
      deltaCeElsewhere:
        stats.tokens > stats.focusPositions
          ? (stats.ceAblated - stats.ceBaseline - stats.focusDelta) / (stats.tokens - stats.focusPositions)
          : null,
      kl: stats.kl / Math.max(1, stats.tokens),
      increased: stats.increased.map(text),
      decreased: stats.decreased.map(text),
      tokensPerSecond: done / Math.max(1e-9, seconds),
      seconds,
      createdAt: new Date().toISOString(),
    };
    await ctx.checkpoint();
    await writeResultFile(p.outFile, JSON.stringify(result));
    ctx.progress(1, `ΔCE ${result.deltaCe.toExponential(3)} nats over ${result.tokens.toLocaleString('en-US')} tokens`);
    return result;
  } finally {
    await src.encoder.release();
  }
}
