/**
 * Seeded sampling. One RNG per generation so a steered and an unsteered run with the
 * same seed draw the same uniforms (docs/models.md, "Generation").
 */
export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** softmax over a logits row, in float64 for stability. */
export function softmax(logits: ArrayLike<number>, temperature = 1): Float64Array {
  const n = logits.length;
  const out = new Float64Array(n);
  let max = -Infinity;
  for (let i = 0; i < n; i++) max = Math.max(max, (logits[i] ?? 0) / temperature);
  let sum = 0;
  for (let i = 0; i < n; i++) {
    out[i] = Math.exp((logits[i] ?? 0) / temperature - max);
    sum += out[i]!;
  }
  for (let i = 0; i < n; i++) out[i]! /= sum;
  return out;
}

export function argmax(values: ArrayLike<number>): number {
  let best = 0;
  for (let i = 1; i < values.length; i++) if ((values[i] ?? -Infinity) > (values[best] ?? -Infinity)) best = i;
  return best;
}

export interface SamplingOptions {
  temperature: number;
  topK: number;
  topP: number;
}

/**
 * Next token from a logits row [vocab]: greedy at temperature 0; otherwise temperature,
 * then top-k, then nucleus (top-p) filtering, renormalised, one uniform draw.
 */
export function sampleToken(logits: ArrayLike<number>, opts: SamplingOptions, random: () => number): number {
  const u = random(); // always draw, so runs stay aligned whatever the settings
  if (opts.temperature <= 0) return argmax(logits);
  const probs = softmax(logits, opts.temperature);
  let order = Array.from(probs.keys()).sort((a, b) => probs[b]! - probs[a]!);
  if (opts.topK > 0) order = order.slice(0, opts.topK);
  if (opts.topP < 1) {
    let mass = 0;
    const kept: number[] = [];
    for (const i of order) {
      kept.push(i);
      mass += probs[i]!;
      if (mass >= opts.topP) break;
    }
    order = kept;
  }
  const total = order.reduce((s, i) => s + probs[i]!, 0);
  let acc = 0;
  for (const i of order) {
    acc += probs[i]! / total;
    if (u < acc) return i;
  }
  return order[order.length - 1]!;
}
