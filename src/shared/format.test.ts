import { describe, expect, it } from 'vitest';
import { formatBytes, formatClock, formatCount, formatDateTime, formatRate } from './format';

describe('shared formatters', () => {
  it('sizes in binary units, counts with K/M/B', () => {
    expect(formatBytes(16.82e6)).toBe('16.0 MiB');
    expect(formatBytes(512)).toBe('512 B');
    expect(formatCount(44_100)).toBe('44.1 K');
  });
  it('dates year first, 24-hour; log clock with seconds', () => {
    const t = new Date(2026, 10, 30, 16, 2, 38).getTime();
    expect(formatDateTime(t)).toBe('2026-11-30 16:02');
    expect(formatClock(t)).toBe('16:02:38');
    expect(formatRate(12345.6)).toBe('12,346 tok/s');
    expect(formatRate(null)).toBe('—');
  });
});
