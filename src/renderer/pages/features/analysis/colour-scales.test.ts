import { describe, expect, it } from 'vitest';
import { categorical, colourOf, diverging, gradient, sequential } from './colour-scales';

const rgb = (s: string) => s.match(/\d+/g)!.map(Number);

describe('colour scales of the analysis views', () => {
  it('sequential: viridis from dark purple at 0 to yellow at the max, clamped outside', () => {
    expect(sequential(0, 5)).toBe('rgb(68, 1, 84)'); // #440154
    expect(sequential(5, 5)).toBe('rgb(253, 231, 37)'); // #fde725
    expect(sequential(50, 5)).toBe(sequential(5, 5));
    expect(sequential(-1, 5)).toBe(sequential(0, 5));
    expect(sequential(Number.NaN, 5)).toBe(sequential(0, 5));
    expect(sequential(3, 0)).toBe(sequential(0, 1)); // no range: the low end, not NaN
  });

  it('sequential interpolates between stops and gets lighter as the value grows', () => {
    // 10 stops: t = 1/9 is exactly the second stop, #482878.
    expect(sequential(1, 9)).toBe('rgb(72, 40, 120)');
    const lightness = (v: number) => rgb(sequential(v, 1)).reduce((a, b) => a + b, 0);
    for (let v = 0.1; v <= 1; v += 0.1) expect(lightness(v)).toBeGreaterThan(lightness(v - 0.1) - 1e-9);
  });

  it('diverging: red below zero, white at zero, blue above, symmetric in the limit', () => {
    expect(diverging(0, 2)).toBe('rgb(247, 247, 247)');
    expect(diverging(-2, 2)).toBe('rgb(178, 24, 43)');
    expect(diverging(2, 2)).toBe('rgb(33, 102, 172)');
    expect(diverging(-1, 2)).not.toBe(diverging(1, 2));
    const [r, , b] = rgb(diverging(-1, 2));
    expect(r!).toBeGreaterThan(b!);
    expect(diverging(5, 0)).toBe(diverging(0, 1)); // no range: white
  });

  it('colourOf picks the scale; the legend gradient lists its stops', () => {
    expect(colourOf('sequential', 1, 2)).toBe(sequential(1, 2));
    expect(colourOf('diverging', -1, 2)).toBe(diverging(-1, 2));
    expect(gradient('sequential')).toMatch(/^linear-gradient\(to right, #440154, .*#fde725\)$/);
    expect(gradient('diverging')).toMatch(/^linear-gradient\(to right, #b2182b, .*#2166ac\)$/);
  });

  it('categorical: the same label always gets the same colour; different labels mostly differ', () => {
    expect(categorical('divine names')).toBe(categorical('divine names'));
    const hues = new Set(['a', 'b', 'c', 'divine names', 'numbers', 'punctuation', 'Moses', 'moses'].map(categorical));
    expect(hues.size).toBe(8);
    expect(categorical('x')).toMatch(/^hsl\((\d|[1-9]\d|[12]\d\d|3[0-5]\d), 65%, 60%\)$/);
  });
});
