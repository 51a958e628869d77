/**
 * GPT-2's pre-tokenizer regex (byte-level.ts, GPT2_PRETOKENIZE) written out as a scanner for
 * pure-ASCII text, where \p{L} is [A-Za-z], \p{N} is [0-9] and \s is [\t\n\v\f\r ]. Same
 * pre-tokens as the regex (the tests compare them), found without allocating match strings;
 * text with any non-ASCII character goes through the regex instead.
 */

const LETTER = 1;
const NUMBER = 2;
const SPACE = 3;
const OTHER = 4;

const CLASS = new Uint8Array(128);
for (let c = 0; c < 128; c++) {
  const ch = String.fromCharCode(c);
  CLASS[c] = /\p{L}/u.test(ch) ? LETTER : /\p{N}/u.test(ch) ? NUMBER : /\s/.test(ch) ? SPACE : OTHER;
}

const NON_ASCII = /[\u0080-\uffff]/; // any UTF-16 unit above 0x7f, surrogates included

export function isAscii(text: string): boolean {
  return !NON_ASCII.test(text);
}

const APOSTROPHE = 0x27;
const SPACE_CHAR = 0x20;
const ch = (s: string) => s.charCodeAt(0);
const [s, t, m, d, r, e, v, l] = ['s', 't', 'm', 'd', 'r', 'e', 'v', 'l'].map(ch) as [
  number,
  number,
  number,
  number,
  number,
  number,
  number,
  number,
];

/** Length of the contraction ('s 't 're 've 'm 'll 'd) at `i`, or 0. */
function contraction(text: string, i: number): number {
  const c1 = text.charCodeAt(i + 1);
  if (c1 === s || c1 === t || c1 === m || c1 === d) return 2;
  const c2 = text.charCodeAt(i + 2);
  if ((c1 === r && c2 === e) || (c1 === v && c2 === e) || (c1 === l && c2 === l)) return 3;
  return 0;
}

/**
 * End of the pre-token of ASCII `text` that starts at `i` (< text.length), following the regex's
 * alternatives: contraction | ` ?` letters | ` ?` digits | ` ?` other | spaces not followed by
 * a non-space | spaces.
 */
export function asciiPretokenEnd(text: string, i: number): number {
  const n = text.length;
  const c = text.charCodeAt(i);
  if (c === APOSTROPHE) {
    const k = contraction(text, i);
    if (k > 0) return i + k;
  }
  let kind = CLASS[c] as number;
  let j = i;
  if (c === SPACE_CHAR && i + 1 < n) {
    const next = CLASS[text.charCodeAt(i + 1)] as number;
    if (next !== SPACE) {
      kind = next;
      j = i + 1;
    }
  }
  if (kind !== SPACE) {
    j += 1;
    while (j < n && CLASS[text.charCodeAt(j)] === kind) j++;
    return j;
  }
  // A whitespace run leaves its last space to the word after it (\s+(?!\S)), unless it is one character.
  j = i + 1;
  while (j < n && CLASS[text.charCodeAt(j)] === SPACE) j++;
  return j < n && j - 1 > i ? j - 1 : j;
}

/** Calls `visit(start, end)` for each pre-token of ASCII `text`, in order. */
export function forEachAsciiPretoken(text: string, visit: (start: number, end: number) => void): void {
  for (let i = 0; i < text.length;) {
    const j = asciiPretokenEnd(text, i);
    visit(i, j);
    i = j;
  }
}
