import { ImportError } from './errors';
import { metadataLimits, scalarMetadata, splitValue, valueAtPath } from './fields';
import { decodeUtf8, sourceChunks, splitLines, tooLongError } from './lines';
import { DEFAULT_MAX_LINE_BYTES, sourceName } from './types';
import type { ByteSource, RawSample, ReadHooks, ReaderOptions } from './types';

/**
 * JSON Lines: one JSON value per line; the text at `textField` (dotted path), the split
 * at `splitField`, other top-level scalars kept as bounded metadata. Blank lines are skipped.
 */
export async function* readJsonl(src: ByteSource, opts: ReaderOptions, hooks: ReadHooks): AsyncGenerator<RawSample> {
  const file = sourceName(src);
  const textField = opts.textField ?? 'text';
  const splitField = opts.splitField;
  const maxLine = opts.maxLineBytes ?? DEFAULT_MAX_LINE_BYTES;
  const limits = metadataLimits(opts);
  // Top-level keys that already have a place (text, split) are not repeated in metadata.
  const exclude = new Set([textField.split('.')[0] ?? textField, ...(splitField ? [splitField.split('.')[0] ?? splitField] : [])]);
  let rows = 0;
  let bad = 0;
  for await (const line of splitLines(sourceChunks(src), maxLine, hooks.onBytes)) {
    const locator = `line ${line.lineNo}`;
    const fail = (err: ImportError) => {
      bad++;
      hooks.onBadRow(err);
    };
    if (line.bytes === null) {
      fail(tooLongError(file, line, maxLine));
      continue;
    }
    let raw: string;
    try {
      raw = decodeUtf8(line.bytes, file, locator);
    } catch (err) {
      fail(err as ImportError);
      continue;
    }
    if (raw.trim() === '') continue;
    let record: unknown;
    try {
      record = JSON.parse(raw);
    } catch (err) {
      const why = err instanceof Error ? err.message : String(err);
      fail(new ImportError('INVALID_JSON', file, locator, `not valid JSON (${why})`));
      continue;
    }
    const text = valueAtPath(record, textField);
    if (text === undefined || text === null) {
      fail(new ImportError('MISSING_FIELD', file, locator, `no field "${textField}"`));
      continue;
    }
    if (typeof text !== 'string') {
      fail(
        new ImportError(
          'NOT_TEXT',
          file,
          locator,
          `field "${textField}" is ${Array.isArray(text) ? 'an array' : `a ${typeof text}`}, not a string`,
        ),
      );
      continue;
    }
    let split: string | undefined;
    if (splitField) {
      split = splitValue(valueAtPath(record, splitField));
      if (split === undefined) {
        fail(new ImportError('MISSING_FIELD', file, locator, `no split field "${splitField}"`));
        continue;
      }
    }
    const isObject = record !== null && typeof record === 'object' && !Array.isArray(record);
    const metadata = isObject ? scalarMetadata(record as Record<string, unknown>, exclude, limits) : undefined;
    rows++;
    yield { text, locator, ...(metadata ? { metadata } : {}), ...(split !== undefined ? { split } : {}) };
  }
  if (rows === 0 && bad === 0) throw new ImportError('EMPTY_FILE', file, null, 'the file holds no JSON lines');
}
