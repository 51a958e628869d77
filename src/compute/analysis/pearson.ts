import type { CorrelationPartner } from '../../shared/types/analysis';
import type { SparseCodes } from './sparse-codes';

/** Largest matrix the correlation job keeps: m² float64 co-moment sums (4,096² × 8 B = 128 MiB). */
export const MAX_CORRELATION_FEATURES = 4096;

/**
 * Streaming Pearson correlation of feature activations over tokens (docs/analysis.md), for a chosen
 * set of m features. Memory is fixed by m, never by the token count: Σa_i, Σa_i², and Σa_i·a_j
 * (m × m, float64), updated from each token's firing features only (the codes are sparse, so a
 * token costs L0² updates). Then
 *   r_ij = (N Σa_i a_j − Σa_i Σa_j) / √((N Σa_i² − (Σa_i)²)(N Σa_j² − (Σa_j)²)),
 * with r = 0 where a feature is constant over the tokens (never fired).
 */
export class PearsonAccumulator {
  readonly m: number;
  tokens = 0;
  private readonly sum: Float64Array;
  private readonly sumSq: Float64Array;
  private readonly co: Float64Array; // [m, m], upper triangle used
  private readonly slot: Int32Array; // feature → slot, −1 when not tracked

  constructor(
    readonly features: readonly number[],
    dSae: number,
  ) {
    this.m = features.length;
    if (this.m > MAX_CORRELATION_FEATURES)
      throw new Error(`at most ${MAX_CORRELATION_FEATURES} features per correlation matrix (got ${this.m})`);
    this.sum = new Float64Array(this.m);
    this.sumSq = new Float64Array(this.m);
    this.co = new Float64Array(this.m * this.m);
    this.slot = new Int32Array(dSae).fill(-1);
    features.forEach((f, i) => (this.slot[f] = i));
  }

  add(codes: SparseCodes): void {
    const slots: number[] = [];
    const vals: number[] = [];
    for (let t = 0; t < codes.n; t++) {
      slots.length = 0;
      vals.length = 0;
      for (let s = codes.start[t]!; s < codes.start[t + 1]!; s++) {
        const i = this.slot[codes.indices[s]!]!;
        if (i < 0) continue;
        slots.push(i);
        vals.push(codes.values[s]!);
      }
      for (let a = 0; a < slots.length; a++) {
        const i = slots[a]!;
        const v = vals[a]!;
        this.sum[i] = this.sum[i]! + v;
        this.sumSq[i] = this.sumSq[i]! + v * v;
        for (let b = 0; b < slots.length; b++) {
          const j = slots[b]!;
          if (j > i) this.co[i * this.m + j] = this.co[i * this.m + j]! + v * vals[b]!;
        }
      }
    }
    this.tokens += codes.n;
  }

  /** The full symmetric [m × m] matrix (diagonal 1 for features that vary, 0 otherwise). */
  matrix(): Float32Array {
    const { m } = this;
    const n = this.tokens;
    const sd = Float64Array.from({ length: m }, (_, i) => Math.sqrt(Math.max(0, n * this.sumSq[i]! - this.sum[i]! ** 2)));
    const r = new Float32Array(m * m);
    for (let i = 0; i < m; i++) {
      r[i * m + i] = sd[i]! > 0 ? 1 : 0;
      for (let j = i + 1; j < m; j++) {
        const den = sd[i]! * sd[j]!;
        const v = den > 0 ? (n * this.co[i * m + j]! - this.sum[i]! * this.sum[j]!) / den : 0;
        r[i * m + j] = r[j * m + i] = Math.max(-1, Math.min(1, v));
      }
    }
    return r;
  }
}

/** Per matrix row: the `k` partners with the largest r (excluding itself), strongest first; ties by lower feature index. */
export function topPartners(r: Float32Array, features: readonly number[], k: number): CorrelationPartner[][] {
  const m = features.length;
  return features.map((_, i) => {
    const order = Array.from({ length: m }, (_, j) => j).filter((j) => j !== i);
    order.sort((a, b) => r[i * m + b]! - r[i * m + a]! || features[a]! - features[b]!);
    return order.slice(0, k).map((j) => ({ featureIndex: features[j]!, r: r[i * m + j]! }));
  });
}
