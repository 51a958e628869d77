/**
 * GPT-2's byte-level alphabet and pre-tokenizer regex, exactly as transformers.js' ByteLevel
 * pre-tokenizer uses them (docs/datasets.md, "Fast tokenization"): every UTF-8 byte of a
 * pre-token becomes one printable character, so a byte-level BPE vocabulary covers any text.
 */

/** GPT-2's `bytes_to_unicode`: byte value → its stand-in character (index 0–255). */
export const BYTE_TO_CHAR: readonly string[] = (() => {
  const bs: number[] = [];
  for (let b = 0x21; b <= 0x7e; b++) bs.push(b);
  for (let b = 0xa1; b <= 0xac; b++) bs.push(b);
  for (let b = 0xae; b <= 0xff; b++) bs.push(b);
  const cs = [...bs];
  let n = 0;
  for (let b = 0; b < 256; b++) {
    if (!bs.includes(b)) {
      bs.push(b);
      cs.push(256 + n++);
    }
  }
  const out = new Array<string>(256);
  bs.forEach((b, i) => (out[b] = String.fromCharCode(cs[i] as number)));
  return out;
})();

/**
 * The ByteLevel pre-tokenizer's split (`use_regex: true`), the same literal transformers.js
 * compiles, so contractions, letter/number runs and whitespace runs split identically.
 * Used with String.prototype.match (global flag: all matches, as strings).
 */
export const GPT2_PRETOKENIZE = /'s|'t|'re|'ve|'m|'ll|'d| ?\p{L}+| ?\p{N}+| ?[^\s\p{L}\p{N}]+|\s+(?!\S)|\s+/gu;

const utf8 = new TextEncoder();

/**
 * A pre-token in the byte-level alphabet. ASCII goes through the table directly; anything else
 * through TextEncoder, which (like transformers.js) turns a lone surrogate into U+FFFD's bytes.
 */
export function toByteLevel(pretoken: string): string {
  let out = '';
  for (let i = 0; i < pretoken.length; i++) {
    const c = pretoken.charCodeAt(i);
    if (c >= 0x80) return nonAscii(pretoken);
    out += BYTE_TO_CHAR[c];
  }
  return out;
}

function nonAscii(pretoken: string): string {
  let out = '';
  for (const b of utf8.encode(pretoken)) out += BYTE_TO_CHAR[b];
  return out;
}
