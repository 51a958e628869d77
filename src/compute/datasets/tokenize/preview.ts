import type { DatasetTokenizer } from './dataset-tokenizer';
import { buildPerSampleRows } from './per-sample';

export interface TokenPreviewToken {
  id: number;
  /** The token as the researcher reads it (byte-level BPE decoded). */
  text: string;
  /** True for special tokens the settings added (BOS/EOS/template), false for text tokens. */
  special: boolean;
}

export interface TokenPreviewResult {
  tokens: TokenPreviewToken[];
  count: number;
  /** Tokens the text encodes to before truncation (equals count when nothing was cut). */
  untruncatedCount: number;
}

/**
 * Live preview: the text as the per_sample settings would tokenize it (special tokens and
 * truncation; never padding, which would only repeat the pad token). Without `maxLength`
 * nothing is truncated.
 */
export function previewTokens(
  tok: DatasetTokenizer,
  text: string,
  opts: { addSpecialTokens?: boolean; maxLength?: number } = {},
): TokenPreviewResult {
  const content = tok.encodeContent(text);
  const framing = opts.addSpecialTokens ? { prefix: tok.prefix, suffix: tok.suffix } : null;
  const truncation = opts.maxLength === undefined ? 'none' : 'longest_first';
  const [row] = buildPerSampleRows([{ ordinal: 0, content }], framing, { maxLength: opts.maxLength ?? 1, padding: 'none', truncation }, 0);
  const ids = row?.tokens ?? [];
  const seg = row?.segments[0];
  const texts = tok.tokenizer.tokenTexts(ids);
  const tokens = ids.map((id, i) => ({ id, text: texts[i] ?? '', special: !seg || i < seg.position || i >= seg.position + seg.length }));
  return { tokens, count: tokens.length, untruncatedCount: content.length + (framing ? framing.prefix.length + framing.suffix.length : 0) };
}
