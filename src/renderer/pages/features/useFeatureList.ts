import { useDebouncedValue } from '@mantine/hooks';
import { useCallback, useEffect, useRef, useState } from 'react';
import type { FeatureListQuery } from '../../../shared/contract/features';
import type { DensityBucket, FeatureListPage, FeatureSortKey, FeatureSummary } from '../../../shared/types/features';
import { getClient } from '../../api/client';
import { useEvent } from '../../api/hooks';

/** The browser's query as the researcher sets it (server-side search, sort, filters, page). */
export interface BrowserQuery {
  search: string;
  sort: FeatureSortKey;
  order: 'asc' | 'desc';
  density: DensityBucket[];
  favouritesOnly: boolean;
  labelled: 'any' | 'yes' | 'no';
  page: number;
  pageSize: number;
}

export const DEFAULT_QUERY: BrowserQuery = { search: '', sort: 'frequency', order: 'desc', density: [], favouritesOnly: false, labelled: 'any', page: 1, pageSize: 100 };

export function toListArgs(saeId: string, q: BrowserQuery, search: string): FeatureListQuery {
  return {
    saeId,
    search: search.trim(),
    sort: q.sort,
    order: q.order,
    density: q.density,
    favouritesOnly: q.favouritesOnly,
    labelled: q.labelled,
    offset: (q.page - 1) * q.pageSize,
    limit: q.pageSize,
  };
}

/** One page of the browser, refetched when the query changes or the SAE's features change. */
export function useFeatureList(saeId: string) {
  const [query, setQuery] = useState<BrowserQuery>(DEFAULT_QUERY);
  const [search] = useDebouncedValue(query.search, 200);
  const [page, setPage] = useState<FeatureListPage | null>(null);
  const [loading, setLoading] = useState(false);
  const [error, setError] = useState<Error | null>(null);
  const seq = useRef(0);
  const args = toListArgs(saeId, query, search);
  const key = JSON.stringify(args);
  const load = useCallback(async () => {
    const mine = ++seq.current;
    setLoading(true);
    try {
      const p = await getClient().invoke('features.list', JSON.parse(key) as FeatureListQuery);
      if (mine === seq.current) {
        setPage(p);
        setError(null);
      }
    } catch (err) {
      if (mine === seq.current) setError(err as Error);
    } finally {
      if (mine === seq.current) setLoading(false);
    }
  }, [key]);
  useEffect(() => void load(), [load]);
  useEvent('features.changed', (e) => e.saeId === saeId && void load());

  /** Change the query; anything but the page itself sends the researcher back to page 1. */
  const update = (patch: Partial<BrowserQuery>) => setQuery((q) => ({ ...q, ...patch, page: patch.page ?? 1 }));
  /** A row edited in place (label, star) without waiting for the refetch. */
  const patchRow = (row: FeatureSummary) =>
    setPage((p) => (p ? { ...p, rows: p.rows.map((r) => (r.featureIndex === row.featureIndex ? row : r)) } : p));
  return { query, update, page, loading, error, reload: load, patchRow };
}
