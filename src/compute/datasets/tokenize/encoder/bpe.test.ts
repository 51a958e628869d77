import { PreTrainedTokenizer } from '@huggingface/transformers';
import { describe, expect, it } from 'vitest';
import { BYTE_TO_CHAR } from './byte-level';
import { buildFastEncoder } from './fast-encoder';

/**
 * A byte-level tokenizer with random merges over a 4-letter alphabet, in random order: merges
 * whose parts only appear through later merges, and merges that create lower-ranked pairs —
 * orders no trained tokenizer has, where a wrong merge order shows at once; doubled letters make
 * ties.
 */
function randomTokenizer(seed: number): object {
  let s = seed >>> 0;
  const next = (n: number) => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s % n;
  };
  const vocab: Record<string, number> = {};
  BYTE_TO_CHAR.forEach((c, b) => (vocab[c] = b));
  const tokens = ['a', 'b', 'c', 'd'];
  // Doubled letters make ties (the same pair twice in a row), where only leftmost-first is right.
  const merges: string[] = ['a a', 'b b', 'c c'];
  const seen = new Set<string>(merges);
  for (const t of ['aa', 'bb', 'cc']) {
    vocab[t] = Object.keys(vocab).length;
    tokens.push(t);
  }
  while (merges.length < 120) {
    const a = tokens[next(tokens.length)] as string;
    const b = tokens[next(tokens.length)] as string;
    if (seen.has(`${a} ${b}`) || (a + b).length > 12) continue;
    seen.add(`${a} ${b}`);
    merges.push(`${a} ${b}`);
    if (vocab[a + b] === undefined) {
      vocab[a + b] = Object.keys(vocab).length;
      tokens.push(a + b);
    }
  }
  // Shuffle the ranks.
  for (let i = merges.length - 1; i > 0; i--) {
    const j = next(i + 1);
    [merges[i], merges[j]] = [merges[j] as string, merges[i] as string];
  }
  return {
    version: '1.0',
    truncation: null,
    padding: null,
    added_tokens: [],
    normalizer: null,
    pre_tokenizer: { type: 'ByteLevel', add_prefix_space: false, trim_offsets: true, use_regex: true },
    post_processor: null,
    decoder: { type: 'ByteLevel', add_prefix_space: false, trim_offsets: true, use_regex: true },
    model: {
      type: 'BPE',
      dropout: null,
      unk_token: null,
      continuing_subword_prefix: '',
      end_of_word_suffix: '',
      fuse_unk: false,
      byte_fallback: false,
      vocab,
      merges,
    },
  };
}

describe('BPE merge order', () => {
  it.each([1, 2, 3, 4, 5])('matches transformers.js on words of 1–80 letters with shuffled random merges (seed %i)', (seed) => {
    const json = randomTokenizer(seed);
    const reference = new PreTrainedTokenizer(json, {});
    const fast = buildFastEncoder(json, {});
    if ('unsupported' in fast) throw new Error(fast.unsupported);
    let s = seed * 7919;
    const next = (n: number) => {
      s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
      return s % n;
    };
    for (let k = 0; k < 400; k++) {
      // Words shorter and longer than the short-word limit, so both merge loops run.
      const word =
        k % 4 === 0 ? 'abc'[next(3)]!.repeat(1 + next(40)) : Array.from({ length: 1 + next(80) }, () => 'abcd'[next(4)]).join('');
      expect(fast.encode(word), word).toEqual(reference.encode(word, { add_special_tokens: false }));
    }
  });
});
