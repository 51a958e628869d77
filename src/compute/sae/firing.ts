/**
 * Dead/dense feature tracking over a sliding window of tokens (docs/training.md, "Definitions").
 * dead: fired on no token in the last `windowTokens` tokens (tokensSinceFired ≥ window —
 * SAELens counts forward passes, we count tokens so the window does not depend on batch size).
 * dense: fired on more than `denseThreshold` of the tokens in the window.
 */
export class FeatureFiringTracker {
  readonly tokensSinceFired: Float32Array; // [d_sae]
  private readonly ring: { counts: Float32Array; tokens: number }[] = [];
  private readonly windowCounts: Float64Array; // [d_sae] fires within the ring
  private windowTokensSeen = 0;

  constructor(
    readonly dSae: number,
    readonly windowTokens: number,
    readonly denseThreshold = 0.01,
    tokensSinceFired?: Float32Array,
  ) {
    this.tokensSinceFired = tokensSinceFired ? Float32Array.from(tokensSinceFired) : new Float32Array(dSae);
    this.windowCounts = new Float64Array(dSae);
  }

  /** Record one batch: fireCounts [d_sae] = tokens on which each feature fired, out of `tokens`. */
  update(fireCounts: Float32Array, tokens: number): void {
    for (let j = 0; j < this.dSae; j++) {
      const c = fireCounts[j] ?? 0;
      this.tokensSinceFired[j] = c > 0 ? 0 : (this.tokensSinceFired[j] ?? 0) + tokens;
      this.windowCounts[j] = (this.windowCounts[j] ?? 0) + c;
    }
    this.ring.push({ counts: Float32Array.from(fireCounts), tokens });
    this.windowTokensSeen += tokens;
    while (this.ring.length > 1 && this.windowTokensSeen - (this.ring[0]?.tokens ?? 0) >= this.windowTokens) {
      const old = this.ring.shift();
      if (!old) break;
      this.windowTokensSeen -= old.tokens;
      for (let j = 0; j < this.dSae; j++) this.windowCounts[j] = (this.windowCounts[j] ?? 0) - (old.counts[j] ?? 0);
    }
  }

  /** [d_sae] true where the feature has not fired for `windowTokens` tokens. */
  deadMask(): Uint8Array {
    return Uint8Array.from(this.tokensSinceFired, (t) => (t >= this.windowTokens ? 1 : 0));
  }

  deadCount(): number {
    return this.deadMask().reduce((a, b) => a + b, 0);
  }

  denseCount(): number {
    if (this.windowTokensSeen === 0) return 0;
    let n = 0;
    for (const c of this.windowCounts) if (c / this.windowTokensSeen > this.denseThreshold) n++;
    return n;
  }

  /** Firing frequency per feature over the window (for the density histogram). */
  frequencies(): Float64Array {
    const t = Math.max(1, this.windowTokensSeen);
    return this.windowCounts.map((c) => c / t);
  }
}
