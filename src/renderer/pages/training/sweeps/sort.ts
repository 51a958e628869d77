export type SortDirection = 'asc' | 'desc';

/**
 * Rows sorted by one column's value. Values not measured yet (null, NaN) always sink to the
 * bottom, whichever the direction; equal values keep their original order (the sweep's points).
 */
export function sortRows<T>(rows: readonly T[], value: (row: T) => number | string | null, dir: SortDirection): T[] {
  const sign = dir === 'asc' ? 1 : -1;
  const missing = (v: number | string | null): v is null => v === null || (typeof v === 'number' && Number.isNaN(v));
  return rows
    .map((row, i) => ({ row, i, v: value(row) }))
    .sort((a, b) => {
      if (missing(a.v) || missing(b.v)) return missing(a.v) === missing(b.v) ? a.i - b.i : missing(a.v) ? 1 : -1;
      const c =
        typeof a.v === 'number' && typeof b.v === 'number' ? a.v - b.v : String(a.v).localeCompare(String(b.v), 'en', { numeric: true });
      return c === 0 ? a.i - b.i : sign * c;
    })
    .map((r) => r.row);
}
