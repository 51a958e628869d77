import { describe, expect, it } from 'vitest';
import { forEachAsciiPretoken, isAscii } from './ascii-pretokenizer';
import { GPT2_PRETOKENIZE } from './byte-level';
import { demoCorpus } from './test-support';

function scanned(text: string): string[] {
  const out: string[] = [];
  forEachAsciiPretoken(text, (start, end) => out.push(text.slice(start, end)));
  return out;
}

const regex = (text: string) => text.match(GPT2_PRETOKENIZE) ?? [];

describe('ASCII pre-tokenizer scanner', () => {
  it('splits every demo corpus document as the GPT-2 regex does', () => {
    const docs = demoCorpus();
    expect(docs.every(isAscii)).toBe(true);
    for (const d of docs) expect(scanned(d)).toEqual(regex(d));
  });

  it('splits random ASCII (contractions, whitespace runs, every character class) as the regex does', () => {
    const pieces = [
      "'s",
      "'t",
      "'re",
      "'ve",
      "'m",
      "'ll",
      "'d",
      "'S",
      "'",
      "''",
      "'x",
      ' ',
      '  ',
      '\t',
      '\n',
      '\r\n',
      '\v',
      '\f',
      'a',
      'Z',
      'word',
      '7',
      '42',
      '.',
      '!?',
      '_',
      '-',
      '\u0000',
      '\u001f',
      '\u007f',
      ' \n',
      '\n ',
      "r'",
      'e',
    ];
    let s = 11;
    const next = (n: number) => {
      s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
      return s % n;
    };
    for (let k = 0; k < 5000; k++) {
      const text = Array.from({ length: 1 + next(25) }, () => pieces[next(pieces.length)]).join('');
      expect(scanned(text), JSON.stringify(text)).toEqual(regex(text));
    }
    for (const c of Array.from({ length: 128 }, (_, i) => String.fromCharCode(i))) {
      for (const t of [c, ` ${c}`, `${c}${c}`, `a${c}b`, `  ${c}  `, `'${c}`]) expect(scanned(t), JSON.stringify(t)).toEqual(regex(t));
    }
  });

  it('tells ASCII text from text with any other character', () => {
    expect(isAscii('plain text\n\t~')).toBe(true);
    expect(isAscii('caf\u00e9')).toBe(false);
    expect(isAscii('\u0080')).toBe(false);
    expect(isAscii('')).toBe(true);
  });
});
