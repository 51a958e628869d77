import { describe, expect, it } from 'vitest';
import { openingOf } from './prompt-examples';

describe('openingOf', () => {
  it('cuts at the last clause end within the first words', () => {
    expect(openingOf('In the beginning God created the heaven and the earth. And the earth was without form, and void')).toBe(
      'In the beginning God created the heaven and the earth. And the',
    );
    expect(openingOf('And God said unto Moses, I AM THAT I AM: and he said, Thus shalt thou say')).toBe(
      'And God said unto Moses, I AM THAT I AM:',
    );
  });
  it('keeps a short head whole and folds whitespace', () => {
    expect(openingOf('Jesus  wept.\n')).toBe('Jesus wept.');
    expect(openingOf('Amen, so be it', 3)).toBe('Amen, so be');
  });
});
