/**
 * One row of token shards: a per_sample row or a concat_chunk window. Segments say which
 * tokens came from which sample, so every content token maps back to its sample and to its
 * position in that sample's token sequence (the sample encoded without special tokens).
 * Positions not covered by a segment are special tokens (BOS, separator, template tokens) or padding.
 */
export interface TokenSegment {
  /** Where the segment starts in the row (tokens). */
  position: number;
  sampleOrdinal: number;
  /** Offset in the sample's token sequence (tokens). */
  sampleTokenStart: number;
  length: number;
}

export interface TokenRow {
  tokens: number[];
  /** Tokens before right padding: the attention mask is 1 for [0, unpaddedLength). */
  unpaddedLength: number;
  segments: TokenSegment[];
}

/** A sample's content tokens (encoded without special tokens), as the tokenizers produce them. */
export interface EncodedSample {
  ordinal: number;
  content: number[];
}
