import { createReadStream, promises as fs } from 'node:fs';
import { PassThrough, type Readable } from 'node:stream';
import { createGunzip } from 'node:zlib';
import * as tar from 'tar-stream';
import yauzl from 'yauzl';
import { ApiError } from '../../../shared/contract/errors';

/**
 * Bounds on what an archive may unpack to (docs/interop-export.md "Archives"): an export of ours is
 * a handful of files; weights barely compress and features.json compresses ~10×, so a ratio past 200
 * or totals past these are a zip bomb or not ours.
 */
export interface ArchiveLimits {
  maxEntries: number;
  maxEntryBytes: number;
  maxTotalBytes: number;
  /** Unpacked bytes per archive byte (per entry for zip, whole archive for tar.gz), checked past 1 MiB. */
  maxRatio: number;
}
export const ARCHIVE_LIMITS: ArchiveLimits = { maxEntries: 4096, maxEntryBytes: 16 * 2 ** 30, maxTotalBytes: 32 * 2 ** 30, maxRatio: 200 };
const RATIO_FLOOR = 2 ** 20;

export interface ArchiveEntry {
  /** Relative, forward slashes, checked by safeEntryName. */
  name: string;
  sizeBytes: number;
}

/** The entry's bytes; the visitor reads it to the end (or it is drained for it). */
export type EntryVisitor = (entry: ArchiveEntry, data: Readable) => Promise<void>;

export interface WalkResult {
  kind: 'zip' | 'tar.gz';
  sizeBytes: number;
  unpackedBytes: number;
  entries: ArchiveEntry[];
}

const refuse = (file: string, why: string) => new ApiError('VALIDATION', `${file} cannot be imported: ${why}. Nothing was written.`);

/**
 * An entry name that stays inside the folder it unpacks to: relative, no `..`, no backslashes or
 * drive letters, no NUL. Refused otherwise ("path traversal" entries of a crafted zip).
 */
export function safeEntryName(raw: string): string | null {
  if (raw.includes('\0') || raw.includes('\\')) return null;
  if (raw.startsWith('/') || /^[A-Za-z]:/.test(raw)) return null;
  const parts = raw.split('/').filter((p, i, a) => p !== '' || i === a.length - 1);
  if (parts.some((p) => p === '..' || p === '.')) return null;
  const name = parts.filter((p) => p !== '').join('/');
  return name.length ? name : null;
}

async function archiveKind(file: string): Promise<'zip' | 'tar.gz'> {
  const h = await fs.open(file, 'r');
  try {
    const head = Buffer.alloc(4);
    await h.read(head, 0, 4, 0);
    if (head[0] === 0x50 && head[1] === 0x4b) return 'zip';
    if (head[0] === 0x1f && head[1] === 0x8b) return 'tar.gz';
  } finally {
    await h.close();
  }
  throw refuse(file, 'it is neither a .zip nor a .tar.gz archive');
}

/** Reads every entry of a .zip or .tar.gz, refusing unsafe names, links, devices and sizes past the limits. */
export async function walkArchive(file: string, visit: EntryVisitor, limits: ArchiveLimits = ARCHIVE_LIMITS): Promise<WalkResult> {
  const st = await fs.stat(file).catch(() => null);
  if (!st?.isFile()) throw new ApiError('NOT_FOUND', `${file} is not a file`);
  const kind = await archiveKind(file);
  const entries: ArchiveEntry[] = [];
  let total = 0;
  const admit = (rawName: string, size: number, type: string, compressed: number | null): ArchiveEntry | null => {
    if (type === 'directory') return null;
    if (type !== 'file') throw refuse(file, `"${rawName}" is a ${type}; only plain files are allowed`);
    const name = safeEntryName(rawName);
    if (!name) throw refuse(file, `the entry "${rawName}" would unpack outside its folder (absolute path or "..")`);
    if (entries.length >= limits.maxEntries) throw refuse(file, `it has more than ${limits.maxEntries} entries`);
    if (size > limits.maxEntryBytes)
      throw refuse(file, `"${name}" unpacks to ${size} bytes, more than the ${limits.maxEntryBytes} allowed`);
    total += size;
    if (total > limits.maxTotalBytes) throw refuse(file, `it unpacks to more than ${limits.maxTotalBytes} bytes`);
    const base = compressed ?? st.size;
    const unpacked = compressed === null ? total : size;
    if (unpacked > RATIO_FLOOR && unpacked > base * limits.maxRatio)
      throw refuse(
        file,
        `"${name}" expands ${Math.round(unpacked / Math.max(1, base))}× (a zip bomb?); at most ${limits.maxRatio}× is allowed`,
      );
    const e = { name, sizeBytes: size };
    entries.push(e);
    return e;
  };
  try {
    if (kind === 'zip') await walkZip(file, admit, visit);
    else await walkTarGz(file, admit, visit);
  } catch (err) {
    if (err instanceof ApiError) throw err;
    throw refuse(file, `it is damaged or truncated (${err instanceof Error ? err.message : String(err)})`);
  }
  return { kind, sizeBytes: st.size, unpackedBytes: total, entries };
}

