import { closeSync, fsyncSync, openSync, writeSync } from 'node:fs';
import { endianness } from 'node:os';
import path from 'node:path';
import { shardFileNames, type TokenShardInfo } from './manifest';
import type { TokenRow } from './rows';

// Typed arrays use the platform's byte order; the files are little-endian by definition.
if (endianness() !== 'LE') throw new Error('token shards are little-endian; big-endian hosts are not supported');

/** Appends uint32 values to a file through a fixed buffer (1 Mi values = 4 MiB). */
class U32Appender {
  private readonly buf = new Uint32Array(1 << 20);
  private n = 0;
  private readonly fd: number;
  constructor(file: string) {
    this.fd = openSync(file, 'w');
  }
  push(v: number): void {
    this.buf[this.n++] = v;
    if (this.n === this.buf.length) this.flush();
  }
  /** Appends all of `values`, copying whole runs into the buffer. */
  pushAll(values: readonly number[]): void {
    let from = 0;
    while (from < values.length) {
      const take = Math.min(values.length - from, this.buf.length - this.n);
      this.buf.set(from === 0 && take === values.length ? values : values.slice(from, from + take), this.n);
      this.n += take;
      from += take;
      if (this.n === this.buf.length) this.flush();
    }
  }
  private flush(): void {
    if (this.n > 0) writeSync(this.fd, new Uint8Array(this.buf.buffer, 0, this.n * 4));
    this.n = 0;
  }
  close(): void {
    this.flush();
    fsyncSync(this.fd);
    closeSync(this.fd);
  }
}

interface OpenShard {
  info: TokenShardInfo;
  tokens: U32Appender;
  rows: U32Appender;
  index: U32Appender;
}

/**
 * Writes rows into numbered shards of at most `shardTokens` tokens (a row longer than that
 * gets a shard of its own). Synchronous file I/O: it runs on a worker thread.
 */
export class TokenShardWriter {
  private current: OpenShard | null = null;
  private readonly done: TokenShardInfo[] = [];
  private nextRow = 0;

  constructor(
    private readonly dir: string,
    private readonly shardTokens: number,
  ) {}

  write(row: TokenRow): void {
    let s = this.current;
    if (s && s.info.tokens > 0 && s.info.tokens + row.tokens.length > this.shardTokens) {
      this.closeCurrent();
      s = null;
    }
    s ??= this.open();
    s.rows.push(s.info.tokens);
    s.rows.push(row.tokens.length);
    s.rows.push(row.unpaddedLength);
    s.tokens.pushAll(row.tokens);
    for (const g of row.segments) {
      s.index.push(this.nextRow);
      s.index.push(g.position);
      s.index.push(g.sampleOrdinal);
      s.index.push(g.sampleTokenStart);
      s.index.push(g.length);
    }
    s.info.tokens += row.tokens.length;
    s.info.rows += 1;
    s.info.segments += row.segments.length;
    this.nextRow += 1;
  }

  /** Closes (fsyncs) the open shard and returns every shard written. */
  finish(): TokenShardInfo[] {
    this.closeCurrent();
    return this.done;
  }

  /** Closes file handles without caring about the data (the folder is about to be removed). */
  abort(): void {
    try {
      this.closeCurrent();
    } catch {
      // best effort: the caller removes the folder
    }
  }

  private open(): OpenShard {
    const names = shardFileNames(this.done.length);
    const info: TokenShardInfo = { ...names, firstRow: this.nextRow, rows: 0, tokens: 0, segments: 0 };
    this.current = {
      info,
      tokens: new U32Appender(path.join(this.dir, names.tokensFile)),
      rows: new U32Appender(path.join(this.dir, names.rowsFile)),
      index: new U32Appender(path.join(this.dir, names.indexFile)),
    };
    return this.current;
  }

  private closeCurrent(): void {
    const s = this.current;
    if (!s) return;
    this.current = null;
    s.tokens.close();
    s.rows.close();
    s.index.close();
    this.done.push(s.info);
  }
}
