import type { AblationTokenChange } from '../../shared/types/analysis';

/** One scored position as the accumulator sees it (token ids; the task turns them into text). */
export interface ScoredChange extends Omit<AblationTokenChange, 'tokens'> {
  tokenIds: number[];
}

/** Tokens of context kept before a changed position (and the predicted token after it). */
export const CHANGE_CONTEXT = 16;

/**
 * Running sums of a measured ablation (docs/analysis.md). Per scored position p of a window
 * (p predicts token p + 1): CE baseline, CE ablated, KL(baseline ‖ ablated), and whether the
 * feature fired at p. The confidence interval treats windows as the independent units: the
 * sample standard deviation of per-window mean ΔCE over √windows, times 1.96.
 */
export class AblationStats {
  tokens = 0;
  windows = 0;
  ceBaseline = 0;
  ceAblated = 0;
  kl = 0;
  firedTokens = 0;
  deltaWhereFired = 0;
  private windowMeanSum = 0;
  private windowMeanSq = 0;
  /** Positions whose next token is one of `focus` (the feature's top logit-lens tokens) and their ΔCE sum. */
  focusPositions = 0;
  focusDelta = 0;
  readonly increased: ScoredChange[] = [];
  readonly decreased: ScoredChange[] = [];

  constructor(
    readonly keep: number,
    private readonly focus: ReadonlySet<number> = new Set(),
  ) {}

  /** One window's scored positions: ce* and kl are [m], activation is a_f at each of the m positions. */
  addWindow(
    windowIndex: number,
    tokenIds: ArrayLike<number>,
    ceBase: Float64Array,
    ceAbl: Float64Array,
    kl: Float64Array,
    activation: ArrayLike<number>,
  ): void {
    const m = ceBase.length;
    if (m === 0) return;
    let windowDelta = 0;
    for (let p = 0; p < m; p++) {
      const d = ceAbl[p]! - ceBase[p]!;
      this.ceBaseline += ceBase[p]!;
      this.ceAblated += ceAbl[p]!;
      this.kl += kl[p]!;
      windowDelta += d;
      if (this.focus.has(tokenIds[p + 1]!)) {
        this.focusPositions++;
        this.focusDelta += d;
      }
      if (activation[p]! > 0) {
        this.firedTokens++;
        this.deltaWhereFired += d;
      }
      if (d !== 0)
        this.offer(d > 0 ? this.increased : this.decreased, d, () => ({
          windowIndex,
          position: Math.min(p, CHANGE_CONTEXT),
          tokenIds: Array.from({ length: Math.min(p, CHANGE_CONTEXT) + 2 }, (_, i) => tokenIds[p - Math.min(p, CHANGE_CONTEXT) + i]!),
          ceBaseline: ceBase[p]!,
          ceAblated: ceAbl[p]!,
          deltaCe: d,
          activation: activation[p]!,
        }));
    }
    this.tokens += m;
    this.windows++;
    const mean = windowDelta / m;
    this.windowMeanSum += mean;
    this.windowMeanSq += mean * mean;
  }

  /** Keeps the `keep` largest |ΔCE| of one sign, largest first; ties keep the earlier position. */
  private offer(list: ScoredChange[], d: number, make: () => ScoredChange): void {
    if (list.length >= this.keep && Math.abs(d) <= Math.abs(list[list.length - 1]!.deltaCe)) return;
    const c = make();
    let at = list.length;
    while (at > 0 && Math.abs(list[at - 1]!.deltaCe) < Math.abs(d)) at--;
    list.splice(at, 0, c);
    if (list.length > this.keep) list.pop();
  }

  get deltaCe(): number {
    return (this.ceAblated - this.ceBaseline) / Math.max(1, this.tokens);
  }

  /** 95% interval of the mean ΔCE over windows (degenerate [d, d] with one window). */
  ci95(): [number, number] {
    const w = this.windows;
    const d = this.deltaCe;
    if (w < 2) return [d, d];
    const mean = this.windowMeanSum / w;
    const variance = Math.max(0, (this.windowMeanSq - w * mean * mean) / (w - 1));
    const half = 1.96 * Math.sqrt(variance / w);
    return [d - half, d + half];
  }
}
