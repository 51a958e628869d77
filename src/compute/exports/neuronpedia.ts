import type { DensityBucket, FeatureContext, FeatureHistogram, LogitLens, QuantileGroup } from '../../shared/types/features';
import type { FeaturePassFeature } from '../features/protocol';

/**
 * One feature as features.json holds it (docs/interop-export.md "Features"): Neuronpedia's feature
 * field names first (modelId, layer, index, maxActApprox, frac_nonzero, pos_str/pos_values,
 * neg_str/neg_values, freq_hist_data_bar_*, topkCosSim*, activations, explanations), so tools that
 * read Neuronpedia exports read ours; then `mistudio` with what only we keep (the researcher's
 * label, notes and star, the pass's statistics) so an import restores the feature exactly.
 */
export interface NeuronpediaActivation {
  tokens: string[];
  values: number[];
  maxValue: number;
  maxValueTokenIndex: number;
  /** Quantile interval of the activation (Neuronpedia: −1 for the top-activation examples). */
  binMin: number;
  binMax: number;
  /** Firing tokens of the pass in this interval (top examples: the feature's firing count). */
  binContains: number;
  // Ours beside Neuronpedia's: token ids and where the window came from.
  tokenIds: number[];
  /** −1 = top example; 0.. = quantile group. */
  group: number;
  windowIndex: number;
  peakPosition: number;
  sampleOrdinal: number | null;
}

export interface NeuronpediaFeature {
  modelId: string;
  layer: string;
  index: string;
  hookName: string;
  maxActApprox: number;
  frac_nonzero: number;
  pos_str: string[];
  pos_values: number[];
  neg_str: string[];
  neg_values: number[];
  freq_hist_data_bar_heights: number[];
  /** Bin centres (geometric mean of the log-spaced edges), activation units. */
  freq_hist_data_bar_values: number[];
  topkCosSimIndices: number[];
  topkCosSimValues: number[];
  activations: NeuronpediaActivation[];
  explanations: { description: string; authorName: string }[];
  mistudio: {
    label: string | null;
    notes: string | null;
    isFavorite: boolean;
    suggestedLabel: string | null;
    firingCount: number;
    meanActivation: number;
    proxy: number | null;
    densityBucket: DensityBucket;
    topTokens: string[];
    histogram: FeatureHistogram;
    logitLens: LogitLens;
    quantiles: { low: number; high: number; population: number }[];
  };
}

/** The researcher's own fields of a feature, restored after its statistics on import. */
export interface FeatureNotes {
  label: string | null;
  notes: string | null;
  isFavorite: boolean;
}

/** Neuronpedia's source id for a hook: "<layer>-<res|mlp|att>-mistudio" (e.g. 2-res-mistudio). */
export function neuronpediaSource(hook: string): string {
  const layer = /^blocks\.(\d+)\./.exec(hook)?.[1] ?? '0';
  const kind = /mlp/.test(hook) ? 'mlp' : /attn|hook_z/.test(hook) ? 'att' : 'res';
  return `${layer}-${kind}-mistudio`;
}

function toActivation(c: FeatureContext, group: number, bin: { low: number; high: number; population: number }): NeuronpediaActivation {
  return {
    tokens: c.tokens,
    values: c.activations,
    maxValue: c.peakActivation,
    maxValueTokenIndex: c.peakIndex,
    binMin: bin.low,
    binMax: bin.high,
    binContains: bin.population,
    tokenIds: c.tokenIds,
    group,
    windowIndex: c.source.windowIndex,
    peakPosition: c.source.peakPosition,
    sampleOrdinal: c.source.sampleOrdinal,
  };
}

export function toNeuronpediaFeature(
  f: FeaturePassFeature,
  notes: FeatureNotes,
  where: { modelId: string; hook: string },
): NeuronpediaFeature {
  const centres = f.histogram.counts.map((_, i) => Math.sqrt((f.histogram.edges[i] ?? 0) * (f.histogram.edges[i + 1] ?? 0)));
  return {
    modelId: where.modelId,
    layer: neuronpediaSource(where.hook),
    index: String(f.featureIndex),
    hookName: where.hook,
    maxActApprox: f.maxActivation,
    frac_nonzero: f.frequency,
    pos_str: f.logitLens.positive.map((e) => e.token),
    pos_values: f.logitLens.positive.map((e) => e.value),
    neg_str: f.logitLens.negative.map((e) => e.token),
    neg_values: f.logitLens.negative.map((e) => e.value),
    freq_hist_data_bar_heights: f.histogram.counts,
    freq_hist_data_bar_values: centres,
    topkCosSimIndices: f.neighbours.map((n) => n.featureIndex),
    topkCosSimValues: f.neighbours.map((n) => n.cosine),
    activations: [
      ...f.top.map((c) => toActivation(c, -1, { low: -1, high: f.maxActivation, population: f.firingCount })),
      ...f.quantiles.flatMap((g, gi) => g.contexts.map((c) => toActivation(c, gi, g))),
    ],
    explanations: notes.label ? [{ description: notes.label, authorName: 'researcher (miStudio)' }] : [],
    mistudio: {
      ...notes,
      suggestedLabel: f.suggestedLabel,
      firingCount: f.firingCount,
      meanActivation: f.meanActivation,
      proxy: f.proxy,
      densityBucket: f.densityBucket,
      topTokens: f.topTokens,
      histogram: f.histogram,
      logitLens: f.logitLens,
      quantiles: f.quantiles.map(({ low, high, population }) => ({ low, high, population })),
    },
  };
}

/** The inverse, for an import: the pass's feature as main loads it, and the researcher's notes. */
export function fromNeuronpediaFeature(n: NeuronpediaFeature, datasetId: string): { feature: FeaturePassFeature; notes: FeatureNotes } {
  const m = n.mistudio;
  const context = (a: NeuronpediaActivation): FeatureContext => ({
    tokens: a.tokens,
    tokenIds: a.tokenIds,
    activations: a.values,
    peakIndex: a.maxValueTokenIndex,
    peakActivation: a.maxValue,
    source: { datasetId, sampleOrdinal: a.sampleOrdinal, windowIndex: a.windowIndex, peakPosition: a.peakPosition },
  });
  const quantiles: QuantileGroup[] = m.quantiles.map((q) => ({ ...q, contexts: [] }));
  const top: FeatureContext[] = [];
  for (const a of n.activations) {
    if (a.group < 0) top.push(context(a));
    else quantiles[a.group]?.contexts.push(context(a));
  }
  return {
    feature: {
      featureIndex: Number(n.index),
      firingCount: m.firingCount,
      frequency: n.frac_nonzero,
      maxActivation: n.maxActApprox,
      meanActivation: m.meanActivation,
      proxy: m.proxy,
      densityBucket: m.densityBucket,
      suggestedLabel: m.suggestedLabel,
      topTokens: m.topTokens,
      histogram: m.histogram,
      logitLens: m.logitLens,
      neighbours: n.topkCosSimIndices.map((featureIndex, i) => ({ featureIndex, cosine: n.topkCosSimValues[i] ?? 0 })),
      top,
      quantiles,
    },
    notes: { label: m.label, notes: m.notes, isFavorite: m.isFavorite },
  };
}
