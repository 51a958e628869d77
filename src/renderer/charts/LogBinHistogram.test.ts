import { describe, expect, it } from 'vitest';
import { decadeTicks, drawableEdges } from './LogBinHistogram';

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

describe('decadeTicks', () => {
  it('puts ticks on the powers of ten inside a wide range', () => {
    expect(decadeTicks(8e-4, 3.16)).toEqual([0.001, 0.01, 0.1, 1]);
  });
  it('adds 2× and 5× on a narrow range, and nothing for an unusable one', () => {
    expect(decadeTicks(0.3, 4)).toEqual([0.5, 1, 2]);
    expect(decadeTicks(0, 4)).toEqual([]);
  });
});
