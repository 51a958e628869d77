import { describe, expect, it } from 'vitest';
import { parseAxisValues, valueRule } from './axis-values';

describe('parseAxisValues', () => {
  it('reads commas, spaces and exponents', () => {
    expect(parseAxisValues('16, 32 64', valueRule('k'))).toEqual({ values: [16, 32, 64], problems: [] });
    expect(parseAxisValues('1e-3; 3e-3', valueRule('learningRate'))).toEqual({ values: [0.001, 0.003], problems: [] });
    expect(parseAxisValues('  ', valueRule('k'))).toEqual({ values: [], problems: [] });
  });

  it('names each value it refuses: not a number, fractional for an integer, out of range, repeated', () => {
    const r = parseAxisValues('8, x, 2.5, 5000, 8', valueRule('k'));
    expect(r.values).toEqual([8]);
    expect(r.problems).toEqual(['“x” is not a number', '2.5 is not a whole number', '5000 is outside 1–4096', '8 is listed twice']);
  });

  it('takes the ranges from the contract', () => {
    expect(valueRule('k')).toEqual({ min: 1, max: 4096, integer: true });
    expect(valueRule('l1Coefficient')).toEqual({ min: 0, max: 100, integer: false });
    expect(parseAxisValues('0.5', valueRule('l1Coefficient')).values).toEqual([0.5]);
  });
});
