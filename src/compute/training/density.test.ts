import { describe, expect, it } from 'vitest';
import { featureDensityHistogram } from './density';

describe('featureDensityHistogram', () => {
  it('bins log10(fired / tokens) over [-8, 0]; dead features counted apart', () => {
    // tokens = 1e9. Densities: 0 (dead ×2), 5e-10 (below 1e-8 → first bin), 3e-7 (log −6.52),
    // 2e-4 (−3.70), 5e-3 (−2.30), 0.5 (−0.30), 1 (0 → last bin, closed on the right).
    const fired = Float64Array.from([0, 0.5, 300, 2e5, 5e6, 5e8, 1e9, 0]);
    const h = featureDensityHistogram(fired, 1e9, 8); // one bin per decade
    expect(h.edges).toEqual([-8, -7, -6, -5, -4, -3, -2, -1, 0]);
    expect(h.deadCount).toBe(2);
    //              [-8,-7) [-7,-6) [-6,-5) [-5,-4) [-4,-3) [-3,-2) [-2,-1) [-1,0]
    expect(h.counts).toEqual([1, 1, 0, 0, 1, 1, 0, 2]);
  });

  it('defaults to 20 bins of 0.4 decades and accepts Float32 counts', () => {
    const h = featureDensityHistogram(Float32Array.from([1, 30, 300]), 1000);
    expect(h.edges).toHaveLength(21);
    expect(h.edges[0]).toBe(-8);
    expect(h.edges[20]).toBe(0);
    expect(h.edges[1]).toBeCloseTo(-7.6, 12);
    // log10 densities −3, −1.52, −0.52 → bins floor(5/0.4)=12, floor(6.48/0.4)=16, floor(7.48/0.4)=18.
    const expected = new Array<number>(20).fill(0);
    expected[12] = 1;
    expected[16] = 1;
    expected[18] = 1;
    expect(h.counts).toEqual(expected);
    expect(h.deadCount).toBe(0);
  });

  it('rejects a non-positive token count or bin count', () => {
    expect(() => featureDensityHistogram(new Float32Array(2), 0)).toThrow(RangeError);
    expect(() => featureDensityHistogram(new Float32Array(2), 10, 0)).toThrow(RangeError);
  });
});
