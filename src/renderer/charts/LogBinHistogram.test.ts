import { describe, expect, it } from 'vitest';
import { drawableEdges } from './LogBinHistogram';

describe('drawableEdges', () => {
  it('gives an underflow bin [0, a) a lower edge one bin-ratio below a', () => {
    const e = drawableEdges([0, 1e-3, 10 ** (-3 + 1 / 8), 10 ** (-3 + 2 / 8)]);
    expect(e[0]).toBeCloseTo(1e-3 / 10 ** (1 / 8), 12);
    expect(e.slice(1)).toEqual([1e-3, 10 ** (-3 + 1 / 8), 10 ** (-3 + 2 / 8)]);
  });

  it('leaves positive edges alone', () => {
    expect(drawableEdges([0.5, 1, 2])).toEqual([0.5, 1, 2]);
    expect(drawableEdges([0, 1])).toEqual([0.1, 1]);
  });
});
