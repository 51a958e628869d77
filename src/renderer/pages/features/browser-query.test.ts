import { describe, expect, it } from 'vitest';
import { featureListSchema } from '../../../shared/contract/features';
import { DEFAULT_QUERY, toListArgs } from './browser-query';

describe('the browser query as contract arguments', () => {
  it('turns page N into offset (N−1)·pageSize and trims the search', () => {
    const args = toListArgs(
      'sae-1',
      { ...DEFAULT_QUERY, page: 3, pageSize: 250, sort: 'proxy', order: 'desc', density: ['normal'], labelled: 'yes' },
      '  lord ',
    );
    expect(args).toMatchObject({
      saeId: 'sae-1',
      search: 'lord',
      sort: 'proxy',
      order: 'desc',
      density: ['normal'],
      labelled: 'yes',
      offset: 500,
      limit: 250,
    });
  });

  it('is accepted unchanged by the contract schema', () => {
    for (const q of [
      DEFAULT_QUERY,
      { ...DEFAULT_QUERY, favouritesOnly: true, density: ['dead' as const, 'dense' as const], page: 2, pageSize: 500 },
    ]) {
      const args = toListArgs('sae-1', q, q.search);
      expect(featureListSchema.parse(args)).toEqual(args);
    }
  });
});
