import { describe, expect, it } from 'vitest';
import { formatTick, logTicks, logTicks125, nearestIndex } from './ticks';

describe('logTicks', () => {
  it('one tick per decade over a wide range, at most `max`', () => {
    expect(logTicks(0.003, 250)).toEqual([1e-2, 1e-1, 1, 10, 100]);
    expect(logTicks(1e-9, 1e3, 4).length).toBeLessThanOrEqual(4);
  });
  it('1-2-5 steps inside a narrow range, never outside it', () => {
    const t = logTicks(30, 120);
    expect(t).toEqual([50, 100]);
    for (const v of logTicks(0.0013, 0.0019)) expect(v).toBeGreaterThanOrEqual(0.0013 * 0.999);
  });
  it('logTicks125: 1-2-5 steps over a decade or two when they fit, else decades', () => {
    expect(logTicks125(27, 1140, 8)).toEqual([50, 100, 200, 500, 1000]);
    expect(logTicks125(27, 1140, 3)).toEqual(logTicks(27, 1140, 3));
    expect(logTicks125(0.003, 250, 8)).toEqual(logTicks(0.003, 250, 8));
  });
  it('labels stay short and keep the exponent', () => {
    expect(formatTick(1e-5)).toBe('1e-5');
    expect(formatTick(12345)).toBe('1.2e4');
    expect(formatTick(0.5)).toBe('0.5');
  });
  it('nearestIndex finds the closest x', () => {
    const pts: [number, number][] = [
      [0, 1],
      [10, 2],
      [20, 3],
    ];
    expect(nearestIndex(pts, 14)).toBe(1);
    expect(nearestIndex(pts, 16)).toBe(2);
    expect(nearestIndex([], 3)).toBe(-1);
  });
});

describe('xLabelLayout (bar charts)', () => {
  it('keeps labels horizontal when they fit, rotates and keeps every label when bars allow, thins only when too narrow', async () => {
    const { xLabelLayout } = await import('./BarChart');
    expect(xLabelLayout(['train', 'test'], 400).angle).toBe(0);
    const top = xLabelLayout(
      Array.from({ length: 30 }, (_, i) => `␣tok${i}`),
      600,
    ); // 20 px bars
    expect(top).toMatchObject({ angle: -45, every: 1 });
    expect(top.bottom).toBeGreaterThan(30); // room for the rotated labels below the axis
    expect(
      xLabelLayout(
        Array.from({ length: 200 }, (_, i) => `${i}`),
        600,
      ).every,
    ).toBeGreaterThan(1);
  });
});
