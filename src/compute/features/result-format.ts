import type { FeaturePassSummary } from './protocol';

/**
 * A feature pass's result folder (docs/features.md), written once and read by main into SQLite.
 * All binary files are little-endian, fixed-size records, indexed by feature:
 *   features.bin    float64 [d_sae, FEATURE_F64]: fireCount, Σ activation, max, proxy (NaN = none),
 *                   first context record, top contexts, first group record, groups
 *   histograms.bin  uint32  [d_sae, HIST_BINS] (bins: histogram.ts)
 *   groups.bin      float64 [groups, GROUP_F64]: low, high, population, first context, contexts
 *   contexts.bin    records of CONTEXT_HEADER_I32 int32 [windowIndex, peakPosition, start, length,
 *                   sampleOrdinal (−1 none), 0], then int32 tokens [width], float32 activations [width]
 *   logit-lens.bin  per feature: int32 [L] + float32 [L] positive, then int32 [L] + float32 [L] negative
 *   neighbours.bin  per feature: int32 [N] + float32 [N] (index −1 = none)
 *   labels.json     { suggestedLabel: (string|null)[], topTokens: string[][] }
 *   vocab.json      string[]: each token id's text
 *   manifest.json   FeaturePassSummary + layout, written last
 */
export const FEATURE_F64 = 8;
export const GROUP_F64 = 5;
export const CONTEXT_HEADER_I32 = 6;
export const FILES = {
  manifest: 'manifest.json',
  features: 'features.bin',
  histograms: 'histograms.bin',
  groups: 'groups.bin',
  contexts: 'contexts.bin',
  logitLens: 'logit-lens.bin',
  neighbours: 'neighbours.bin',
  labels: 'labels.json',
  vocab: 'vocab.json',
} as const;

export interface ResultLayout {
  /** Token slots per context record (2 · contextWindow + 1; shorter contexts leave the rest unused). */
  contextWidth: number;
  logitLensTokens: number;
  neighbours: number;
  histogramBins: number;
  groups: number;
  contexts: number;
}

export interface ResultManifest extends FeaturePassSummary {
  layout: ResultLayout;
}

export function contextRecordBytes(width: number): number {
  return (CONTEXT_HEADER_I32 + 2 * width) * 4;
}

export interface LabelsFile {
  suggestedLabel: (string | null)[];
  topTokens: string[][];
}
