import { CsvRecordParser } from './csv-record';
import { ImportError } from './errors';
import { metadataLimits, splitValue } from './fields';
import { decodeUtf8, sourceChunks, splitLines, tooLongError } from './lines';
import { DEFAULT_MAX_LINE_BYTES, sourceName } from './types';
import type { ByteSource, RawSample, ReadHooks, ReaderOptions } from './types';

export function delimiterFor(file: string, opts: ReaderOptions): string {
  if (opts.delimiter) return opts.delimiter;
  return file.toLowerCase().endsWith('.tsv') ? '\t' : ',';
}

/**
 * CSV/TSV with a header row: text from `textColumn`, split from `splitColumn`, other
 * columns as bounded metadata. A record (which may span lines inside quotes) is limited
 * to `maxLineBytes`; an unterminated quote or an over-long quoted record stops the import,
 * since no later row boundary can be trusted after it.
 */
export async function* readCsv(src: ByteSource, opts: ReaderOptions, hooks: ReadHooks): AsyncGenerator<RawSample> {
  const file = sourceName(src);
  const textColumn = opts.textColumn ?? 'text';
  const splitColumn = opts.splitColumn;
  const maxLine = opts.maxLineBytes ?? DEFAULT_MAX_LINE_BYTES;
  const limits = metadataLimits(opts);
  const parser = new CsvRecordParser(delimiterFor(file, opts));
  let header: string[] | null = null;
  let textIdx = -1;
  let splitIdx = -1;
  let recordLine = 0;
  let recordBytes = 0;
  let row = 0;
  let rows = 0;
  let bad = 0;
  const fail = (err: ImportError) => {
    bad++;
    hooks.onBadRow(err);
  };
  for await (const line of splitLines(sourceChunks(src), maxLine, hooks.onBytes)) {
    if (!parser.open) {
      recordLine = line.lineNo;
      recordBytes = 0;
    }
    recordBytes += line.length + 1;
    const where = `line ${recordLine}`;
    if (parser.open && (line.bytes === null || recordBytes > maxLine)) {
      throw new ImportError(
        'LINE_TOO_LONG',
        file,
        where,
        `the quoted record starting here is longer than ${maxLine} bytes (an unterminated quote?)`,
      );
    }
    if (line.bytes === null) {
      fail(tooLongError(file, line, maxLine, 'record'));
      continue;
    }
    let text: string;
    try {
      text = decodeUtf8(line.bytes, file, `line ${line.lineNo}`);
    } catch (err) {
      if (parser.open) throw err;
      fail(err as ImportError);
      continue;
    }
    if (!parser.open && text === '') continue;
    const record = parser.push(text);
    if (!record) continue;
    if (!header) {
      header = record.map((h) => h.trim());
      textIdx = header.indexOf(textColumn);
      if (textIdx < 0) throw new ImportError('MISSING_FIELD', file, 'header', `no column "${textColumn}" (columns: ${header.join(', ')})`);
      if (splitColumn) {
        splitIdx = header.indexOf(splitColumn);
        if (splitIdx < 0) throw new ImportError('MISSING_FIELD', file, 'header', `no split column "${splitColumn}"`);
      }
      continue;
    }
    row++;
    const locator = `row ${row} (${where})`;
    const value = record[textIdx];
    if (value === undefined) {
      fail(new ImportError('MISSING_FIELD', file, locator, `only ${record.length} fields; no "${textColumn}"`));
      continue;
    }
    let split: string | undefined;
    if (splitIdx >= 0) {
      split = splitValue(record[splitIdx]);
      if (split === undefined) {
        fail(new ImportError('MISSING_FIELD', file, locator, `no value in split column "${splitColumn}"`));
        continue;
      }
    }
    let metadata: Record<string, unknown> | undefined;
    for (let i = 0; i < header.length && i < record.length; i++) {
      if (i === textIdx || i === splitIdx) continue;
      const key = header[i] ?? `column${i}`;
      const v = record[i] ?? '';
      metadata ??= {};
      if (Object.keys(metadata).length >= limits.maxKeys) break;
      metadata[key] = v.length > limits.maxChars ? v.slice(0, limits.maxChars) : v;
    }
    rows++;
    yield { text: value, locator, ...(metadata ? { metadata } : {}), ...(split !== undefined ? { split } : {}) };
  }
  if (parser.open) throw new ImportError('UNTERMINATED_QUOTE', file, `line ${recordLine}`, 'a quoted field opened here is never closed');
  if (!header) throw new ImportError('EMPTY_FILE', file, null, 'the file is empty (expected a header row)');
  if (rows === 0 && bad === 0) throw new ImportError('EMPTY_FILE', file, null, 'the file has a header but no rows');
}
