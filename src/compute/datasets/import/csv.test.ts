import { describe, expect, it } from 'vitest';
import { readAll } from './test-support';

describe('csv/tsv reader', () => {
  it('RFC 4180: quoted newlines, doubled quotes, delimiters inside quotes, CRLF', async () => {
    const data = 'id,text,split\r\n1,"He said ""hi"",\r\nthen left",train\r\n2,plain,valid\r\n\r\n3,"",test\r\n';
    const { samples } = await readAll('q.csv', data, 'csv', { splitColumn: 'split' });
    expect(samples).toEqual([
      { text: 'He said "hi",\nthen left', metadata: { id: '1' }, split: 'train', locator: 'row 1 (line 2)' },
      { text: 'plain', metadata: { id: '2' }, split: 'valid', locator: 'row 2 (line 4)' },
      { text: '', metadata: { id: '3' }, split: 'test', locator: 'row 3 (line 6)' },
    ]);
  });

  it('tsv by extension/format, custom column', async () => {
    const { samples } = await readAll('t.tsv', 'body\tlabel\nhello world\t1\n"tab\there"\t0\n', 'tsv', { textColumn: 'body' });
    expect(samples.map((s) => [s.text, s.metadata])).toEqual([
      ['hello world', { label: '1' }],
      ['tab\there', { label: '0' }],
    ]);
  });

  it('unterminated quote names the line where the record began', async () => {
    await expect(readAll('u.csv', 'text\nok\n"never closed\nmore\n', 'csv')).rejects.toMatchObject({
      code: 'UNTERMINATED_QUOTE',
      locator: 'line 3',
    });
  });

  it('missing column in the header, short row, empty file, header only', async () => {
    await expect(readAll('h.csv', 'a,b\n1,2\n', 'csv')).rejects.toMatchObject({ code: 'MISSING_FIELD', locator: 'header' });
    await expect(readAll('s.csv', 'id,text\n1,a\n2\n', 'csv')).rejects.toMatchObject({ code: 'MISSING_FIELD', locator: 'row 2 (line 3)' });
    await expect(readAll('e.csv', '', 'csv')).rejects.toMatchObject({ code: 'EMPTY_FILE' });
    await expect(readAll('e.csv', 'text\n', 'csv')).rejects.toMatchObject({ code: 'EMPTY_FILE' });
  });

  it('too-long record and non-UTF-8 are row errors; skip counts them', async () => {
    const enc = new TextEncoder();
    const bytes = new Uint8Array([...enc.encode(`text\nfine\n${'y'.repeat(300)}\n`), 0xff, ...enc.encode('\nalso fine\n')]);
    await expect(readAll('r.csv', bytes, 'csv', { maxLineBytes: 100 })).rejects.toMatchObject({ code: 'LINE_TOO_LONG', locator: 'line 3' });
    const { samples, tally } = await readAll('r.csv', bytes, 'csv', { maxLineBytes: 100 }, 'skip');
    expect(samples.map((s) => s.text)).toEqual(['fine', 'also fine']);
    expect(tally.counts).toEqual({ LINE_TOO_LONG: 1, INVALID_UTF8: 1 });
  });

  it('a quoted record running past the limit stops the import even under skip', async () => {
    const data = `text\n"${'a\n'.repeat(100)}`;
    await expect(readAll('o.csv', data, 'csv', { maxLineBytes: 50 }, 'skip')).rejects.toMatchObject({
      code: 'LINE_TOO_LONG',
      locator: 'line 2',
    });
  });
});
