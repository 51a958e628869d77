import { createReadStream } from 'node:fs';
import { ImportError } from './errors';
import { sourceName, type ByteSource } from './types';

/** One line of a source, without its "\n" / "\r\n"; `bytes` is null when it ran past the limit. */
export interface SourceLine {
  /** 1-based. */
  lineNo: number;
  bytes: Buffer | null;
  /** Length in bytes (also for a line that ran past the limit, up to where reading stopped counting). */
  length: number;
}

const READ_CHUNK_BYTES = 1 << 20;
const utf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

export function sourceChunks(src: ByteSource): AsyncIterable<Uint8Array> {
  return 'path' in src ? createReadStream(src.path, { highWaterMark: READ_CHUNK_BYTES }) : src.chunks;
}

/**
 * Splits a byte stream into lines holding at most one line (≤ maxLineBytes) in memory.
 * A longer line is reported once with `bytes: null` and its bytes are dropped up to the
 * next newline, so a 2 GB single-line file costs no more memory than a short one.
 */
export async function* splitLines(
  chunks: AsyncIterable<Uint8Array>,
  maxLineBytes: number,
  onBytes?: (n: number) => void,
): AsyncGenerator<SourceLine> {
  let pending: Buffer[] = [];
  let pendingLen = 0;
  let overflow = false;
  let lineNo = 1;
  let first = true;
  const take = (tail: Buffer): SourceLine => {
    const length = pendingLen + tail.length;
    let bytes: Buffer | null = null;
    if (!overflow && length <= maxLineBytes) {
      bytes = pending.length === 0 ? tail : Buffer.concat([...pending, tail], length);
      if (bytes.length > 0 && bytes[bytes.length - 1] === 0x0d) bytes = bytes.subarray(0, bytes.length - 1);
    }
    pending = [];
    pendingLen = 0;
    overflow = false;
    return { lineNo: lineNo++, bytes, length };
  };
  for await (const raw of chunks) {
    let buf = Buffer.isBuffer(raw) ? raw : Buffer.from(raw.buffer, raw.byteOffset, raw.byteLength);
    onBytes?.(buf.length);
    if (first && buf.length > 0) {
      first = false;
      if (buf[0] === 0xef && buf[1] === 0xbb && buf[2] === 0xbf) buf = buf.subarray(3); // UTF-8 BOM
    }
    let pos = 0;
    for (;;) {
      const nl = buf.indexOf(0x0a, pos);
      if (nl < 0) {
        const rest = buf.subarray(pos);
        if (overflow || pendingLen + rest.length > maxLineBytes) {
          overflow = true;
          pending = [];
          pendingLen += rest.length;
        } else if (rest.length > 0) {
          // Copy so a short tail does not pin the whole 1 MiB read chunk.
          pending.push(Buffer.from(rest));
          pendingLen += rest.length;
        }
        break;
      }
      yield take(buf.subarray(pos, nl));
      pos = nl + 1;
    }
  }
  if (pendingLen > 0 || overflow) yield take(Buffer.alloc(0));
}

/** Decodes UTF-8 strictly; invalid bytes become an INVALID_UTF8 error naming the place. */
export function decodeUtf8(bytes: Uint8Array, file: string, locator: string): string {
  try {
    return utf8.decode(bytes);
  } catch {
    throw new ImportError('INVALID_UTF8', file, locator, 'bytes are not valid UTF-8 (convert the file to UTF-8 first)');
  }
}

export function tooLongError(file: string, line: SourceLine, maxLineBytes: number, what = 'line'): ImportError {
  return new ImportError(
    'LINE_TOO_LONG',
    file,
    `line ${line.lineNo}`,
    `${what} is longer than the limit of ${maxLineBytes} bytes (raise the line limit or fix the file)`,
  );
}

export { sourceName };
