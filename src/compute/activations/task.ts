import { randomBytes } from 'node:crypto';
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { writeFileAtomic } from '../../node-shared/fs/atomic';
import { readTokenManifest, readTokenRows, type ShardRow } from '../datasets/tokenize';
import { cachedModel } from '../model/model-cache';
import type { ExtractActivationsParams, ExtractActivationsResult } from '../../shared/jobs/activations';
import { readActivations } from '../model/read-activations';
import type { TaskContext } from '../runtime/context';
import { ACTIVATION_MANIFEST, REF_RECORD_I32, type ActivationManifest } from './manifest';
import { heldOutOrdinals, touchesHeldOut } from './hold-out';
import { ActivationWriter } from './writer';

export type { ExtractActivationsParams, ExtractActivationsResult };

/**
 * Activation extraction (docs/activations.md): runs the model over a tokenized dataset batch by
 * batch with read hooks and streams the real (unpadded) tokens' activations to shards.
 * Reports the tokens/s; pause/cancel at batch boundaries; a cancel or failure removes
 * the partial folder, so an activation set exists only when complete.
 */
export async function extractActivationsTask(p: ExtractActivationsParams, ctx: TaskContext): Promise<ExtractActivationsResult> {
  const lm = cachedModel(p.modelDir, p.provider ?? 'cpu');
  for (const h of p.hooks) lm.hook(h); // clear error before any work
  const tokens = await readTokenManifest(p.tokensDir);
  const dModel = lm.architecture.dModel;
  // Every real (unpadded) position, BOS and separators included: they all have activations.
  const realTokens = tokens.totals.tokens - tokens.totals.paddingTokens;
  const cutTokens = p.contextSize ? Math.min(realTokens, tokens.totals.rows * p.contextSize) : realTokens; // an upper bound when windows are cut
  const target = Math.min(p.maxTokens ?? Infinity, cutTokens);
  const heldOut = p.holdOut ? heldOutOrdinals(p.holdOut) : new Set<number>();
  let skippedWindows = 0;
  const partial = `${p.outDir}.partial-${randomBytes(4).toString('hex')}`;
  await fs.mkdir(partial, { recursive: true });
  const writer = new ActivationWriter(partial, p.hooks, dModel, p.dtype, p.shardRows ?? Math.max(1, Math.floor((64 << 20) / (4 * dModel))));
  const started = performance.now();
  try {
    const rows = readTokenRows(p.tokensDir, { attentionMask: true });
    let done = false;
    while (!done) {
      const batch: ShardRow[] = [];
      while (batch.length < p.batchSize) {
        const next = await rows.next();
        if (next.done) break;
        if (touchesHeldOut(next.value, heldOut)) {
          skippedWindows++;
          continue;
        }
        const cut = p.contextSize ?? next.value.tokens.length;
        // slice(): the reader's view dies at the next shard.
        batch.push({ ...next.value, tokens: next.value.tokens.slice(0, cut), unpaddedLength: Math.min(next.value.unpaddedLength, cut) });
      }
      if (batch.length === 0) break;
      const width = Math.max(...batch.map((r) => r.tokens.length));
      const inputIds = batch.map((r) => Array.from({ length: width }, (_, j) => r.tokens[j] ?? 0));
      const attentionMask = batch.map((r) => Array.from({ length: width }, (_, j) => (j < r.unpaddedLength ? 1 : 0)));
      for await (const b of readActivations(lm, [{ inputIds, attentionMask }], p.hooks)) {
        const n = Math.min(b.nTokens, target - writer.totalRows);
        const refs = new Int32Array(n * REF_RECORD_I32);
        for (let i = 0; i < n; i++) refs.set([batch[b.rows[i]!]!.row, b.positions[i]!, b.tokenIds[i]!], i * REF_RECORD_I32);
        await writer.append(b.activations, refs, n);
        if (writer.totalRows >= target) done = true;
      }
      const seconds = (performance.now() - started) / 1000;
      ctx.progress(
        Math.min(1, writer.totalRows / target),
        `${writer.totalRows.toLocaleString('en-US')} tokens · ${Math.round(writer.totalRows / seconds)} tokens/s · ${p.hooks.join(', ')}`,
      );
      await ctx.checkpoint();
    }
    await writer.closeShard();
    const manifest: ActivationManifest = {
      kind: 'mistudio.activations',
      version: 1,
      modelDir: p.modelDir,
      tokensDir: p.tokensDir,
      hooks: p.hooks,
      dModel,
      dtype: p.dtype,
      totalRows: writer.totalRows,
      batchSize: p.batchSize,
      heldOutSplits: p.holdOut?.splits ?? [],
      skippedWindows,
      shards: writer.shards,
      createdAt: new Date().toISOString(),
    };
    await writeFileAtomic(path.join(partial, ACTIVATION_MANIFEST), JSON.stringify(manifest, null, 2));
    await fs.rm(p.outDir, { recursive: true, force: true });
    await fs.rename(partial, p.outDir);
    const seconds = (performance.now() - started) / 1000;
    return {
      path: p.outDir,
      totalRows: writer.totalRows,
      dModel,
      shards: writer.shards.length,
      tokensPerSecond: writer.totalRows / seconds,
    };
  } catch (err) {
    await writer.closeShard().catch(() => undefined);
    await fs.rm(partial, { recursive: true, force: true });
    throw err;
  }
}
