import { stat } from 'node:fs/promises';
import { ImportError } from './errors';
import { decodeUtf8, sourceChunks, splitLines, tooLongError } from './lines';
import { DEFAULT_MAX_DOCUMENT_BYTES, DEFAULT_MAX_LINE_BYTES, sourceName } from './types';
import type { ByteSource, RawSample, ReadHooks, ReaderOptions } from './types';

/**
 * Plain text: a document per non-empty line, per blank-line-separated paragraph, or the
 * whole file as one document (refused past `maxDocumentBytes`).
 */
export async function* readTxt(src: ByteSource, opts: ReaderOptions, hooks: ReadHooks): AsyncGenerator<RawSample> {
  const file = sourceName(src);
  const mode = opts.txtMode ?? 'line';
  const maxDoc = opts.maxDocumentBytes ?? DEFAULT_MAX_DOCUMENT_BYTES;
  if (mode === 'file' && 'path' in src) {
    const size = (await stat(src.path)).size;
    if (size > maxDoc) {
      throw new ImportError(
        'DOCUMENT_TOO_LARGE',
        file,
        'file',
        `the whole file (${size} bytes) is over the document limit of ${maxDoc} bytes; import it per line or paragraph`,
      );
    }
  }
  // In file mode a line may be as long as the document limit.
  const maxLine = mode === 'file' ? maxDoc : (opts.maxLineBytes ?? DEFAULT_MAX_LINE_BYTES);
  let parts: string[] = [];
  let partsBytes = 0;
  let startLine = 0;
  let docs = 0;
  let bad = 0;
  const flush = (): RawSample | null => {
    const text = mode === 'file' ? parts.join('\n') : parts.join('\n').trim();
    const locator = mode === 'file' ? 'file' : `line ${startLine}`;
    parts = [];
    partsBytes = 0;
    if (text.trim() === '') return null;
    docs++;
    return { text, locator };
  };
  for await (const line of splitLines(sourceChunks(src), maxLine, hooks.onBytes)) {
    if (line.bytes === null) {
      if (mode === 'file')
        throw new ImportError('DOCUMENT_TOO_LARGE', file, 'file', `the file is over the document limit of ${maxDoc} bytes`);
      bad++;
      hooks.onBadRow(tooLongError(file, line, maxLine));
      continue;
    }
    let text: string;
    try {
      text = decodeUtf8(line.bytes, file, `line ${line.lineNo}`);
    } catch (err) {
      if (mode === 'file') throw err;
      bad++;
      hooks.onBadRow(err as ImportError);
      continue;
    }
    if (mode === 'line') {
      if (text.trim() !== '') {
        docs++;
        yield { text, locator: `line ${line.lineNo}` };
      }
      continue;
    }
    if (mode === 'paragraph' && text.trim() === '') {
      const doc = flush();
      if (doc) yield doc;
      continue;
    }
    if (parts.length === 0) startLine = line.lineNo;
    partsBytes += line.length + 1;
    if (partsBytes > maxDoc) {
      throw new ImportError(
        'DOCUMENT_TOO_LARGE',
        file,
        `line ${startLine}`,
        `the paragraph starting here is over the document limit of ${maxDoc} bytes`,
      );
    }
    parts.push(text);
  }
  const last = flush();
  if (last) yield last;
  if (docs === 0 && bad === 0) throw new ImportError('EMPTY_FILE', file, null, 'the file holds no text');
}
