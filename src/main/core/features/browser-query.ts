import type Database from 'better-sqlite3';
import type { FeatureListQuery } from '../../../shared/contract/features';
import type { FeatureListPage, FeatureSortKey, FeatureSummary } from '../../../shared/types/features';

/** Browser columns only: the heavy per-feature results live in feature_details. */
export const SUMMARY_COLUMNS =
  "sae_id, feature_index, label, suggested_label, is_favorite, notes IS NOT NULL AND notes != '' AS has_notes, frequency, max_activation, mean_activation, proxy, density_bucket, top_tokens";

export interface SummaryRow {
  sae_id: string;
  feature_index: number;
  label: string | null;
  suggested_label: string | null;
  is_favorite: number;
  has_notes: number;
  frequency: number;
  max_activation: number;
  mean_activation: number;
  proxy: number | null;
  density_bucket: FeatureSummary['densityBucket'];
  top_tokens: string;
}

export function toSummary(r: SummaryRow): FeatureSummary {
  return {
    saeId: r.sae_id,
    featureIndex: r.feature_index,
    label: r.label,
    suggestedLabel: r.suggested_label,
    isFavorite: r.is_favorite === 1,
    hasNotes: r.has_notes === 1,
    frequency: r.frequency,
    maxActivation: r.max_activation,
    meanActivation: r.mean_activation,
    proxy: r.proxy,
    densityBucket: r.density_bucket,
    topTokens: JSON.parse(r.top_tokens) as string[],
  };
}

const SORT_COLUMN: Record<FeatureSortKey, string> = {
  index: 'feature_index',
  frequency: 'frequency',
  maxActivation: 'max_activation',
  proxy: 'proxy',
};

/** `%text%` for LIKE with the pattern characters taken literally. */
function likePattern(text: string): string {
  return `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

/**
 * The feature browser's query (docs/features.md): search (id, label, suggested label, top tokens),
 * density / favourite / labelled filters, sort with the feature index as the tie-break, and one
 * page; the total counts every match. Statements are prepared once per query shape.
 */
export class FeatureBrowserQuery {
  private readonly statements = new Map<string, { page: Database.Statement; count: Database.Statement }>();
  /** Match counts by query (SQL + parameters): paging and re-sorting reuse them; any write to features clears them. */
  private readonly counts = new Map<string, number>();

  constructor(private readonly sqlite: Database.Database) {}

  /** The SQL of one browser query and its named parameters (benches hand the same SQL to their peer). */
  static build(q: FeatureListQuery): {
    pageSql: string;
    countSql: string;
    params: Record<string, string | number>;
    countParams: Record<string, string | number>;
  } {
    const where = ['sae_id = @saeId'];
    const countParams: Record<string, string | number> = { saeId: q.saeId };
    const search = q.search.trim();
    if (search) {
      const id = /^#?(\d+)$/.exec(search);
      // The trigram index needs 3 characters; shorter searches scan (LIKE) the same three columns.
      let text: string;
      if ([...search].length >= 3) {
        countParams.match = `"${search.replace(/"/g, '""')}"`;
        text = 'id IN (SELECT rowid FROM features_fts WHERE features_fts MATCH @match)';
      } else {
        countParams.like = likePattern(search);
        text = "label LIKE @like ESCAPE '\\' OR suggested_label LIKE @like ESCAPE '\\' OR top_tokens_text LIKE @like ESCAPE '\\'";
      }
      if (id) countParams.index = Number(id[1]);
      where.push(id ? `(feature_index = @index OR ${text})` : `(${text})`);
    }
    if (q.density.length) {
      q.density.forEach((b, i) => (countParams[`d${i}`] = b));
      where.push(`density_bucket IN (${q.density.map((_, i) => `@d${i}`).join(', ')})`);
    }
    if (q.favouritesOnly) where.push('is_favorite = 1');
    if (q.labelled === 'yes') where.push("label IS NOT NULL AND label != ''");
    if (q.labelled === 'no') where.push("(label IS NULL OR label = '')");
    const dir = q.order === 'asc' ? 'ASC' : 'DESC';
    // One direction for the key and its tie-break, so the (sae_id, key, feature_index) index is walked in order.
    // Dead features have no proxy (NULL): lowest, as SQLite orders NULLs.
    const order = q.sort === 'index' ? `feature_index ${dir}` : `${SORT_COLUMN[q.sort]} ${dir}, feature_index ${dir}`;
    const sqlWhere = where.join(' AND ');
    return {
      pageSql: `SELECT ${SUMMARY_COLUMNS} FROM features WHERE ${sqlWhere} ORDER BY ${order} LIMIT @limit OFFSET @offset`,
      countSql: `SELECT COUNT(*) AS n FROM features WHERE ${sqlWhere}`,
      params: { ...countParams, limit: q.limit, offset: q.offset },
      countParams,
    };
  }

  run(q: FeatureListQuery): FeatureListPage {
    const { pageSql, countSql, params, countParams } = FeatureBrowserQuery.build(q);
    let st = this.statements.get(pageSql);
    if (!st) {
      st = { page: this.sqlite.prepare(pageSql), count: this.sqlite.prepare(countSql).pluck() };
      this.statements.set(pageSql, st);
    }
    const rows = (st.page.all(params) as SummaryRow[]).map(toSummary);
    const countKey = `${countSql}|${JSON.stringify(countParams)}`;
    let total = this.counts.get(countKey);
    if (total === undefined) {
      total = st.count.get(countParams) as number;
      if (this.counts.size > 1000) this.counts.clear();
      this.counts.set(countKey, total);
    }
    return { rows, total, offset: q.offset, limit: q.limit };
  }

  /** Labels, stars or a pass changed the rows: counts must be taken again. */
  invalidate(): void {
    this.counts.clear();
  }
}
