import { describe, expect, it } from 'vitest';
import { readAll } from './test-support';

describe('txt reader', () => {
  it('line mode: a document per non-empty line, CRLF and BOM handled', async () => {
    const { samples } = await readAll('a.txt', '\uFEFFfirst line\r\n\r\nsecond\n  \nthird', 'txt');
    expect(samples).toEqual([
      { text: 'first line', locator: 'line 1' },
      { text: 'second', locator: 'line 3' },
      { text: 'third', locator: 'line 5' },
    ]);
  });

  it('paragraph mode: blank-line separated documents', async () => {
    const { samples } = await readAll('p.txt', 'a one\na two\n\n\nb one\n\nc\n', 'txt', { txtMode: 'paragraph' });
    expect(samples.map((s) => [s.text, s.locator])).toEqual([
      ['a one\na two', 'line 1'],
      ['b one', 'line 5'],
      ['c', 'line 7'],
    ]);
  });

  it('file mode: the whole file is one document (line breaks as \\n, no final break), refused past the document limit', async () => {
    const { samples } = await readAll('f.txt', 'x\r\n\ny\n', 'txt', { txtMode: 'file' });
    expect(samples).toEqual([{ text: 'x\n\ny', locator: 'file' }]);
    await expect(readAll('big.txt', 'x'.repeat(100), 'txt', { txtMode: 'file', maxDocumentBytes: 50 })).rejects.toMatchObject({
      code: 'DOCUMENT_TOO_LARGE',
    });
  });

  it('empty or blank file is EMPTY_FILE', async () => {
    await expect(readAll('e.txt', '', 'txt')).rejects.toMatchObject({ code: 'EMPTY_FILE', file: 'e.txt' });
    await expect(readAll('e.txt', '\n \n\n', 'txt', { txtMode: 'paragraph' })).rejects.toMatchObject({ code: 'EMPTY_FILE' });
  });

  it('non-UTF-8 bytes and too-long lines name the line; skip counts them', async () => {
    const bytes = new Uint8Array([
      ...new TextEncoder().encode('ok\n'),
      0xff,
      0xfe,
      0x0a,
      ...new TextEncoder().encode(`${'z'.repeat(40)}\nlast`),
    ]);
    await expect(readAll('b.txt', bytes, 'txt')).rejects.toMatchObject({
      code: 'INVALID_UTF8',
      locator: 'line 2',
      message: 'b.txt, line 2: bytes are not valid UTF-8 (convert the file to UTF-8 first)',
    });
    await expect(readAll('b.txt', 'ok\n'.concat('z'.repeat(40)), 'txt', { maxLineBytes: 10 })).rejects.toMatchObject({
      code: 'LINE_TOO_LONG',
      locator: 'line 2',
    });
    const { samples, tally } = await readAll('b.txt', bytes, 'txt', { maxLineBytes: 10 }, 'skip');
    expect(samples.map((s) => s.text)).toEqual(['ok', 'last']);
    expect(tally.counts).toEqual({ INVALID_UTF8: 1, LINE_TOO_LONG: 1 });
  });
});
