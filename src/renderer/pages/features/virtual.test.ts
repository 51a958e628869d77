import { describe, expect, it } from 'vitest';
import { visibleRows } from './virtual';

describe('visibleRows', () => {
  it('renders only the rows in view plus the overscan', () => {
    // 10 000 rows of 40 px, a 400 px viewport scrolled to row 100.
    const w = visibleRows(4000, 400, 40, 10_000, 5);
    expect(w.start).toBe(95);
    expect(w.end).toBe(100 + 11 + 5);
    expect(w.offsetTop).toBe(95 * 40);
    expect(w.totalHeight).toBe(400_000);
  });

  it('clamps at both ends', () => {
    expect(visibleRows(0, 400, 40, 3, 5)).toEqual({ start: 0, end: 3, offsetTop: 0, totalHeight: 120 });
    const last = visibleRows(1e9, 400, 40, 1000, 2);
    expect(last.end).toBe(1000);
    expect(last.start).toBe(1000 - 10 - 2);
  });

  it('is empty for an empty list', () => {
    expect(visibleRows(100, 400, 40, 0)).toEqual({ start: 0, end: 0, offsetTop: 0, totalHeight: 0 });
  });
});
