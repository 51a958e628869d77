import type Database from 'better-sqlite3';
import type {
  FeatureContext,
  FeatureDetail,
  FeatureExamples,
  FeatureHistogram,
  FeatureNeighbour,
  FeatureSummary,
  LogitLens,
  QuantileGroup,
} from '../../../shared/types/features';
import { SUMMARY_COLUMNS, toSummary, type SummaryRow } from './browser-query';

interface DetailRow extends SummaryRow {
  notes: string | null;
  firing_count: number;
  pass_id: string;
  histogram: string;
  logit_lens: string;
  neighbours: string;
  quantiles: string;
}

interface ExampleRow {
  group_index: number;
  peak_index: number;
  peak_activation: number;
  token_ids: Buffer;
  activations: Buffer;
  window_index: number;
  peak_position: number;
  sample_ordinal: number | null;
}

/** Copies a BLOB into a typed array (BLOB buffers need not be aligned for a view). */
function u32(b: Buffer): Uint32Array {
  const out = new Uint32Array(b.byteLength / 4);
  new Uint8Array(out.buffer).set(b);
  return out;
}
function f32(b: Buffer): Float32Array {
  const out = new Float32Array(b.byteLength / 4);
  new Uint8Array(out.buffer).set(b);
  return out;
}

/** Reads of the features of an SAE for the dashboard, and the researcher's edits (label, notes, star). */
export class FeatureStore {
  private readonly st: Record<'summary' | 'detail' | 'examples' | 'quantiles' | 'labels' | 'count', Database.Statement>;

  constructor(private readonly sqlite: Database.Database) {
    this.st = {
      summary: sqlite.prepare(`SELECT ${SUMMARY_COLUMNS} FROM features WHERE sae_id = ? AND feature_index = ?`),
      detail: sqlite.prepare(
        `SELECT ${SUMMARY_COLUMNS}, notes, firing_count, pass_id, d.histogram, d.logit_lens, d.neighbours, d.quantiles
         FROM features JOIN feature_details d USING (sae_id, feature_index) WHERE sae_id = ? AND feature_index = ?`,
      ),
      examples: sqlite.prepare(
        'SELECT group_index, peak_index, peak_activation, token_ids, activations, window_index, peak_position, sample_ordinal FROM feature_examples WHERE sae_id = ? AND feature_index = ? ORDER BY group_index, rank',
      ),
      quantiles: sqlite.prepare('SELECT quantiles FROM feature_details WHERE sae_id = ? AND feature_index = ?').pluck(),
      labels: sqlite.prepare(
        "SELECT feature_index AS i, label FROM features WHERE sae_id = ? AND label IS NOT NULL AND label != '' AND feature_index IN (SELECT value FROM json_each(?))",
      ),
      count: sqlite.prepare('SELECT COUNT(*) FROM features WHERE sae_id = ?').pluck(),
    };
  }

  count(saeId: string): number {
    return this.st.count.get(saeId) as number;
  }

  summary(saeId: string, featureIndex: number): FeatureSummary | null {
    const r = this.st.summary.get(saeId, featureIndex) as SummaryRow | undefined;
    return r ? toSummary(r) : null;
  }

  /** Labels of these features (those that have one). */
  labels(saeId: string, indices: number[]): Map<number, string> {
    const rows = this.st.labels.all(saeId, JSON.stringify(indices)) as { i: number; label: string }[];
    return new Map(rows.map((r) => [r.i, r.label]));
  }

  detail(saeId: string, featureIndex: number, passTokens: number): FeatureDetail | null {
    const r = this.st.detail.get(saeId, featureIndex) as DetailRow | undefined;
    if (!r) return null;
    const near = JSON.parse(r.neighbours) as Omit<FeatureNeighbour, 'label'>[];
    const labels = this.labels(
      saeId,
      near.map((n) => n.featureIndex),
    );
    return {
      ...toSummary(r),
      notes: r.notes,
      firingCount: r.firing_count,
      histogram: JSON.parse(r.histogram) as FeatureHistogram,
      logitLens: JSON.parse(r.logit_lens) as LogitLens,
      neighbours: near.map((n) => ({ ...n, label: labels.get(n.featureIndex) ?? null })),
      passId: r.pass_id,
      passTokens,
    };
  }

  /** Top-k and quantile contexts; token texts from the pass's table (id → text). */
  examples(saeId: string, featureIndex: number, datasetId: string, tokenTexts: Record<string, string>): FeatureExamples {
    const q = this.st.quantiles.get(saeId, featureIndex) as string | undefined;
    const groups: QuantileGroup[] = (q ? (JSON.parse(q) as Omit<QuantileGroup, 'contexts'>[]) : []).map((g) => ({ ...g, contexts: [] }));
    const top: FeatureContext[] = [];
    for (const r of this.st.examples.all(saeId, featureIndex) as ExampleRow[]) {
      const tokenIds = Array.from(u32(r.token_ids));
      const context: FeatureContext = {
        tokens: tokenIds.map((id) => tokenTexts[id] ?? `#${id}`),
        tokenIds,
        activations: Array.from(f32(r.activations)),
        peakIndex: r.peak_index,
        peakActivation: r.peak_activation,
        source: { datasetId, sampleOrdinal: r.sample_ordinal, windowIndex: r.window_index, peakPosition: r.peak_position },
      };
      if (r.group_index < 0) top.push(context);
      else groups[r.group_index]?.contexts.push(context);
    }
    return { saeId, featureIndex, top, quantiles: groups };
  }

  update(saeId: string, featureIndex: number, patch: { label?: string | null; notes?: string | null; isFavorite?: boolean }): boolean {
    const sets: string[] = [];
    const params: Record<string, string | number | null> = { saeId, featureIndex, now: Date.now() };
    // An empty label or note is no label / note.
    if (patch.label !== undefined) {
      sets.push('label = @label');
      params.label = patch.label || null;
    }
    if (patch.notes !== undefined) {
      sets.push('notes = @notes');
      params.notes = patch.notes || null;
    }
    if (patch.isFavorite !== undefined) {
      sets.push('is_favorite = @fav');
      params.fav = patch.isFavorite ? 1 : 0;
    }
    if (!sets.length) return this.summary(saeId, featureIndex) !== null;
    const r = this.sqlite
      .prepare(`UPDATE features SET ${sets.join(', ')}, updated_at = @now WHERE sae_id = @saeId AND feature_index = @featureIndex`)
      .run(params);
    return r.changes === 1;
  }
}
