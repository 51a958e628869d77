import { promises as fs } from 'node:fs';
import path from 'node:path';
import { densityBucketOf } from '../../shared/types/features';
import { heldOutOrdinals } from '../activations/hold-out';
import { partialDirFor } from '../datasets/tokenize/publish';
import { fsyncDir } from '../hub/cache';
import type { LanguageModel } from '../model/language-model';
import { cachedModel } from '../model/model-cache';
import { readActivations } from '../model/read-activations';
import type { TaskContext } from '../runtime/context';
import { readSaeLensFolder } from '../sae/saelens-reader';
import { FeatureAccumulator } from './accumulator';
import { ContextSlots } from './context-slots';
import { SaeEncoder } from './encoder';
import { logitLens } from './logit-lens';
import { decoderNeighbours } from './neighbours';
import { checkPassParams, FeaturePassError, MAX_CONTEXT_BYTES, MAX_PRE_BATCH_BYTES } from './params';
import type { FeaturePassReport, FeaturePassTaskParams, FeaturePassTaskResult } from './protocol';
import { writeFeaturePass } from './result-writer';
import { countSelectedTokens, layoutOf, selectedWindows, windowBatches, type PassWindow } from './windows';

/** Token windows per model forward: bounds the logits the graph returns ([rows, seq, vocab] floats). */
const FORWARD_ROWS = 8;
const DEFAULT_LENS_TOKENS = 20;
const DEFAULT_NEIGHBOURS = 10;

/** x [n, d_model]: the hook's activations of the batch's real tokens, in (window, position) order. */
export async function hookActivations(lm: LanguageModel, hook: string, batch: readonly PassWindow[], n: number): Promise<Float32Array> {
  const d = lm.architecture.dModel;
  const x = new Float32Array(n * d);
  let at = 0;
  for (let i = 0; i < batch.length; i += FORWARD_ROWS) {
    const group = batch.slice(i, i + FORWARD_ROWS);
    const width = Math.max(...group.map((w) => w.tokens.length));
    const inputIds = group.map((w) => Array.from({ length: width }, (_, j) => w.tokens[j] ?? 0)); // [rows, width]
    const attentionMask = group.map((w) => Array.from({ length: width }, (_, j) => (j < w.tokens.length ? 1 : 0)));
    for await (const b of readActivations(lm, [{ inputIds, attentionMask }], [hook])) {
      x.set(b.activations[hook]!, at * d);
      at += b.nTokens;
    }
  }
  if (at !== n) throw new FeaturePassError('FEATURE_PASS_FAILED', `the model returned ${at} token rows for ${n} tokens`);
  return x;
}

/**
 * The feature pass (docs/features.md), worker side: streams the chosen token windows through the
 * model with a read hook at the SAE's hook and through the SAE encoder, batch by batch (never all
 * activations), keeping per-feature statistics and contexts (accumulator.ts); then the logit lens
 * and decoder neighbours from the weights; then writes the result folder as `<outDir>.partial-<hex>`
 * and renames it into place. Cancel and pause take effect at every batch and between product chunks;
 * a cancel or failure removes the partial folder (a kill leaves it for start-up cleanup).
 */
