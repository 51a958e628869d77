/**
 * Windowing for a list of fixed-height rows: which rows a scroll position shows.
 * Rows are `rowHeight` px tall; `overscan` extra rows each side keep fast scrolling blank-free.
 */
export interface RowWindow {
  /** First row index rendered (inclusive). */
  start: number;
  /** One past the last row index rendered. */
  end: number;
  /** Padding above the first rendered row, px. */
  offsetTop: number;
  /** Height of the whole list, px (keeps the scrollbar honest). */
  totalHeight: number;
}

export function visibleRows(scrollTop: number, viewportHeight: number, rowHeight: number, count: number, overscan = 6): RowWindow {
  const totalHeight = count * rowHeight;
  if (count === 0 || rowHeight <= 0) return { start: 0, end: 0, offsetTop: 0, totalHeight };
  const top = Math.max(0, Math.min(scrollTop, Math.max(0, totalHeight - viewportHeight)));
  const first = Math.floor(top / rowHeight);
  const shown = Math.ceil(viewportHeight / rowHeight) + 1;
  const start = Math.max(0, first - overscan);
  const end = Math.min(count, first + shown + overscan);
  return { start, end, offsetTop: start * rowHeight, totalHeight };
}
