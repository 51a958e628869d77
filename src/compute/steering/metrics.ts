/**
 * Measured effects of steering, as pure functions (definitions: docs/steering.md). All
 * distributions are softmax(logits) at temperature 1 — the model's own next-token
 * distribution, whatever temperature the text was sampled at — computed in float64.
 * Logit rows are [positions, vocab] row-major.
 */
import { softmax } from '../model/sampling';
import type { ProbabilityShift, MeanSpread } from '../../shared/types/steering';
export type { ProbabilityShift, MeanSpread };

/** log-softmax of one logits row [vocab], float64. */
export function logSoftmax(logits: ArrayLike<number>): Float64Array {
  const n = logits.length;
  let max = -Infinity;
  for (let i = 0; i < n; i++) max = Math.max(max, logits[i] ?? -Infinity);
  let sum = 0;
  for (let i = 0; i < n; i++) sum += Math.exp((logits[i] ?? 0) - max);
  const logZ = max + Math.log(sum);
  const out = new Float64Array(n);
  for (let i = 0; i < n; i++) out[i] = (logits[i] ?? 0) - logZ;
  return out;
}

/** KL(P ‖ Q) = Σ_v p_v (log p_v − log q_v) in nats, P = softmax(pLogits), Q = softmax(qLogits). */
export function klDivergence(pLogits: ArrayLike<number>, qLogits: ArrayLike<number>): number {
  if (pLogits.length !== qLogits.length) throw new Error(`KL: vocab sizes differ (${pLogits.length} vs ${qLogits.length})`);
  const lp = logSoftmax(pLogits);
  const lq = logSoftmax(qLogits);
  let kl = 0;
  for (let v = 0; v < lp.length; v++) {
    const p = Math.exp(lp[v]!);
    if (p > 0) kl += p * (lp[v]! - lq[v]!);
  }
  return Math.max(0, kl); // rounding can leave −1e-17 for identical rows
}

/**
 * Mean over positions of KL(P_t ‖ Q_t): `p` and `q` are [positions, vocab] logits of two
 * models scored on the same text (teacher-forced). 0 positions → 0.
 */
export function meanKl(p: Float32Array, q: Float32Array, vocab: number): number {
  const positions = p.length / vocab;
  if (q.length !== p.length || !Number.isInteger(positions))
    throw new Error(`meanKl: shapes differ (${p.length} vs ${q.length} values, vocab ${vocab})`);
  if (positions === 0) return 0;
  let sum = 0;
  for (let t = 0; t < positions; t++) sum += klDivergence(p.subarray(t * vocab, (t + 1) * vocab), q.subarray(t * vocab, (t + 1) * vocab));
  return sum / positions;
}

/**
 * Perplexity exp(−(1/n) Σ_t log p(token_t | before)) of `tokens` [n] under logits
 * [n, vocab], row t being the distribution that predicted token t. n = 0 → NaN (undefined).
 */
export function perplexity(logits: Float32Array, tokens: readonly number[], vocab: number): number {
  if (logits.length !== tokens.length * vocab)
    throw new Error(`perplexity: ${logits.length} logits for ${tokens.length} tokens × vocab ${vocab}`);
  if (tokens.length === 0) return Number.NaN;
  let nll = 0;
  tokens.forEach((tok, t) => {
    nll -= logSoftmax(logits.subarray(t * vocab, (t + 1) * vocab))[tok]!;
  });
  return Math.exp(nll / tokens.length);
}

/** Words of a text: maximal runs of letters, digits and apostrophes, lower-cased. */
export function words(text: string): string[] {
  return text.toLowerCase().match(/[\p{L}\p{N}']+/gu) ?? [];
}

/** Word overlap: Jaccard |A ∩ B| / |A ∪ B| of the two texts' word sets; two empty texts → 1. */
export function wordJaccard(a: string, b: string): number {
  const A = new Set(words(a));
  const B = new Set(words(b));
  if (A.size === 0 && B.size === 0) return 1;
  let inter = 0;
  for (const w of A) if (B.has(w)) inter++;
  return inter / (A.size + B.size - inter);
}

/** Character n-grams (with counts) of the lower-cased text, runs of whitespace collapsed to one space. */
export function charNgrams(text: string, n = 3): Map<string, number> {
  const s = text.toLowerCase().replace(/\s+/g, ' ').trim();
  const grams = new Map<string, number>();
  for (let i = 0; i + n <= s.length; i++) {
    const g = s.slice(i, i + n);
    grams.set(g, (grams.get(g) ?? 0) + 1);
  }
  return grams;
}

/**
 * Similarity: cosine of the two texts' character-trigram count vectors, in [0, 1]. Unlike the
 * word Jaccard it counts repeats and partial word matches ("light" / "lights"). Both texts
 * without trigrams → 1; one without → 0.
 */
export function charTrigramCosine(a: string, b: string): number {
  const A = charNgrams(a);
  const B = charNgrams(b);
  if (A.size === 0 && B.size === 0) return 1;
  if (A.size === 0 || B.size === 0) return 0;
  let dot = 0;
  let na = 0;
  let nb = 0;
  for (const [g, c] of A) {
    na += c * c;
    dot += c * (B.get(g) ?? 0);
  }
  for (const c of B.values()) nb += c * c;
  return dot / Math.sqrt(na * nb);
}

/**
 * The `n` tokens whose next-token probability moved most (|Δp|, ties by token id) between
 * two logits rows [vocab] of the same position: baseline (unsteered) → steered.
 */
export function topProbabilityShifts(baselineLogits: ArrayLike<number>, steeredLogits: ArrayLike<number>, n: number): ProbabilityShift[] {
  const p = softmax(baselineLogits);
  const q = softmax(steeredLogits);
  const order = Array.from(p.keys()).sort((a, b) => Math.abs(q[b]! - p[b]!) - Math.abs(q[a]! - p[a]!) || a - b);
  return order.slice(0, n).map((tokenId) => ({ tokenId, baseline: p[tokenId]!, steered: q[tokenId]!, delta: q[tokenId]! - p[tokenId]! }));
}

/** Σ_{t ∈ tokens} softmax(logits)_t: the probability mass on a token set at one position. */
export function tokenSetProbability(logits: ArrayLike<number>, tokens: readonly number[]): number {
  const p = softmax(logits);
  return [...new Set(tokens)].reduce((s, t) => s + (p[t] ?? 0), 0);
}

/** Mean ± spread over samples of one metric; NaN values are left out. */
export function meanSpread(values: readonly number[]): MeanSpread {
  const v = values.filter(Number.isFinite);
  const n = v.length;
  if (n === 0) return { mean: Number.NaN, sd: null, min: Number.NaN, max: Number.NaN, n: 0 };
  const mean = v.reduce((s, x) => s + x, 0) / n;
  const sd = n < 2 ? null : Math.sqrt(v.reduce((s, x) => s + (x - mean) ** 2, 0) / (n - 1));
  return { mean, sd, min: Math.min(...v), max: Math.max(...v), n };
}
