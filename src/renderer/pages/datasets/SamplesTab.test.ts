import { describe, expect, it } from 'vitest';
import { searchTerms } from './SamplesTab';

describe('sample search highlighting', () => {
  it('highlights the words of the query, without FTS5 operators or quoting', () => {
    expect(searchTerms('light  darkness')).toEqual(['light', 'darkness']);
    expect(searchTerms('"let there be" OR light*')).toEqual(['let', 'there', 'be', 'light']);
    expect(searchTerms('God AND NOT (Moses) NEAR Egypt')).toEqual(['God', 'Moses', 'Egypt']);
    expect(searchTerms('^earth')).toEqual(['earth']);
  });

  it('an empty or operator-only query highlights nothing; lower-case "and" is a word', () => {
    expect(searchTerms('   ')).toEqual([]);
    expect(searchTerms('"" * AND')).toEqual([]);
    expect(searchTerms('bread and wine')).toEqual(['bread', 'and', 'wine']);
  });
});
