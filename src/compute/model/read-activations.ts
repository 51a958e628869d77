import type { LanguageModel, TokenBatch } from './language-model';

/** One batch's activations for the real (unpadded) tokens only. */
export interface ActivationBatch {
  /** hook name → [nTokens, d_model] row-major, real tokens only, in row-major (row, position) order. */
  activations: Record<string, Float32Array>;
  /** For each activation row: which batch row and position it came from (maps back to the dataset). */
  rows: Int32Array;
  positions: Int32Array;
  tokenIds: Int32Array;
  nTokens: number;
}

/**
 * Read hook activations over a stream of batches (docs/models.md, "Hooks"): one forward
 * per batch, padded positions dropped, yielded batch by batch so a dataset never sits
 * in memory whole.
 */
export async function* readActivations(
  lm: LanguageModel,
  batches: AsyncIterable<TokenBatch> | Iterable<TokenBatch>,
  hooks: string[],
): AsyncGenerator<ActivationBatch> {
  const d = lm.architecture.dModel;
  for await (const batch of batches) {
    const mask = batch.attentionMask ?? batch.inputIds.map((r) => r.map(() => 1));
    const seq = batch.inputIds[0]?.length ?? 0;
    const keep: number[] = [];
    mask.forEach((row, b) => row.forEach((m, p) => m && keep.push(b * seq + p)));
    const out = await lm.forward(batch, { read: hooks });
    const activations: Record<string, Float32Array> = {};
    for (const hook of hooks) {
      const all = out.activations[hook]!; // [batch, seq, d]
      const real = new Float32Array(keep.length * d);
      keep.forEach((flat, i) => real.set(all.subarray(flat * d, (flat + 1) * d), i * d));
      activations[hook] = real;
    }
    yield {
      activations,
      rows: Int32Array.from(keep, (flat) => Math.floor(flat / seq)),
      positions: Int32Array.from(keep, (flat) => flat % seq),
      tokenIds: Int32Array.from(keep, (flat) => batch.inputIds[Math.floor(flat / seq)]![flat % seq]!),
      nTokens: keep.length,
    };
  }
}
