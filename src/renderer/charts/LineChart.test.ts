import { describe, expect, it } from 'vitest';
import { downsample } from './LineChart';
import { formatReadout } from './ticks';

const line = (n: number): [number, number][] => Array.from({ length: n }, (_, i) => [i * 10, Math.sin(i)]);

describe('chart thinning', () => {
  it('a series within the limit is drawn as it is', () => {
    const pts = line(2000);
    expect(downsample(pts, 2000)).toBe(pts);
    expect(downsample([], 5)).toEqual([]);
  });

  it('a long run is thinned evenly to the limit, keeping the first and the last point', () => {
    const pts = line(10_000);
    const out = downsample(pts, 2000);
    expect(out).toHaveLength(2001);
    expect(out[0]).toBe(pts[0]);
    expect(out.at(-1)).toBe(pts.at(-1));
    // Every 5th point: even spacing in x, strictly ascending, each an original point.
    for (let i = 1; i < 2000; i++) expect(out[i]![0] - out[i - 1]![0]).toBe(50);
    expect(out.slice(0, -1).every((p, i) => p === pts[i * 5])).toBe(true);
  });

  it('an uneven ratio still keeps x ascending and the last step', () => {
    const pts = line(2999);
    const out = downsample(pts, 1000);
    expect(out).toHaveLength(1001);
    for (let i = 1; i < out.length; i++) expect(out[i]![0]).toBeGreaterThan(out[i - 1]![0]);
    expect(out.at(-1)![0]).toBe(29980);
  });
});

describe('hover readout', () => {
  it('four significant digits in the middle range, exponent form outside it', () => {
    expect(formatReadout(0)).toBe('0');
    expect(formatReadout(12.3456)).toBe('12.35');
    expect(formatReadout(-0.5)).toBe('-0.5');
    expect(formatReadout(1234.56)).toBe('1235');
    expect(formatReadout(123456)).toBe('1.235e5');
    expect(formatReadout(0.0001234)).toBe('1.234e-4');
    expect(formatReadout(-2.5e-7)).toBe('-2.500e-7');
  });
});
