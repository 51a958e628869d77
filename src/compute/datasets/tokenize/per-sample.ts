import type { EncodedSample, TokenRow } from './rows';
import type { TokenizationSettings } from './settings';

export interface Framing {
  prefix: readonly number[];
  suffix: readonly number[];
}

/** Tokens a sample occupies in per_sample mode before truncation: content plus framing specials. */
export function untruncatedLength(sample: EncodedSample, framing: Framing | null): number {
  return sample.content.length + (framing ? framing.prefix.length + framing.suffix.length : 0);
}

/**
 * One row per sample (HF tokenizer semantics for single sequences). `framing` is null when
 * `addSpecialTokens` is off. Truncation keeps the special tokens and cuts content from the end,
 * as HF does; when `maxLength` is smaller than the specials alone, the row is specials only,
 * clipped to `maxLength`. Right padding with `padId`.
 */
export function buildPerSampleRows(
  batch: readonly EncodedSample[],
  framing: Framing | null,
  settings: Pick<TokenizationSettings, 'maxLength' | 'padding' | 'truncation'>,
  padId: number,
): TokenRow[] {
  const prefix = framing?.prefix ?? [];
  const suffix = framing?.suffix ?? [];
  const rows: TokenRow[] = batch.map((s) => {
    let keep = s.content.length;
    if (settings.truncation !== 'none') keep = Math.max(0, Math.min(keep, settings.maxLength - prefix.length - suffix.length));
    let tokens = [...prefix, ...s.content.slice(0, keep), ...suffix];
    if (settings.truncation !== 'none' && tokens.length > settings.maxLength) tokens = tokens.slice(0, settings.maxLength);
    const position = Math.min(prefix.length, tokens.length);
    const segments = keep > 0 ? [{ position, sampleOrdinal: s.ordinal, sampleTokenStart: 0, length: keep }] : [];
    return { tokens, unpaddedLength: tokens.length, segments };
  });
  const target =
    settings.padding === 'max_length'
      ? settings.maxLength
      : settings.padding === 'longest'
        ? Math.max(0, ...rows.map((r) => r.tokens.length))
        : 0;
  for (const r of rows) while (r.tokens.length < target) r.tokens.push(padId);
  return rows;
}
