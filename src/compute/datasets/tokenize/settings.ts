import { createHash } from 'node:crypto';
import { z } from 'zod';
// The fields the UI sets are defined once, in the contract; the task adds its SAELens knobs.
import { tokenizationSettingsSchema as contractSettingsSchema } from '../../../shared/contract/datasets';
import { CodedError } from '../../../shared/coded-error';

/**
 * A special token named by role (resolved against the tokenizer) or by id. `none` leaves it out.
 * Same vocabulary as SAELens' `begin_batch_token` / `sequence_separator_token`.
 */
export const specialTokenRefSchema = z.union([z.enum(['bos', 'eos', 'none']), z.number().int().min(0)]);
export type SpecialTokenRef = z.infer<typeof specialTokenRefSchema>;

/**
 * Tokenization settings (docs/datasets.md). Two layouts:
 *
 * - `per_sample`: one row per sample, HF-tokenizer style. `addSpecialTokens` adds what the
 *   tokenizer's post-processor adds (e.g. Llama's BOS) plus BOS/EOS asked for by
 *   tokenizer_config.json (`add_bos_token` / `add_eos_token`). `truncation` cuts the sample's
 *   content so the row, special tokens included, fits `maxLength`. For a single sequence
 *   `longest_first` and `only_first` cut the same tokens (they differ only for text pairs,
 *   which datasets here never are). `padding`: `max_length` right-pads every row to `maxLength`
 *   (rows already longer are left alone when truncation is `none`); `longest` right-pads to the
 *   longest row of each batch of `paddingBatchSize` samples (HF `datasets.map(batched=True)`
 *   semantics; 1000 is its default batch size); `none` leaves rows ragged. The attention mask
 *   is not stored: every row records its unpadded length, so the reader derives it.
 * - `concat_chunk`: SAELens' training layout. Each sample is encoded without special tokens;
 *   samples are concatenated — each optionally starting with `beginSequenceToken`, joined by
 *   `sequenceSeparator` (not placed at the start of a window) — and cut into windows of exactly
 *   `contextSize` tokens; the last partial window is dropped. `prependBos` puts BOS at position 0
 *   of every window (SAELens `begin_batch_token="bos"`); a sample continued from the previous
 *   window then resumes after that BOS. `maxLength`, `padding`, `truncation` and
 *   `addSpecialTokens` do not apply in this mode.
 */
export const tokenizationSettingsSchema = contractSettingsSchema
  .extend({
    /** concat_chunk: token between concatenated samples (SAELens sequence_separator_token; GPT-2 style `<|endoftext|>` by default). */
    sequenceSeparator: specialTokenRefSchema.default('eos'),
    /** concat_chunk: token at the start of every sample (SAELens begin_sequence_token). */
    beginSequenceToken: specialTokenRefSchema.default('none'),
    /** per_sample + padding `longest`: how many samples share one padded length. */
    paddingBatchSize: z.number().int().min(1).max(100_000).default(1000),
  })
  .strict();

export type TokenizationSettings = z.infer<typeof tokenizationSettingsSchema>;
export type TokenizationSettingsInput = z.input<typeof tokenizationSettingsSchema>;

export const defaultTokenizationSettings: TokenizationSettings = {
  mode: 'concat_chunk',
  maxLength: 128,
  padding: 'none',
  truncation: 'longest_first',
  addSpecialTokens: true,
  returnAttentionMask: true,
  contextSize: 128,
  prependBos: true,
  sequenceSeparator: 'eos',
  beginSequenceToken: 'none',
  paddingBatchSize: 1000,
};

export class TokenizationSettingsError extends CodedError<'INVALID_ARGUMENT'> {
  constructor(message: string) {
    super('INVALID_ARGUMENT', message);
  }
}

/** Validates and fills defaults; the message names each bad field. */
export function parseTokenizationSettings(input: unknown): TokenizationSettings {
  const r = tokenizationSettingsSchema.safeParse(input);
  if (r.success) return r.data;
  const detail = r.error.issues.map((i) => `${i.path.join('.') || '(settings)'}: ${i.message}`).join('; ');
  throw new TokenizationSettingsError(`invalid tokenization settings — ${detail}`);
}

/** Only the fields that change the output, in a fixed order (so unrelated fields never change the hash). */
export function effectiveSettings(s: TokenizationSettings): Record<string, unknown> {
  if (s.mode === 'concat_chunk') {
    return {
      mode: s.mode,
      contextSize: s.contextSize,
      prependBos: s.prependBos,
      sequenceSeparator: s.sequenceSeparator,
      beginSequenceToken: s.beginSequenceToken,
    };
  }
  return {
    mode: s.mode,
    maxLength: s.maxLength,
    padding: s.padding,
    truncation: s.truncation === 'none' ? 'none' : 'truncate',
    addSpecialTokens: s.addSpecialTokens,
    paddingBatchSize: s.padding === 'longest' ? s.paddingBatchSize : null,
  };
}

/**
 * Folder name for a tokenization: 16 hex chars of SHA-256 over the tokenizer identity and the
 * effective settings — `datasets/<id>/tokens/<hash>/`.
 */
export function tokenizationHash(settings: TokenizationSettings, tokenizerId: string): string {
  const text = JSON.stringify({ tokenizer: tokenizerId, settings: effectiveSettings(settings) });
  return createHash('sha256').update(text).digest('hex').slice(0, 16);
}
