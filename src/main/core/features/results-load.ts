import type Database from 'better-sqlite3';
import type { FeaturePassFeature, FeaturePassReader } from '../../../compute/features/protocol';
import type { FeatureContext, FeaturePassRecord } from '../../../shared/types/features';

/** Feature-index sentinel of top-k rows in feature_examples.group_index (quantile groups count from 0). */
export const TOP_GROUP = -1;

const u32Blob = (a: number[]) => Buffer.from(new Uint32Array(a).buffer);
const f32Blob = (a: number[]) => Buffer.from(new Float32Array(a).buffer);

/**
 * Loads a finished feature-pass folder into SQLite in ONE transaction that replaces the SAE's
 * previous results (docs/features.md): statistics are updated in place so labels, notes and
 * stars survive; details and examples are rewritten; the pass row turns completed in the same
 * transaction. A crash or error anywhere inside leaves the previous results as they were.
 */
export class PassResultsLoader {
  private readonly st: Record<
    'upsertFeature' | 'upsertDetail' | 'insertExample' | 'clearExamples' | 'dropStale' | 'dropStaleDetails' | 'completePass',
    Database.Statement
  >;

  constructor(private readonly sqlite: Database.Database) {
    this.st = {
      upsertFeature: sqlite.prepare(`
        INSERT INTO features (sae_id, feature_index, pass_id, suggested_label, frequency, firing_count, max_activation, mean_activation, proxy, density_bucket, top_tokens_text, top_tokens, updated_at)
        VALUES (@saeId, @featureIndex, @passId, @suggestedLabel, @frequency, @firingCount, @maxActivation, @meanActivation, @proxy, @densityBucket, @topTokensText, @topTokens, @now)
        ON CONFLICT (sae_id, feature_index) DO UPDATE SET pass_id = excluded.pass_id, suggested_label = excluded.suggested_label,
          frequency = excluded.frequency, firing_count = excluded.firing_count, max_activation = excluded.max_activation,
          mean_activation = excluded.mean_activation, proxy = excluded.proxy, density_bucket = excluded.density_bucket,
          top_tokens_text = excluded.top_tokens_text, top_tokens = excluded.top_tokens, updated_at = excluded.updated_at`),
      upsertDetail: sqlite.prepare(
        'INSERT OR REPLACE INTO feature_details (sae_id, feature_index, histogram, logit_lens, neighbours, quantiles) VALUES (?, ?, ?, ?, ?, ?)',
      ),
      insertExample: sqlite.prepare(
        `INSERT INTO feature_examples (sae_id, feature_index, group_index, rank, peak_index, peak_activation, token_ids, activations, window_index, peak_position, sample_ordinal)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      ),
      clearExamples: sqlite.prepare('DELETE FROM feature_examples WHERE sae_id = ?'),
      dropStale: sqlite.prepare('DELETE FROM features WHERE sae_id = ? AND pass_id != ?'),
      dropStaleDetails: sqlite.prepare('DELETE FROM feature_details WHERE sae_id = ? AND feature_index >= ?'),
      completePass: sqlite.prepare(
        "UPDATE feature_passes SET status = 'completed', summary = ?, token_texts = ?, completed_at = ?, error = NULL WHERE id = ?",
      ),
    };
  }

  replace(saeId: string, passId: string, reader: FeaturePassReader, summary: NonNullable<FeaturePassRecord['summary']>): void {
    const tokenTexts: Record<string, string> = {};
    this.sqlite.transaction(() => {
      this.st.clearExamples.run(saeId);
      for (const f of reader.features()) this.writeFeature(saeId, passId, f, tokenTexts);
      this.st.dropStale.run(saeId, passId);
      this.st.dropStaleDetails.run(saeId, reader.summary.dSae);
      this.st.completePass.run(JSON.stringify(summary), JSON.stringify(tokenTexts), Date.now(), passId);
    })();
    this.analyze();
  }

  /**
   * Fresh planner statistics for the browser's indexes: without them SQLite walks the whole SAE's
   * rows for an id or text search instead of the unique index / trigram index (tens of ms at 65k features).
   */
  analyze(): void {
    this.sqlite.exec('ANALYZE features');
  }

  /** One feature's rows (inside the transaction of `replace`). */
  writeFeature(saeId: string, passId: string, f: FeaturePassFeature, tokenTexts: Record<string, string>): void {
    this.st.upsertFeature.run({
      saeId,
      featureIndex: f.featureIndex,
      passId,
      suggestedLabel: f.suggestedLabel,
      frequency: f.frequency,
      firingCount: f.firingCount,
      maxActivation: f.maxActivation,
      meanActivation: f.meanActivation,
      proxy: f.proxy,
      densityBucket: f.densityBucket,
      topTokensText: f.topTokens.join('\n'),
      topTokens: JSON.stringify(f.topTokens),
      now: Date.now(),
    });
    const quantiles = f.quantiles.map(({ low, high, population }) => ({ low, high, population }));
    this.st.upsertDetail.run(
      saeId,
      f.featureIndex,
      JSON.stringify(f.histogram),
      JSON.stringify(f.logitLens),
      JSON.stringify(f.neighbours),
      JSON.stringify(quantiles),
    );
    f.top.forEach((c, rank) => this.writeExample(saeId, f.featureIndex, TOP_GROUP, rank, c, tokenTexts));
    f.quantiles.forEach((g, gi) => g.contexts.forEach((c, rank) => this.writeExample(saeId, f.featureIndex, gi, rank, c, tokenTexts)));
  }

  private writeExample(
    saeId: string,
    featureIndex: number,
    group: number,
    rank: number,
    c: FeatureContext,
    tokenTexts: Record<string, string>,
  ): void {
    c.tokenIds.forEach((id, i) => (tokenTexts[id] ??= c.tokens[i] ?? `#${id}`));
    this.st.insertExample.run(
      saeId,
      featureIndex,
      group,
      rank,
      c.peakIndex,
      c.peakActivation,
      u32Blob(c.tokenIds),
      f32Blob(c.activations),
      c.source.windowIndex,
      c.source.peakPosition,
      c.source.sampleOrdinal,
    );
  }
}
