/**
 * One file from the hub into the cache: stream to `<dest>.part`, resume an existing
 * .part with `Range: bytes=N-` (kept only if the server answers 206 with a matching
 * Content-Range; a 200 means it ignored the Range, so we start over), check size and
 * SHA-256, then rename into place. A cancelled or cut transfer leaves the .part.
 */
import { createHash, type Hash } from 'node:crypto';
import { createReadStream, promises as fs } from 'node:fs';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileSize, fsyncDir } from './cache';
import { errorForStatus, HubError, type RequestSubject } from './errors';
import { abortedError, hubGet, type HttpConfig } from './http';
import { lockDownload } from './lock';

export interface FileJob {
  url: string;
  /** Final path in the cache. */
  dest: string;
  subject: RequestSubject & { file: string };
  /** Bytes, from the listing, when known. */
  expectedSize?: number;
  /** Lowercase hex, from the listing's LFS oid, when known. */
  sha256?: string;
}

export interface FileDownloadOptions {
  signal?: AbortSignal;
  /** Called with this file's bytes on disk so far and its total (bytes). */
  onBytes?: (loadedBytes: number, totalBytes: number) => void;
  /** Extra attempts after a connection loss or a 5xx (each resumes the .part). Default 3. */
  retries?: number;
  /** Wait before retry n (1-based), ms. Default 300 × n. */
  retryDelayMs?: (attempt: number) => number;
}

export async function downloadFile(cfg: HttpConfig, job: FileJob, opts: FileDownloadOptions = {}): Promise<void> {
  await fs.mkdir(path.dirname(job.dest), { recursive: true });
  const lock = await lockDownload(job.dest, job.subject.file);
  try {
    await downloadWithRetries(cfg, job, opts);
  } finally {
    await lock.release();
  }
}

async function downloadWithRetries(cfg: HttpConfig, job: FileJob, opts: FileDownloadOptions): Promise<void> {
  const retries = opts.retries ?? 3;
  for (let attempt = 0; ; attempt++) {
    try {
      return await attemptDownload(cfg, job, opts);
    } catch (err) {
      const transient = err instanceof HubError && (err.code === 'NETWORK' || err.code === 'OFFLINE' || /^HTTP_5\d\d$/.test(err.code));
      if (!transient || attempt >= retries || opts.signal?.aborted) throw err;
      const delay = opts.retryDelayMs?.(attempt + 1) ?? 300 * (attempt + 1);
      await sleep(delay, undefined, opts.signal ? { signal: opts.signal } : {}).catch(() => {
        throw abortedError(`download of ${job.subject.file}`);
      });
    }
  }
}

async function attemptDownload(cfg: HttpConfig, job: FileJob, opts: FileDownloadOptions): Promise<void> {
  const part = `${job.dest}.part`;
  const onDisk = await fileSize(part);
  let offset = onDisk ?? 0;
  if (job.expectedSize !== undefined && offset > job.expectedSize) {
    await fs.rm(part, { force: true }); // longer than the file can be: not ours to resume
    offset = 0;
  }
  let digest: string | undefined;
  if (onDisk !== undefined && offset === job.expectedSize) {
    opts.onBytes?.(offset, offset); // a previous run got every byte but stopped before the rename
    if (job.sha256) digest = await hashPrefix(part, createHash('sha256'), offset).then((h) => h.digest('hex'));
  } else {
    digest = await fetchInto(cfg, job, part, offset, opts);
  }
  await verify(job, part, digest);
  await fs.rename(part, job.dest);
  await fsyncDir(path.dirname(job.dest));
}

