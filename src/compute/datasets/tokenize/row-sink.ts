import { ConcatChunker } from './concat-chunk';
import { resolveSpecialToken, type DatasetTokenizer } from './dataset-tokenizer';
import type { TokenShardManifest } from './manifest';
import { buildPerSampleRows, untruncatedLength, type Framing } from './per-sample';
import type { EncodedSample, TokenRow } from './rows';
import type { TokenizationSettings } from './settings';

export type RowTotals = Omit<TokenShardManifest['totals'], 'samples'>;

/** Turns encoded samples into rows (per the settings) and hands them to `emit`. */
export interface RowSink {
  add(sample: EncodedSample): void;
  /** Emits what is buffered (per_sample) or drops the partial window (concat_chunk). */
  finish(): void;
  /** Tokens the sample counts as its own: untruncated, unpadded (what dataset_samples.token_count stores). */
  sampleTokenCount(sample: EncodedSample): number;
  readonly totals: RowTotals;
  readonly specialTokens: TokenShardManifest['specialTokens'];
}

function countRow(totals: RowTotals, row: TokenRow): void {
  const content = row.segments.reduce((s, g) => s + g.length, 0);
  totals.rows += 1;
  totals.tokens += row.tokens.length;
  totals.contentTokens += content;
  totals.paddingTokens += row.tokens.length - row.unpaddedLength;
}

export function createRowSink(settings: TokenizationSettings, tok: DatasetTokenizer, emit: (row: TokenRow) => void): RowSink {
  const totals: RowTotals = { rows: 0, tokens: 0, contentTokens: 0, paddingTokens: 0, droppedTokens: 0 };
  const out = (row: TokenRow) => {
    countRow(totals, row);
    emit(row);
  };

  if (settings.mode === 'concat_chunk') {
    const beginBatch = settings.prependBos ? resolveSpecialToken('bos', tok, 'prependBos') : null;
    const beginSequence = resolveSpecialToken(settings.beginSequenceToken, tok, 'beginSequenceToken');
    const separator = resolveSpecialToken(settings.sequenceSeparator, tok, 'sequenceSeparator');
    const chunker = new ConcatChunker({
      contextSize: settings.contextSize,
      beginBatchTokenId: beginBatch,
      beginSequenceTokenId: beginSequence,
      separatorTokenId: separator,
    });
    let contentIn = 0;
    return {
      add(sample) {
        contentIn += sample.content.length;
        for (const row of chunker.push(sample.ordinal, sample.content)) out(row);
      },
      finish() {
        totals.droppedTokens = contentIn - totals.contentTokens;
      },
      sampleTokenCount: (sample) => sample.content.length,
      totals,
      specialTokens: { beginBatch, beginSequence, separator, pad: null, prefix: [], suffix: [] },
    };
  }

  const framing: Framing | null = settings.addSpecialTokens ? { prefix: tok.prefix, suffix: tok.suffix } : null;
  const padId = tok.tokenizer.padTokenId ?? tok.tokenizer.eosTokenId;
  if (settings.padding !== 'none' && padId === null) {
    throw Object.assign(new Error('this tokenizer has no pad or EOS token to pad with; choose padding "none"'), {
      code: 'INVALID_ARGUMENT',
    });
  }
  // Only padding `longest` needs a batch; the others flush every sample (rows in order either way).
  const batchSize = settings.padding === 'longest' ? settings.paddingBatchSize : 1;
  let batch: EncodedSample[] = [];
  const flush = () => {
    if (batch.length === 0) return;
    for (const row of buildPerSampleRows(batch, framing, settings, padId ?? 0)) out(row);
    batch = [];
  };
  let contentIn = 0;
  return {
    add(sample) {
      contentIn += sample.content.length;
      batch.push(sample);
      if (batch.length >= batchSize) flush();
    },
    finish() {
      flush();
      totals.droppedTokens = contentIn - totals.contentTokens;
    },
    sampleTokenCount: (sample) => untruncatedLength(sample, framing),
    totals,
    specialTokens: {
      beginBatch: null,
      beginSequence: null,
      separator: null,
      pad: settings.padding === 'none' ? null : padId,
      prefix: framing ? [...framing.prefix] : [],
      suffix: framing ? [...framing.suffix] : [],
    },
  };
}
