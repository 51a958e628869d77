import type { FeatureListQuery } from '../../../shared/contract/features';
import type { DensityBucket, FeatureSortKey } from '../../../shared/types/features';

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

export const DEFAULT_QUERY: BrowserQuery = {
  search: '',
  sort: 'frequency',
  order: 'desc',
  density: [],
  favouritesOnly: false,
  labelled: 'any',
  page: 1,
  pageSize: 100,
};

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