/** Returns the SHA-256 of the whole .part when the listing gave one to check. */
async function fetchInto(
  cfg: HttpConfig,
  job: FileJob,
  part: string,
  offset: number,
  opts: FileDownloadOptions,
): Promise<string | undefined> {
  const what = `download of ${job.subject.file}`;
  const signalOpt = opts.signal ? { signal: opts.signal } : {};
  let res = await hubGet(cfg, job.url, { headers: offset > 0 ? { range: `bytes=${offset}-` } : {}, ...signalOpt });
  let start = 0;
  if (offset > 0 && res.status === 206) {
    const range = parseContentRange(res.headers.get('content-range'));
    if (range?.start === offset) start = offset;
  }
  if (offset > 0 && (res.status === 416 || (res.status === 206 && start === 0))) {
    // The server cannot continue our .part (gone, changed or misaligned): start over.
    await res.body?.cancel();
    await fs.rm(part, { force: true });
    res = await hubGet(cfg, job.url, signalOpt);
  }
  if (!res.ok || !res.body) {
    await res.body?.cancel();
    throw errorForStatus(res.status, res.headers.get('x-error-code'), job.subject);
  }
  const length = Number(res.headers.get('content-length') ?? NaN);
  const total = job.expectedSize ?? (Number.isFinite(length) ? start + length : 0);
  const hash = job.sha256 ? await hashPrefix(part, createHash('sha256'), start) : undefined;
  const handle = await fs.open(part, start > 0 ? 'a' : 'w'); // 'w' truncates: a 200 restarts cleanly
  let loaded = start;
  opts.onBytes?.(loaded, total);
  const reader = res.body.getReader();
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      await handle.write(value);
      hash?.update(value);
      loaded += value.byteLength;
      opts.onBytes?.(loaded, Math.max(total, loaded));
    }
    await handle.sync();
  } catch (err) {
    if (opts.signal?.aborted) throw abortedError(what);
    throw new HubError('NETWORK', `connection lost during the ${what} after ${loaded} bytes; run again to resume`, {
      file: job.subject.file,
      loadedBytes: loaded,
      cause: err instanceof Error ? err.message : String(err),
    });
  } finally {
    await handle.close();
  }
  if (job.expectedSize === undefined && Number.isFinite(length) && loaded !== start + length) {
    await fs.rm(part, { force: true });
    throw sizeMismatch(job, start + length, loaded);
  }
  return hash?.digest('hex');
}

async function verify(job: FileJob, part: string, digest: string | undefined): Promise<void> {
  const size = (await fileSize(part)) ?? 0;
  if (job.expectedSize !== undefined && size !== job.expectedSize) {
    await fs.rm(part, { force: true });
    throw sizeMismatch(job, job.expectedSize, size);
  }
  if (job.sha256 && digest !== job.sha256) {
    await fs.rm(part, { force: true });
    throw new HubError(
      'CHECKSUM_MISMATCH',
      `${job.subject.file} from ${job.subject.repo} failed its SHA-256 check (the download was corrupted); it was deleted, run again`,
      { file: job.subject.file, expected: job.sha256, actual: digest },
    );
  }
}

function sizeMismatch(job: FileJob, expected: number, actual: number): HubError {
  return new HubError(
    'SIZE_MISMATCH',
    `${job.subject.file} from ${job.subject.repo} is ${actual} bytes, expected ${expected}; it was deleted, run again`,
    { file: job.subject.file, expected, actual },
  );
}

/** Feed the first `bytes` of `file` into `hash` (for a resumed .part). */
function hashPrefix(file: string, hash: Hash, bytes: number): Promise<Hash> {
  if (bytes <= 0) return Promise.resolve(hash);
  return new Promise((resolve, reject) => {
    createReadStream(file, { start: 0, end: bytes - 1 })
      .on('data', (chunk) => hash.update(chunk))
      .on('end', () => resolve(hash))
      .on('error', reject);
  });
}

/** "bytes 100-999/1000" → {start:100, end:999, total:1000}; total undefined for "/*". */
export function parseContentRange(value: string | null): { start: number; end: number; total?: number } | undefined {
  const m = value ? /^bytes (\d+)-(\d+)\/(\d+|\*)$/.exec(value.trim()) : null;
  if (!m) return undefined;
  const total = m[3] === '*' ? undefined : Number(m[3]);
  return { start: Number(m[1]), end: Number(m[2]), ...(total !== undefined ? { total } : {}) };
}
