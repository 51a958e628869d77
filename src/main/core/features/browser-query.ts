import type Database from 'better-sqlite3';
import type { FeatureListQuery } from '../../../shared/contract/features';
import type { FeatureListPage, FeatureSortKey, FeatureSummary } from '../../../shared/types/features';

/** Browser columns only: the heavy per-feature results live in feature_details. */
export const SUMMARY_COLUMNS =
  'sae_id, feature_index, label, suggested_label, is_favorite, notes IS NOT NULL AND notes != \'\' AS has_notes, frequency, max_activation, mean_activation, proxy, density_bucket, top_tokens';

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

const SORT_COLUMN: Record<FeatureSortKey, string> = { index: 'feature_index', frequency: 'frequency', maxActivation: 'max_activation', proxy: 'proxy' };

/** `%text%` for LIKE with the pattern characters taken literally. */
function likePattern(text: string): string {
  return `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

/**
 * The feature browser's query (seed 2.2): search (id, label, suggested label, top tokens),
 * density / favourite / labelled filters, sort with the feature index as the tie-break, and one
 * page; the total counts every match. Statements are prepared once per query shape.
 */
export class FeatureBrowserQuery {
  private readonly statements = new Map<string, { page: Database.Statement; count: Database.Statement }>();

  constructor(private readonly sqlite: Database.Database) {}

  run(q: FeatureListQuery): FeatureListPage {
    const where = ['sae_id = @saeId'];
    const params: Record<string, string | number> = { saeId: q.saeId, limit: q.limit, offset: q.offset };
    const search = q.search.trim();
    if (search) {
      const id = /^#?(\d+)$/.exec(search);
      params.like = likePattern(search);
      const text = "label LIKE @like ESCAPE '\\' OR suggested_label LIKE @like ESCAPE '\\' OR top_tokens_text LIKE @like ESCAPE '\\'";
      if (id) params.index = Number(id[1]);
      where.push(id ? `(feature_index = @index OR ${text})` : `(${text})`);
    }
    if (q.density.length) {
      q.density.forEach((b, i) => (params[`d${i}`] = b));
      where.push(`density_bucket IN (${q.density.map((_, i) => `@d${i}`).join(', ')})`);
    }
    if (q.favouritesOnly) where.push('is_favorite = 1');
    if (q.labelled === 'yes') where.push("label IS NOT NULL AND label != ''");
    if (q.labelled === 'no') where.push("(label IS NULL OR label = '')");
    const column = SORT_COLUMN[q.sort];
    const dir = q.order === 'asc' ? 'ASC' : 'DESC';
    // Dead features have no proxy: they sort last either way.
    const order = q.sort === 'proxy' ? `proxy IS NULL, proxy ${dir}, feature_index ASC` : q.sort === 'index' ? `feature_index ${dir}` : `${column} ${dir}, feature_index ASC`;
    const sqlWhere = where.join(' AND ');
    const key = `${sqlWhere}|${order}`;
    let st = this.statements.get(key);
    if (!st) {
      st = {
        page: this.sqlite.prepare(`SELECT ${SUMMARY_COLUMNS} FROM features WHERE ${sqlWhere} ORDER BY ${order} LIMIT @limit OFFSET @offset`),
        count: this.sqlite.prepare(`SELECT COUNT(*) AS n FROM features WHERE ${sqlWhere}`).pluck(),
      };
      this.statements.set(key, st);
    }
    const rows = (st.page.all(params) as SummaryRow[]).map(toSummary);
    const { limit: _l, offset: _o, ...countParams } = params;
    return { rows, total: st.count.get(countParams) as number, offset: q.offset, limit: q.limit };
  }
}