export async function featurePassTask(raw: FeaturePassTaskParams, ctx: TaskContext<FeaturePassReport>): Promise<FeaturePassTaskResult> {
  const p = checkPassParams(raw);
  const started = performance.now();
  const report = (r: FeaturePassReport) => ctx.report(r);
  if (
    await fs.stat(p.outDir).then(
      () => true,
      () => false,
    )
  )
    throw new FeaturePassError('BAD_PARAMS', `${p.outDir} already exists; a pass writes a new folder`);
  const sae = await readSaeLensFolder(p.saeDir);
  const lm = cachedModel(p.modelDir, p.provider ?? 'cpu');
  lm.hook(p.hook);
  if (lm.architecture.dModel !== sae.dIn)
    throw new FeaturePassError(
      'BAD_PARAMS',
      `the SAE reads d_in ${sae.dIn} but ${p.hook} of ${p.modelDir} is ${lm.architecture.dModel} wide`,
    );
  const contextBytes = ContextSlots.bytes(sae.dSae, p.topK + p.quantileGroups * p.quantileExamples, p.contextWindow);
  if (contextBytes > MAX_CONTEXT_BYTES) {
    throw new FeaturePassError(
      'BAD_PARAMS',
      `keeping ${p.topK} top + ${p.quantileGroups}×${p.quantileExamples} quantile contexts of ${2 * p.contextWindow + 1} tokens for ${sae.dSae} features needs ${(contextBytes / 2 ** 30).toFixed(1)} GiB; lower top-k, the quantile settings or the context window`,
    );
  }
  // The encoder holds pre-activations [n, d_sae] (and dense SAEs return f of that size): cap a batch at MAX_PRE_BATCH_BYTES of them.
  const batchTokens = Math.max(1, Math.min(p.batchTokens, Math.floor(MAX_PRE_BATCH_BYTES / (4 * sae.dSae))));
  const selection = { ordinals: p.splitFilter ? heldOutOrdinals({ ...p.splitFilter }) : null, maxTokens: p.maxTokens };
  if (selection.ordinals && selection.ordinals.size === 0)
    throw new FeaturePassError(
      'BAD_PARAMS',
      `dataset ${p.splitFilter?.datasetId} has no samples in split ${p.splitFilter?.splits.join(', ')}`,
    );
  const planned = await countSelectedTokens(p.tokensDir, selection);
  if (planned.tokens === 0)
    throw new FeaturePassError(
      'BAD_PARAMS',
      `no token windows of ${p.tokensDir} come from ${p.splitFilter ? `split ${p.splitFilter.splits.join(', ')}` : 'the dataset'}`,
    );
  const encoder = await SaeEncoder.open(sae, p.provider);
  const acc = new FeatureAccumulator(sae.dSae, {
    topK: p.topK,
    contextWindow: p.contextWindow,
    quantileGroups: p.quantileGroups,
    quantileExamples: p.quantileExamples,
    seed: p.seed ?? 0,
  });
  const partial = partialDirFor(p.outDir);
  await fs.mkdir(partial, { recursive: true });
  try {
    report({
      type: 'started',
      dIn: sae.dIn,
      dSae: sae.dSae,
      architecture: sae.architecture,
      tokensTotal: planned.tokens,
      provider: `${lm.provider} / ${encoder.provider}`,
    });
    report({ type: 'phase', phase: 'streaming' });
    ctx.log(
      'info',
      `feature pass: ${sae.architecture} SAE ${sae.dIn}→${sae.dSae} at ${p.hook}, ${planned.tokens.toLocaleString('en-US')} tokens in ${planned.windows} windows${p.splitFilter ? ` (split ${p.splitFilter.splits.join(', ')})` : ''}, batches of ≤ ${batchTokens} tokens`,
    );
    const phaseSeconds = { forward: 0, encode: 0, statistics: 0, streaming: 0, logitLens: 0, neighbours: 0, writing: 0 };
    /** Adds the time since `t` to a phase; returns now. */
    const lap = (t: number, phase: keyof typeof phaseSeconds): number => {
      const now = performance.now();
      phaseSeconds[phase] += (now - t) / 1000;
      return now;
    };
    const streamStart = performance.now();
    let windows = 0;
    let lastReport = 0;
    for await (const batch of windowBatches(selectedWindows(p.tokensDir, selection), batchTokens)) {
      await ctx.checkpoint();
      const layout = layoutOf(batch);
      const n = layout.tokenIds.length;
      let t = performance.now();
      const x = await hookActivations(lm, p.hook, batch, n);
      t = lap(t, 'forward');
      const enc = await encoder.encode(x, n);
      t = lap(t, 'encode');
      if (enc.kind === 'dense') acc.addDense(layout, enc.f);
      else acc.addSparse(layout, enc.values, enc.indices, enc.k);
      lap(t, 'statistics');
      windows += batch.length;
      const now = performance.now();
      if (now - lastReport > 500 || acc.tokens >= planned.tokens) {
        lastReport = now;
        const tokensPerSecond = acc.tokens / Math.max(1e-9, (now - streamStart) / 1000);
        report({ type: 'progress', tokensDone: acc.tokens, tokensTotal: planned.tokens, featuresSeen: acc.featuresSeen, tokensPerSecond });
        ctx.progress(
          0.9 * (acc.tokens / planned.tokens),
          `${acc.tokens.toLocaleString('en-US')} / ${planned.tokens.toLocaleString('en-US')} tokens · ${acc.featuresSeen.toLocaleString('en-US')} features seen · ${Math.round(tokensPerSecond)} tokens/s`,
        );
      }
    }
    const streamSeconds = (performance.now() - streamStart) / 1000;
    phaseSeconds.streaming = streamSeconds;
    let t = performance.now();
    await encoder.release();
    const between = () => ctx.checkpoint();
    report({ type: 'phase', phase: 'logit-lens' });
    ctx.progress(0.9, 'logit lens');
    const lens = await logitLens(lm, sae.weights.W_dec, sae.dSae, p.logitLensTokens ?? DEFAULT_LENS_TOKENS, { between });
    t = lap(t, 'logitLens');
    report({ type: 'phase', phase: 'neighbours' });
    ctx.progress(0.95, 'decoder neighbours');
    const neighbours = await decoderNeighbours(sae.weights.W_dec, sae.dSae, sae.dIn, p.neighbours ?? DEFAULT_NEIGHBOURS, { between });
    t = lap(t, 'neighbours');
    await ctx.checkpoint();
    report({ type: 'phase', phase: 'writing' });
    ctx.progress(0.98, 'writing results');
    const buckets = { dead: 0, ultraLow: 0, normal: 0, dense: 0 };
    for (let j = 0; j < sae.dSae; j++) {
      const b = densityBucketOf(acc.fireCount[j]! / acc.tokens);
      if (b === 'ultra-low') buckets.ultraLow++;
      else buckets[b]++;
    }
    const vocab = lm.tokenizer.tokenTexts(Array.from({ length: lens.vocab }, (_, i) => i));
    const tokensPerSecond = acc.tokens / Math.max(1e-9, streamSeconds);
    const seconds = (performance.now() - started) / 1000;
    writeFeaturePass(partial, {
      acc,
      lens,
      neighbours,
      vocab,
      manifest: {
        format: 'mistudio-feature-pass',
        version: 1,
        saeDir: p.saeDir,
        modelDir: p.modelDir,
        hook: p.hook,
        tokensDir: p.tokensDir,
        datasetId: p.datasetId,
        splits: p.splitFilter?.splits ?? null,
        dIn: sae.dIn,
        dSae: sae.dSae,
        architecture: sae.architecture,
        tokens: acc.tokens,
        windows,
        topK: p.topK,
        contextWindow: p.contextWindow,
        quantileGroups: p.quantileGroups,
        quantileExamples: p.quantileExamples,
        finalNormScale: lens.finalNormScale,
        unembeddingSource: lens.unembeddingSource,
        ...buckets,
        seconds,
        tokensPerSecond,
        createdAt: new Date().toISOString(),
      },
    });
    lap(t, 'writing');
    await ctx.checkpoint(); // a cancel here still leaves the previous results alone
    await fs.rename(partial, p.outDir);
    await fsyncDir(path.dirname(p.outDir));
    ctx.progress(1, `done: ${acc.tokens.toLocaleString('en-US')} tokens, ${sae.dSae - buckets.dead} of ${sae.dSae} features fired`);
    return { dir: p.outDir, tokens: acc.tokens, windows, dSae: sae.dSae, ...buckets, seconds, tokensPerSecond, phaseSeconds };
  } catch (err) {
    await fs.rm(partial, { recursive: true, force: true });
    throw err;
  } finally {
    await encoder.release().catch(() => undefined);
  }
}