type Admit = (rawName: string, size: number, type: string, compressed: number | null) => ArchiveEntry | null;

async function drain(s: Readable): Promise<void> {
  s.resume();
  await new Promise<void>((resolve, reject) => {
    if (s.readableEnded) return resolve();
    s.once('end', resolve);
    s.once('error', reject);
  });
}

function walkZip(file: string, admit: Admit, visit: EntryVisitor): Promise<void> {
  return new Promise((resolve, reject) => {
    // decodeStrings off: names are checked here (yauzl's own check would reject with its own words).
    yauzl.open(file, { lazyEntries: true, autoClose: true, decodeStrings: false, validateEntrySizes: true }, (err, zip) => {
      if (err || !zip) return reject(err ?? new Error('unreadable'));
      const fail = (e: unknown) => {
        zip.close();
        reject(e);
      };
      zip.on('error', fail);
      zip.on('end', () => resolve());
      zip.on('entry', (entry: yauzl.Entry) => {
        // Opened with decodeStrings: false, so the name arrives as the raw bytes (typed string by @types/yauzl).
        const name: unknown = entry.fileName;
        const raw = Buffer.isBuffer(name) ? name.toString('utf8') : String(name);
        const mode = (entry.externalFileAttributes >>> 16) & 0o170000;
        const type = raw.endsWith('/')
          ? 'directory'
          : mode === 0o120000
            ? 'symbolic link'
            : mode !== 0 && mode !== 0o100000
              ? 'special file'
              : 'file';
        let e: ArchiveEntry | null;
        try {
          e = admit(raw, entry.uncompressedSize, type, entry.compressedSize);
        } catch (x) {
          return fail(x);
        }
        if (!e) return zip.readEntry();
        const admitted = e;
        zip.openReadStream(entry, (rerr, stream) => {
          if (rerr || !stream) return fail(rerr ?? new Error('unreadable entry'));
          visit(admitted, stream)
            .then(() => drain(stream))
            .then(() => zip.readEntry(), fail);
        });
      });
      zip.readEntry();
    });
  });
}

async function walkTarGz(file: string, admit: Admit, visit: EntryVisitor): Promise<void> {
  const extract = tar.extract();
  const source = createReadStream(file);
  const gunzip = createGunzip();
  source.on('error', (e) => extract.destroy(e));
  gunzip.on('error', (e) => extract.destroy(e));
  source.pipe(gunzip).pipe(extract);
  for await (const entry of extract) {
    const h = entry.header;
    const type =
      h.type === 'file' || h.type === 'contiguous-file'
        ? 'file'
        : h.type === 'directory'
          ? 'directory'
          : h.type === 'symlink' || h.type === 'link'
            ? 'link'
            : `${h.type ?? 'unknown'} entry`;
    const e = admit(h.name, h.size ?? 0, type, null);
    // tar-stream's entry is a streamx Readable; visitors get a node stream piped from it.
    const data = new PassThrough();
    entry.pipe(data);
    if (e) await visit(e, data);
    await drain(data);
  }
}
