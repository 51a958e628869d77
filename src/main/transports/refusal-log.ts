import type { Logger } from '../core/util/logger';

/**
 * Warnings a client can trigger at will (refused connections, protocol errors), logged
 * without letting a flood fill the disk: the first few of each kind per window are
 * logged as they happen, the rest are counted and logged as one line when the window
 * ends (2,000 refusals in a second → 6 lines, not 2,000). See docs/security.md.
 */
export class ThrottledLog {
  private readonly counts = new Map<string, { logged: number; suppressed: number; last: string }>();
  private timer: NodeJS.Timeout | null = null;

  constructor(
    private readonly log: Logger,
    private readonly windowMs = 60_000,
    private readonly perWindow = 5,
  ) {}

  /** `kind` groups the count ("missing or wrong token"); `line` is what is logged. */
  warn(kind: string, line: string): void {
    const entry = this.counts.get(kind) ?? { logged: 0, suppressed: 0, last: line };
    this.counts.set(kind, entry);
    if (entry.logged < this.perWindow) {
      entry.logged++;
      this.log.warn(line);
    } else {
      entry.suppressed++;
      entry.last = line;
    }
    if (!this.timer) {
      this.timer = setTimeout(() => this.flush(), this.windowMs);
      this.timer.unref();
    }
  }

  /** Logs the counts held back and starts a new window. */
  flush(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    for (const [kind, e] of this.counts) {
      if (e.suppressed > 0)
        this.log.warn(`${e.suppressed} more like this (${kind}) in the last ${Math.round(this.windowMs / 1000)} s; the last: ${e.last}`);
    }
    this.counts.clear();
  }
}
