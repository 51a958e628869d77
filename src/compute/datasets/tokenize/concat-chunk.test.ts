import { describe, expect, it } from 'vitest';
import { ConcatChunker } from './concat-chunk';
import { loadDatasetTokenizer } from './dataset-tokenizer';
import type { TokenRow } from './rows';
import { DEMO_MODEL_DIR } from '../../../../test/task-support';

const tok = loadDatasetTokenizer(DEMO_MODEL_DIR);
const BOS = tok.tokenizer.bosTokenId as number;
const EOS = tok.tokenizer.eosTokenId as number;
const docs = [
  'The cat sat on the mat.',
  'Sparse autoencoders find features in the residual stream of a language model.',
  'Hi',
  '',
  'A longer document about interpretability: we read activations, train dictionaries, and look at what each feature fires on across many contexts.',
  'End.',
];
const encoded = docs.map((d) => tok.tokenizer.encode(d, { addSpecialTokens: false }));

function chunkAll(chunker: ConcatChunker): TokenRow[] {
  return encoded.flatMap((t, i) => chunker.push(i, t));
}

/** Every segment's tokens are exactly the slice of its sample they claim to be. */
function expectSegmentsMapBack(rows: TokenRow[]): void {
  for (const row of rows) {
    for (const g of row.segments) {
      const sample = encoded[g.sampleOrdinal] ?? [];
      expect(row.tokens.slice(g.position, g.position + g.length)).toEqual(sample.slice(g.sampleTokenStart, g.sampleTokenStart + g.length));
    }
  }
}

describe('ConcatChunker (SAELens concat_and_batch_sequences semantics)', () => {
  it('the demo tokenizer has BOS = EOS = <|endoftext|>', () => {
    expect(BOS).toBe(4095);
    expect(EOS).toBe(4095);
    expect(encoded.every((t) => t.every((id) => id !== BOS))).toBe(true);
  });

  it('BOS-prefixed documents, no separator: equals slicing the joined stream into windows', () => {
    const ctx = 7;
    const stream = encoded.flatMap((t) => (t.length ? [BOS, ...t] : []));
    const expected: number[][] = [];
    for (let i = 0; i + ctx <= stream.length; i += ctx) expected.push(stream.slice(i, i + ctx));
    const rows = chunkAll(
      new ConcatChunker({ contextSize: ctx, beginBatchTokenId: null, beginSequenceTokenId: BOS, separatorTokenId: null }),
    );
    expect(rows.map((r) => r.tokens)).toEqual(expected);
    expectSegmentsMapBack(rows);
  });

  it('prepend BOS + EOS separator: equals a token-by-token direct computation', () => {
    for (const ctx of [2, 3, 5, 8, 16]) {
      // Direct: windows start with BOS; documents are joined by EOS, but a separator never opens a window.
      const expected: number[][] = [];
      let w: number[] | null = null;
      for (const t of encoded) {
        t.forEach((id, i) => {
          if (w === null) w = [BOS];
          else if (i === 0) {
            w.push(EOS);
            if (w.length === ctx) {
              expected.push(w);
              w = [BOS];
            }
          }
          w.push(id);
          if (w.length === ctx) {
            expected.push(w);
            w = null;
          }
        });
      }
      const chunker = new ConcatChunker({ contextSize: ctx, beginBatchTokenId: BOS, beginSequenceTokenId: null, separatorTokenId: EOS });
      const rows = chunkAll(chunker);
      expect(rows.map((r) => r.tokens)).toEqual(expected);
      expect(rows.every((r) => r.tokens.length === ctx && r.tokens[0] === BOS)).toBe(true);
      expectSegmentsMapBack(rows);
      const total = encoded.reduce((s, t) => s + t.length, 0);
      const inWindows = rows.reduce((s, r) => s + r.segments.reduce((a, g) => a + g.length, 0), 0);
      expect(inWindows).toBeLessThanOrEqual(total);
      expect(total - inWindows).toBeLessThanOrEqual(ctx);
    }
  });

  it('does not double a special token the text already starts with', () => {
    const chunker = new ConcatChunker({ contextSize: 4, beginBatchTokenId: BOS, beginSequenceTokenId: null, separatorTokenId: EOS });
    expect(chunker.push(0, [BOS, 1, 2, 3, 4, 5])).toEqual([
      { tokens: [BOS, 1, 2, 3], unpaddedLength: 4, segments: [{ position: 0, sampleOrdinal: 0, sampleTokenStart: 0, length: 4 }] },
    ]);
    // Continues sample 0 in a new window: BOS first, then the rest; sample 1 already starts with EOS.
    const rows = chunker.push(1, [EOS, 7]);
    expect(rows.map((r) => r.tokens)).toEqual([[BOS, 4, 5, EOS]]);
    expect(chunker.pendingTokens).toBe(2); // [BOS, 7] waits; dropped at the end
  });

  it('refuses a context size that cannot make progress', () => {
    expect(() => new ConcatChunker({ contextSize: 1, beginBatchTokenId: BOS, beginSequenceTokenId: null, separatorTokenId: null })).toThrow(
      /contextSize/,
    );
  });
});
