import { describe, expect, it } from 'vitest';
import { textCounts, wordDiff } from './word-diff';

describe('wordDiff', () => {
  it('keeps common words and marks the rest removed / added, in order', () => {
    expect(wordDiff('and God said unto Moses', 'and the LORD said unto him')).toEqual([
      { kind: 'same', text: 'and' },
      { kind: 'removed', text: 'God' },
      { kind: 'added', text: 'the LORD' },
      { kind: 'same', text: 'said unto' },
      { kind: 'removed', text: 'Moses' },
      { kind: 'added', text: 'him' },
    ]);
  });
  it('identical texts are one same run; empty sides are all added / removed', () => {
    expect(wordDiff('a  b\nc', 'a b c')).toEqual([{ kind: 'same', text: 'a b c' }]);
    expect(wordDiff('', 'x y')).toEqual([{ kind: 'added', text: 'x y' }]);
    expect(wordDiff('x y', '')).toEqual([{ kind: 'removed', text: 'x y' }]);
  });
  it('rebuilds both texts from its parts', () => {
    const a = 'the sons of Noah went forth of the ark and Ham is the father';
    const b = 'and the sons of Noah were hundred and old and Ham the father of Canaan';
    const parts = wordDiff(a, b);
    expect(
      parts
        .filter((p) => p.kind !== 'added')
        .map((p) => p.text)
        .join(' '),
    ).toBe(a);
    expect(
      parts
        .filter((p) => p.kind !== 'removed')
        .map((p) => p.text)
        .join(' '),
    ).toBe(b);
  });
  it('counts words and characters', () => {
    expect(textCounts(' And God said, ')).toEqual({ words: 3, chars: 15 });
    expect(textCounts('')).toEqual({ words: 0, chars: 0 });
  });
});
