import { describe, expect, it } from 'vitest';
import { readAll } from './test-support';

const lines = (...xs: unknown[]) => xs.map((x) => (typeof x === 'string' ? x : JSON.stringify(x))).join('\n');

describe('jsonl reader', () => {
  it('reads the text field, keeps other top-level scalars as metadata and the split field', async () => {
    const data = lines({ text: 'hello', id: 7, ok: true, tags: ['x'], split: 'dev' }, '', { text: 'world', id: 8, split: 'train' });
    const { samples } = await readAll('d.jsonl', data, 'jsonl', { splitField: 'split' });
    expect(samples).toEqual([
      { text: 'hello', metadata: { id: 7, ok: true }, split: 'dev', locator: 'line 1' },
      { text: 'world', metadata: { id: 8 }, split: 'train', locator: 'line 3' },
    ]);
  });

  it('nested paths with array indices', async () => {
    const data = lines({ a: { b: { c: 'deep' } }, messages: [{ content: 'hi' }] });
    expect((await readAll('n.jsonl', data, 'jsonl', { textField: 'a.b.c' })).samples[0]?.text).toBe('deep');
    expect((await readAll('n.jsonl', data, 'jsonl', { textField: 'messages.0.content' })).samples[0]?.text).toBe('hi');
  });

  it('metadata is bounded in keys and string length', async () => {
    const wide = Object.fromEntries(Array.from({ length: 50 }, (_, i) => [`k${i}`, 'v'.repeat(2000)]));
    const { samples } = await readAll('w.jsonl', lines({ text: 't', ...wide }), 'jsonl', { maxMetadataKeys: 4, maxMetadataChars: 10 });
    expect(samples[0]?.metadata).toEqual({ k0: 'v'.repeat(10), k1: 'v'.repeat(10), k2: 'v'.repeat(10), k3: 'v'.repeat(10) });
  });

  it('bad JSON names its line; missing field, non-text field', async () => {
    const data = lines({ text: 'a' }, { text: 'b' }, '{"text": "c",', { text: 'd' });
    await expect(readAll('bad.jsonl', data, 'jsonl')).rejects.toMatchObject({ code: 'INVALID_JSON', file: 'bad.jsonl', locator: 'line 3' });
    await expect(readAll('m.jsonl', lines({ text: 'a' }, { body: 'b' }), 'jsonl')).rejects.toMatchObject({
      code: 'MISSING_FIELD',
      locator: 'line 2',
    });
    await expect(readAll('m.jsonl', lines({ text: 5 }), 'jsonl')).rejects.toMatchObject({ code: 'NOT_TEXT', locator: 'line 1' });
    await expect(readAll('s.jsonl', lines({ text: 'a' }), 'jsonl', { splitField: 'split' })).rejects.toMatchObject({
      code: 'MISSING_FIELD',
    });
  });

  it('non-UTF-8, too-long line, empty file', async () => {
    const enc = new TextEncoder();
    const bytes = new Uint8Array([...enc.encode('{"text":"a"}\n{"text":"'), 0xc3, 0x28, ...enc.encode('"}\n')]);
    await expect(readAll('u.jsonl', bytes, 'jsonl')).rejects.toMatchObject({ code: 'INVALID_UTF8', locator: 'line 2' });
    const long = lines({ text: 'a' }, { text: 'x'.repeat(5000) }, { text: 'b' });
    await expect(readAll('l.jsonl', long, 'jsonl', { maxLineBytes: 1000 })).rejects.toMatchObject({
      code: 'LINE_TOO_LONG',
      locator: 'line 2',
    });
    await expect(readAll('e.jsonl', '\n\n', 'jsonl')).rejects.toMatchObject({ code: 'EMPTY_FILE' });
  });

  it('skip policy counts each bad row by reason and keeps the good ones', async () => {
    const data = lines({ text: 'a' }, 'nope', { body: 1 }, { text: 3 }, { text: 'x'.repeat(200) }, 'also bad', { text: 'z' });
    const { samples, tally } = await readAll('k.jsonl', data, 'jsonl', { maxLineBytes: 100 }, 'skip');
    expect(samples.map((s) => s.text)).toEqual(['a', 'z']);
    expect(tally.counts).toEqual({ INVALID_JSON: 2, MISSING_FIELD: 1, NOT_TEXT: 1, LINE_TOO_LONG: 1 });
    expect(tally.total).toBe(5);
  });
});
