import { describe, expect, it } from 'vitest';
import { sortRows } from './sort';

const rows = [
  { n: 'a', ev: 0.7, arch: 'topk' },
  { n: 'b', ev: null, arch: 'standard' },
  { n: 'c', ev: 0.9, arch: 'topk' },
  { n: 'd', ev: 0.7, arch: 'batchtopk' },
  { n: 'e', ev: Number.NaN, arch: 'topk' },
];
const order = (rs: typeof rows) => rs.map((r) => r.n).join('');

describe('sortRows', () => {
  it('sorts numbers both ways; unmeasured rows last either way; ties keep point order', () => {
    expect(order(sortRows(rows, (r) => r.ev, 'asc'))).toBe('adcbe');
    expect(order(sortRows(rows, (r) => r.ev, 'desc'))).toBe('cadbe');
  });

  it('sorts text naturally (k=8 before k=16)', () => {
    expect(order(sortRows(rows, (r) => r.arch, 'asc'))).toBe('dbace');
    const ks = [{ n: 'k=16' }, { n: 'k=8' }, { n: 'k=128' }];
    expect(sortRows(ks, (r) => r.n, 'asc').map((r) => r.n)).toEqual(['k=8', 'k=16', 'k=128']);
  });

  it('does not change its input', () => {
    const copy = [...rows];
    sortRows(rows, (r) => r.ev, 'desc');
    expect(rows).toEqual(copy);
  });
});
