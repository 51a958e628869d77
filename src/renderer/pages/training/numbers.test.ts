import { describe, expect, it } from 'vitest';
import { num, signed } from './numbers';

describe('metric-card numbers', () => {
  it('num: significant digits without trailing zeros; a dash when there is no finite value', () => {
    expect(num(0.123456)).toBe('0.1235');
    expect(num(0.5)).toBe('0.5');
    expect(num(123456.7)).toBe('123500');
    expect(num(1.23456e-7, 2)).toBe('1.2e-7');
    expect(num(0)).toBe('0');
    for (const missing of [null, undefined, Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY]) expect(num(missing)).toBe('—');
  });

  it('signed: always a sign, a true minus (U+2212), fixed decimals', () => {
    expect(signed(0.104)).toBe('+0.104');
    expect(signed(-0.002)).toBe('−0.002');
    expect(signed(-0.002).charCodeAt(0)).toBe(0x2212);
    expect(signed(0)).toBe('+0.000');
    expect(signed(3.14159, 1)).toBe('+3.1');
    expect(signed(-12.5, 0)).toBe('−13');
  });
});
