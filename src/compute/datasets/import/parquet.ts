import { open, type FileHandle } from 'node:fs/promises';
import { parquetMetadataAsync, parquetReadObjects, parquetSchema, type AsyncBuffer, type FileMetaData } from 'hyparquet';
import { compressors } from 'hyparquet-compressors';
import { ImportError } from './errors';
import { decodeUtf8 } from './lines';
import { splitValue } from './fields';
import type { RawSample, ReadHooks, ReaderOptions } from './types';

/** Range reads over an open file: hyparquet asks for the footer and one column chunk at a time. */
export function fileHandleBuffer(handle: FileHandle, byteLength: number): AsyncBuffer {
  return {
    byteLength,
    async slice(start: number, end: number = byteLength): Promise<ArrayBuffer> {
      const length = Math.max(0, Math.min(end, byteLength) - start);
      const out = new ArrayBuffer(length);
      const view = new Uint8Array(out);
      let done = 0;
      while (done < length) {
        const { bytesRead } = await handle.read(view, done, length - done, start + done);
        if (bytesRead === 0) break;
        done += bytesRead;
      }
      return out;
    },
  };
}

/**
 * Parquet (HF datasets' format): reads only the text (and split) columns, one row group at
 * a time, so memory is bounded by the largest row group's columns, not the file.
 */
export async function* readParquet(path: string, opts: ReaderOptions, hooks: ReadHooks): AsyncGenerator<RawSample> {
  const textColumn = opts.textColumn ?? 'text';
  const splitColumn = opts.splitColumn;
  const handle = await open(path, 'r');
  try {
    const { size } = await handle.stat();
    if (size === 0) throw new ImportError('EMPTY_FILE', path, null, 'the file is empty');
    const file = fileHandleBuffer(handle, size);
    let metadata: FileMetaData;
    try {
      metadata = await parquetMetadataAsync(file);
    } catch (err) {
      throw new ImportError(
        'INVALID_PARQUET',
        path,
        null,
        `not a readable parquet file (${err instanceof Error ? err.message : String(err)})`,
      );
    }
    const names = parquetSchema(metadata).children.map((c) => c.element.name);
    for (const col of [textColumn, ...(splitColumn ? [splitColumn] : [])]) {
      if (!names.includes(col)) throw new ImportError('MISSING_FIELD', path, null, `no column "${col}" (columns: ${names.join(', ')})`);
    }
    const totalRows = Number(metadata.num_rows);
    if (totalRows === 0) throw new ImportError('EMPTY_FILE', path, null, 'the parquet file has no rows');
    const columns = splitColumn ? [textColumn, splitColumn] : [textColumn];
    let rowStart = 0;
    for (const group of metadata.row_groups) {
      const rowEnd = rowStart + Number(group.num_rows);
      let rows: Record<string, unknown>[];
      try {
        rows = await parquetReadObjects({ file, metadata, columns, rowStart, rowEnd, compressors });
      } catch (err) {
        // hyparquet's own words ("Invalid typed array length: 4294967295") name neither the file nor the place.
        throw new ImportError(
          'INVALID_PARQUET',
          path,
          `rows ${rowStart + 1}–${rowEnd}`,
          `a data page of column "${textColumn}" is corrupt or truncated, so these rows cannot be read (${err instanceof Error ? err.message : String(err)})`,
        );
      }
      for (let i = 0; i < rows.length; i++) {
        const locator = `row ${rowStart + i + 1}`;
        const row = rows[i] ?? {};
        let text: unknown = row[textColumn];
        if (text instanceof Uint8Array) {
          try {
            text = decodeUtf8(text, path, locator);
          } catch (err) {
            hooks.onBadRow(err as ImportError);
            continue;
          }
        }
        if (text === undefined || text === null) {
          hooks.onBadRow(new ImportError('MISSING_FIELD', path, locator, `no value in column "${textColumn}"`));
          continue;
        }
        if (typeof text !== 'string') {
          hooks.onBadRow(new ImportError('NOT_TEXT', path, locator, `column "${textColumn}" holds a ${typeof text}, not a string`));
          continue;
        }
        let split: string | undefined;
        if (splitColumn) {
          split = splitValue(row[splitColumn]);
          if (split === undefined) {
            hooks.onBadRow(new ImportError('MISSING_FIELD', path, locator, `no value in split column "${splitColumn}"`));
            continue;
          }
        }
        yield { text, locator, ...(split !== undefined ? { split } : {}) };
      }
      // Progress in file bytes, shared out by row count (row groups are the read unit).
      hooks.onBytes?.(Math.round((size * (rowEnd - rowStart)) / totalRows));
      rowStart = rowEnd;
    }
  } finally {
    await handle.close();
  }
}
