import type { FeatureMap } from '../../shared/types/analysis';
import type { TaskContext } from '../runtime/context';
import { readSaeLensFolder } from '../sae/saelens-reader';
import { writeResultFile } from './files';
import { pcaMap, tsneMap, umapMap } from './projections';
import type { AnalysisProgressReport, MapTaskParams } from './protocol';
import { AnalysisError } from './token-stream';

/** The feature map of an SAE (docs/analysis.md): one projection of its decoder rows, written as one JSON file. */
export async function featureMapTask(p: MapTaskParams, ctx: TaskContext<AnalysisProgressReport>): Promise<FeatureMap> {
  if (!p || typeof p.outFile !== 'string' || !['pca', 'umap', 'tsne'].includes(p.method) || !Number.isInteger(p.seed))
    throw new AnalysisError('BAD_PARAMS', 'feature map: outFile, method (pca | umap | tsne) and an integer seed are required');
  const started = performance.now();
  const sae = await readSaeLensFolder(p.saeDir);
  const { W_dec } = sae.weights;
  const onProgress = async (fraction: number, message: string) => {
    const report: AnalysisProgressReport = { type: 'progress', done: Math.round(fraction * 1000), total: 1000, unit: 'steps' };
    ctx.report(report);
    ctx.progress(0.98 * fraction, message);
    await ctx.checkpoint();
  };
  let points: Float64Array;
  let explainedVariance: number[] | null = null;
  if (p.method === 'pca') {
    const r = pcaMap(W_dec, sae.dSae, sae.dIn);
    points = r.points;
    explainedVariance = r.explainedVariance;
  } else if (p.method === 'tsne') points = await tsneMap(W_dec, sae.dSae, sae.dIn, { seed: p.seed, onProgress });
  else points = await umapMap(W_dec, sae.dSae, sae.dIn, { seed: p.seed, onProgress });
  await ctx.checkpoint();
  const map: FeatureMap = {
    saeId: p.saeId,
    method: p.method,
    seed: p.seed,
    points: Array.from(points, (v) => Math.round(v * 1e5) / 1e5),
    explainedVariance,
    seconds: (performance.now() - started) / 1000,
    createdAt: new Date().toISOString(),
  };
  await writeResultFile(p.outFile, JSON.stringify(map));
  ctx.progress(1, `${p.method} map of ${sae.dSae.toLocaleString('en-US')} features`);
  return { ...map, points: [] }; // the job row keeps the summary; the points live in the file
}
