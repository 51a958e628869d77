import { promises as fs } from 'node:fs';
import path from 'node:path';
import type { CorrelationSummary } from '../../shared/types/analysis';
import { partialDirFor } from '../datasets/tokenize/publish';
import { fsyncDir } from '../hub/cache';
import type { TaskContext } from '../runtime/context';
import { writeSynced } from './files';
import { PearsonAccumulator, topPartners } from './pearson';
import type { AnalysisProgressReport, CorrelationTaskParams } from './protocol';
import { readHookRows } from './hook-rows';
import { AnalysisError, openSource } from './token-stream';

export const CORRELATION_FILES = { summary: 'summary.json', matrix: 'r.f32', partners: 'partners.json' } as const;

/**
 * Pearson correlations of feature activations over the feature pass's tokens (docs/analysis.md):
 * the same windows as the SAE's last pass, streamed through model → SAE encoder batch by batch
 * into a fixed-size accumulator (pearson.ts). Writes a result folder staged as `.partial-`:
 * summary.json, r.f32 (the [m × m] matrix, float32 little-endian) and partners.json (top
 * partners of every feature in the matrix).
 */
export async function correlationTask(p: CorrelationTaskParams, ctx: TaskContext<AnalysisProgressReport>): Promise<CorrelationSummary> {
  if (!p || !Array.isArray(p.features) || p.features.length < 2)
    throw new AnalysisError('BAD_PARAMS', 'correlations need at least two features');
  const started = performance.now();
  const src = await openSource(p);
  const partial = partialDirFor(p.outDir);
  try {
    const acc = new PearsonAccumulator(p.features, src.sae.dSae);
    for await (const batch of src.batches()) {
      await ctx.checkpoint();
      const x = await readHookRows(
        src.lm,
        p.hook,
        batch.map((w) => w.tokens),
      );
      acc.add(await src.encode(x.x, x.n));
      const report: AnalysisProgressReport = { type: 'progress', done: acc.tokens, total: src.planned.tokens, unit: 'tokens' };
      ctx.report(report);
      ctx.progress(
        0.95 * (acc.tokens / src.planned.tokens),
        `${acc.tokens.toLocaleString('en-US')} / ${src.planned.tokens.toLocaleString('en-US')} tokens`,
      );
    }
    await ctx.checkpoint();
    const r = acc.matrix();
    const summary: CorrelationSummary = {
      saeId: p.saeId,
      datasetId: p.datasetId,
      split: p.split,
      tokens: acc.tokens,
      features: p.features,
      frequencies: p.frequencies,
      seconds: (performance.now() - started) / 1000,
      createdAt: new Date().toISOString(),
    };
    await fs.mkdir(partial, { recursive: true });
    const put = (name: string, data: string | Uint8Array) => writeSynced(path.join(partial, name), data);
    await put(CORRELATION_FILES.matrix, new Uint8Array(r.buffer, r.byteOffset, r.byteLength));
    await put(CORRELATION_FILES.partners, JSON.stringify(topPartners(r, p.features, p.partners)));
    await put(CORRELATION_FILES.summary, JSON.stringify(summary));
    await fsyncDir(partial);
    // Replace the previous result: old folder aside, new one in, old one gone.
    const old = `${p.outDir}.partial-old`;
    await fs.rm(old, { recursive: true, force: true });
    await fs.rename(p.outDir, old).catch(() => undefined);
    await fs.rename(partial, p.outDir);
    await fsyncDir(path.dirname(p.outDir));
    await fs.rm(old, { recursive: true, force: true });
    ctx.progress(1, `${p.features.length} features over ${acc.tokens.toLocaleString('en-US')} tokens`);
    return summary;
  } catch (err) {
    await fs.rm(partial, { recursive: true, force: true });
    throw err;
  } finally {
    await src.encoder.release();
  }
}
