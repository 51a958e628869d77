import { describe, expect, it } from 'vitest';
import { TOKENIZER_DIRS } from '../datasets/tokenize/encoder/test-support';
import { tokenizerEngineCheck } from './tokenizer-check';

describe('doctor tokenizer check', () => {
  it('reports the fast path for the bundled demo tokenizer, with ids equal to transformers.js', () => {
    const r = tokenizerEngineCheck();
    expect(r.passed).toBe(true);
    expect(r.detail).toMatch(
      /^byte-level-bpe \(byte-level BPE tokenizer; same ids as transformers\.js on every probe text\); \d+ probe tokens/,
    );
  });

  it('reports the transformers.js fallback and why for a tokenizer the fast path does not cover', () => {
    const r = tokenizerEngineCheck(TOKENIZER_DIRS['llama-style']);
    expect(r.passed).toBe(true);
    expect(r.detail).toMatch(/^transformers\.js \(fast path does not cover pre-tokenizer none/);
  });
});
