import type { DatasetStatistics } from '../../../shared/types/datasets';
import { lengthHistogram, medianFromCounts } from './histogram';

/** Dataset statistics (docs/datasets.md), as the contract defines them; the service stores this JSON in datasets.statistics. */
export type { DatasetStatistics };

export interface StatisticsSample {
  split: string;
  /** The sample's token ids. */
  tokens: ArrayLike<number>;
}

/**
 * One streaming pass: memory is one counter per distinct token id and per distinct length,
 * never per sample.
 */
export class StatisticsAccumulator {
  private totalSamples = 0;
  private totalTokens = 0;
  private min = Infinity;
  private max = 0;
  private readonly lengthCounts = new Map<number, number>();
  private readonly tokenCounts = new Map<number, number>();
  private readonly splits: Record<string, { samples: number; tokens: number }> = {};

  add(sample: StatisticsSample): void {
    const n = sample.tokens.length;
    this.totalSamples += 1;
    this.totalTokens += n;
    this.min = Math.min(this.min, n);
    this.max = Math.max(this.max, n);
    this.lengthCounts.set(n, (this.lengthCounts.get(n) ?? 0) + 1);
    for (let i = 0; i < n; i++) {
      const id = sample.tokens[i] as number;
      this.tokenCounts.set(id, (this.tokenCounts.get(id) ?? 0) + 1);
    }
    const split = (this.splits[sample.split] ??= { samples: 0, tokens: 0 });
    split.samples += 1;
    split.tokens += n;
  }

  /** `tokenTexts` turns ids into readable token texts (only the top tokens are looked up). */
  result(tokenTexts: (ids: number[]) => string[], opts: { topK?: number; maxBins?: number } = {}): DatasetStatistics {
    const topK = opts.topK ?? 50;
    const top = [...this.tokenCounts.entries()].sort((a, b) => b[1] - a[1] || a[0] - b[0]).slice(0, topK);
    const texts = tokenTexts(top.map(([id]) => id));
    return {
      totalSamples: this.totalSamples,
      totalTokens: this.totalTokens,
      avgTokens: this.totalSamples ? this.totalTokens / this.totalSamples : 0,
      minTokens: this.totalSamples ? this.min : 0,
      medianTokens: medianFromCounts(this.lengthCounts),
      maxTokens: this.max,
      uniqueTokens: this.tokenCounts.size,
      lengthHistogram: lengthHistogram(this.lengthCounts, opts.maxBins),
      topTokens: top.map(([id, count], i) => ({
        id,
        text: texts[i] ?? '',
        count,
        fraction: this.totalTokens ? count / this.totalTokens : 0,
      })),
      splits: structuredClone(this.splits),
    };
  }
}

/** The pure form: statistics of any sample iterator. */
export function computeDatasetStatistics(
  samples: Iterable<StatisticsSample>,
  tokenTexts: (ids: number[]) => string[],
  opts: { topK?: number; maxBins?: number } = {},
): DatasetStatistics {
  const acc = new StatisticsAccumulator();
  for (const s of samples) acc.add(s);
  return acc.result(tokenTexts, opts);
}
