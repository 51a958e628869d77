import { useDebouncedValue } from '@mantine/hooks';
import { useCallback, useEffect, useRef, useState } from 'react';
import type { FeatureListQuery } from '../../../shared/contract/features';
import type { FeatureListPage, FeatureSummary } from '../../../shared/types/features';
import { getClient } from '../../api/client';
import { useEvent } from '../../api/hooks';
import { DEFAULT_QUERY, toListArgs, type BrowserQuery } from './browser-query';

/** One page of the browser, refetched when the query changes or the SAE's features change. */
export function useFeatureList(saeId: string) {
  const [query, setQuery] = useState<BrowserQuery>(DEFAULT_QUERY);
  const [search] = useDebouncedValue(query.search, 200);
  const [page, setPage] = useState<FeatureListPage | null>(null);
  /** The search the shown page answers (the typed one runs ahead of it while debounced or loading). */
  const [shownSearch, setShownSearch] = useState('');
  const [loading, setLoading] = useState(false);
  const [error, setError] = useState<Error | null>(null);
  const seq = useRef(0);
  const args = toListArgs(saeId, query, search);
  const key = JSON.stringify(args);
  const load = useCallback(async () => {
    const mine = ++seq.current;
    setLoading(true);
    try {
      const parsed = JSON.parse(key) as FeatureListQuery;
      const p = await getClient().invoke('features.list', parsed);
      if (mine === seq.current) {
        setPage(p);
        setShownSearch(parsed.search);
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
  return { query, update, page, shownSearch, loading, error, reload: load, patchRow };
}
