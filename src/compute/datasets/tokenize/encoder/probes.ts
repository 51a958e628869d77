/**
 * Texts where tokenizer implementations tend to disagree: unicode of every kind, whitespace
 * runs, long words, contractions, digits, lone surrogates. The engine choice checks the fast
 * path against transformers.js on these (plus each added token inside text) before using it;
 * the tests use them too.
 */
export const PROBE_TEXTS: readonly string[] = [
  'In the beginning God created the heaven and the earth.',
  "He said, 'I'll go; they're here, we've seen it, I'd know, you'm?' THEY'RE HERE'S 'S 'LL",
  'Café naïve résumé — “quoted” ‘single’ «guillemets» … ½ ² ³ ¼ ①',
  'Cafe\u0301 n\u0303 e\u0308 \u212b \ufb01 \u2126 \u1e9b\u0323 ｆｕｌｌｗｉｄｔｈ',
  '日本語のテキスト、中文文本。한국어 텍스트 ภาษาไทย العربية עברית हिन्दी',
  'emoji 👩‍👩‍👧‍👦 🇺🇸 👍🏽 ❤️ 🙂🙂🙂 keycap 1️⃣',
  'tabs\t\tand\nnewlines\n\n\nand  double  spaces   triple    quad\r\n\u00a0nbsp\u2003em\u3000ideographic\u200bzwsp',
  '   leading and trailing spaces   ',
  '\n',
  ' ',
  'a',
  'x'.repeat(300),
  'supercalifragilisticexpialidocious'.repeat(12),
  `${'ab'.repeat(200)} ${'aaaa'.repeat(100)}`,
  '1234567890 3.14159 1,000,000 0x1F 2024-01-01 12:30:45 +44 (0)20 7946 0958',
  'code: for (let i = 0; i < n; i++) { x[i] += y[i] ** 2; } // done!!! ??? ... ---',
  'https://example.com/path?q=1&r=2#frag user@example.org C:\\Windows\\path',
  'lone surrogates \ud800 and \udfff mixed a\ud83dz',
  '\u0000\u0001\u001f\u007f control',
];

/** Each added token inside, beside and between text and whitespace. */
export function addedTokenProbes(contents: readonly string[]): string[] {
  const out: string[] = [];
  for (const c of contents) {
    out.push(
      c,
      `${c}${c}`,
      `text${c}text`,
      `a ${c} b`,
      `a  ${c}  b`,
      `\n${c}\n`,
      `${c} start`,
      `end ${c}`,
      `${c.toUpperCase()} ${c.toLowerCase()}`,
    );
  }
  if (contents.length > 1) out.push(contents.join(' '), contents.join(''), contents.join('  x  '));
  return out;
}
