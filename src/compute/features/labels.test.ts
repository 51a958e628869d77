import { describe, expect, it } from 'vitest';
import { HIST_BINS, HIST_EDGES, trimmedHistogram } from './histogram';
import { summarizeTopTokens } from './labels';

const vocab = [' the', ' LORD', ' and', '\n', ' ', 'ab'];

describe('top tokens, proxy and label from the top contexts’ peak tokens', () => {
  it('proxy = share of top contexts whose peak is the most common peak token; top tokens by count, then rank', () => {
    const s = summarizeTopTokens([2, 1, 1, 0, 1, 2], vocab);
    expect(s.proxy).toBeCloseTo(3 / 6, 12);
    expect(s.topTokens).toEqual([' LORD', ' and', ' the']);
    expect(s.suggestedLabel).toBe('LORD · and'); // tokens seen at least twice
    expect(summarizeTopTokens([5, 5, 5], vocab)).toMatchObject({ proxy: 1, suggestedLabel: 'ab' });
    expect(summarizeTopTokens([3, 4, 0], vocab)).toMatchObject({ proxy: 1 / 3, suggestedLabel: '↵' }); // all different: the highest one, whitespace shown
    expect(summarizeTopTokens([], vocab)).toEqual({ topTokens: [], proxy: null, suggestedLabel: null });
  });

  it('the histogram is cut to the feature’s non-empty bins; the overflow bin ends at the max', () => {
    const counts = new Array<number>(HIST_BINS).fill(0);
    counts[10] = 3;
    counts[12] = 1;
    expect(trimmedHistogram(counts, 0.5)).toEqual({
      edges: [HIST_EDGES[10], HIST_EDGES[11], HIST_EDGES[12], HIST_EDGES[13]],
      counts: [3, 0, 1],
    });
    counts[HIST_BINS - 1] = 2;
    const h = trimmedHistogram(counts, 31_000);
    expect(h.edges.at(-1)).toBe(31_000);
    expect(h.counts.reduce((a, b) => a + b, 0)).toBe(6);
    expect(trimmedHistogram(new Array<number>(HIST_BINS).fill(0), 0)).toEqual({ edges: [], counts: [] });
  });
});
