import { useEffect, useRef, useState, type ReactNode } from 'react';
import { visibleRows } from './virtual';

/**
 * A scrolling list that mounts only the rows in view (fixed row height), so a page of
 * hundreds of features — or all of them — scrolls without mounting every row.
 */
export function VirtualRows<T>({
  items,
  rowHeight,
  height,
  renderRow,
  testId,
  scrollToIndex,
}: {
  items: readonly T[];
  rowHeight: number;
  /** Viewport height, px. */
  height: number;
  renderRow: (item: T, index: number) => ReactNode;
  testId?: string;
  /** Keep this row in view (keyboard selection). */
  scrollToIndex?: number | null;
}) {
  const ref = useRef<HTMLDivElement>(null);
  const [scrollTop, setScrollTop] = useState(0);
  const w = visibleRows(scrollTop, height, rowHeight, items.length);
  useEffect(() => {
    const el = ref.current;
    if (!el || scrollToIndex === null || scrollToIndex === undefined || scrollToIndex < 0) return;
    const top = scrollToIndex * rowHeight;
    if (top < el.scrollTop) el.scrollTop = top;
    else if (top + rowHeight > el.scrollTop + height) el.scrollTop = top + rowHeight - height;
  }, [scrollToIndex, rowHeight, height]);
  return (
    <div
      ref={ref}
      style={{ height, overflowY: 'auto', position: 'relative' }}
      onScroll={(e) => setScrollTop(e.currentTarget.scrollTop)}
      data-testid={testId}
    >
      <div style={{ height: w.totalHeight, position: 'relative' }}>
        <div style={{ position: 'absolute', top: w.offsetTop, left: 0, right: 0 }}>
          {items.slice(w.start, w.end).map((item, i) => (
            <div key={w.start + i} style={{ height: rowHeight }}>
              {renderRow(item, w.start + i)}
            </div>
          ))}
        </div>
      </div>
    </div>
  );
}
