import type { TaskContext } from '../../runtime/context';
import { loadDatasetTokenizer } from '../tokenize/dataset-tokenizer';
import { SampleReader } from '../tokenize/sample-source';
import type { DatasetStatisticsParams, DatasetStatisticsResult } from '../../../shared/jobs/datasets';
import { StatisticsAccumulator } from './statistics';

export type { DatasetStatisticsParams, DatasetStatisticsResult };

/**
 * Statistics job: one streamed pass over the dataset's samples (ordinal order, read-only
 * connection), tokenizing each with the model's tokenizer. Returns JSON for datasets.statistics.
 */
export async function computeDatasetStatisticsTask(p: DatasetStatisticsParams, ctx: TaskContext): Promise<DatasetStatisticsResult> {
  const tok = loadDatasetTokenizer(p.modelDir);
  const addSpecialTokens = p.addSpecialTokens ?? false;
  const every = p.checkpointEvery ?? 256;
  const reader = new SampleReader(p.dbPath, p.datasetId);
  try {
    const acc = new StatisticsAccumulator();
    ctx.progress(0, `Counting tokens in ${reader.count} samples`);
    let done = 0;
    for (const s of reader.iterate()) {
      const content = tok.encodeContent(s.text);
      const tokens = addSpecialTokens ? [...tok.prefix, ...content, ...tok.suffix] : content;
      acc.add({ split: s.split, tokens });
      done += 1;
      if (done % every === 0) {
        ctx.progress(reader.count ? (0.99 * done) / reader.count : 0, `${done} / ${reader.count} samples`);
        await ctx.checkpoint();
      }
    }
    const stats = acc.result((ids) => tok.tokenizer.tokenTexts(ids), { topK: p.topK ?? 50 });
    ctx.progress(1, `${stats.totalTokens} tokens in ${stats.totalSamples} samples`);
    return { ...stats, tokenizerName: tok.name, addSpecialTokens, computedAt: Date.now() };
  } finally {
    reader.close();
  }
}
