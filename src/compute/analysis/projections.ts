import { UMAP } from 'umap-js';
import { decoderNeighbours } from '../features/neighbours';
import { Rng } from '../sae/rng';
import { pca } from './pca';
import { tsne, type KnnGraph } from './tsne';

/**
 * 2-D maps of decoder directions W_dec [d_sae, d_in] (docs/analysis.md). PCA works on the raw
 * rows; UMAP and t-SNE on the cosine k-NN graph of the rows (the features pass's own cosine
 * neighbour search), since a decoder direction's length is not part of what it means.
 */
export interface ProjectionOptions {
  seed: number;
  /** Progress in [0, 1] of the method's own loop; awaiting it is where cancel takes effect. */
  onProgress?: (fraction: number, message: string) => Promise<void>;
}

export function pcaMap(wDec: Float32Array, n: number, d: number): { points: Float64Array; explainedVariance: number[] } {
  const r = pca(wDec, n, d, 2);
  return { points: r.points, explainedVariance: r.explainedVariance };
}

/** Cosine k-NN graph with squared distances on the unit sphere, ‖u − v‖² = 2 (1 − cos). Self excluded. */
export async function cosineKnn(wDec: Float32Array, n: number, d: number, k: number, between?: () => Promise<void>): Promise<KnnGraph> {
  const top = await decoderNeighbours(wDec, n, d, k, between ? { between } : {});
  const distancesSq = Float64Array.from(top.values, (c) => Math.max(0, 2 * (1 - c)));
  return { n, k: top.count, indices: top.indices, distancesSq };
}

/** The k-NN search (tens of seconds at 16,384 rows) reports itself between its chunks; awaiting it is where cancel takes effect. */
function neighboursProgress(o: ProjectionOptions, k: number): (() => Promise<void>) | undefined {
  const report = o.onProgress;
  return report ? () => report(0, `finding each feature's ${k} nearest decoder directions (cosine)`) : undefined;
}

export async function tsneMap(
  wDec: Float32Array,
  n: number,
  d: number,
  o: ProjectionOptions & { iterations?: number; perplexity?: number },
): Promise<Float64Array> {
  const perplexity = o.perplexity ?? 30;
  // As scikit-learn: 3·perplexity + 1 neighbours carry (almost all of) each row's P (docs/analysis.md).
  const k = Math.min(n - 1, Math.floor(3 * perplexity + 1));
  const g = await cosineKnn(wDec, n, d, k, neighboursProgress(o, k));
  return tsne(g, {
    perplexity,
    seed: o.seed,
    ...(o.iterations ? { iterations: o.iterations } : {}),
    onIteration: (it, total) => o.onProgress?.(it / total, `t-SNE iteration ${it} / ${total}`) ?? Promise.resolve(),
  });
}

/** UMAP (umap-js) with its seeded random source and our cosine neighbours (self first, distance 0, as UMAP expects). */
export async function umapMap(
  wDec: Float32Array,
  n: number,
  d: number,
  o: ProjectionOptions & { nNeighbors?: number; nEpochs?: number },
): Promise<Float64Array> {
  const nNeighbors = Math.min(o.nNeighbors ?? 15, n - 1);
  const g = await cosineKnn(wDec, n, d, nNeighbors - 1, neighboursProgress(o, nNeighbors - 1));
  const indices: number[][] = [];
  const distances: number[][] = [];
  for (let i = 0; i < n; i++) {
    const row = [i];
    const dist = [0];
    for (let a = 0; a < g.k; a++) {
      const j = g.indices[i * g.k + a]!;
      if (j < 0) continue;
      row.push(j);
      dist.push(Math.sqrt(g.distancesSq[i * g.k + a]! / 2)); // √(1 − cos): a metric on directions
    }
    indices.push(row);
    distances.push(dist);
  }
  const rng = new Rng(o.seed);
  const umap = new UMAP({ nComponents: 2, nNeighbors, random: () => rng.next(), ...(o.nEpochs ? { nEpochs: o.nEpochs } : {}) });
  umap.setPrecomputedKNN(indices, distances);
  const rows = Array.from({ length: n }, (_, i) => Array.from(wDec.subarray(i * d, (i + 1) * d)));
  const epochs = umap.initializeFit(rows);
  for (let e = 0; e < epochs; e++) {
    umap.step();
    if (o.onProgress && (e % 10 === 9 || e === epochs - 1)) await o.onProgress((e + 1) / epochs, `UMAP epoch ${e + 1} / ${epochs}`);
  }
  return Float64Array.from(umap.getEmbedding().flat());
}
