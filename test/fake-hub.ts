/**
 * A loopback fake of the Hugging Face Hub for tests (CONTRIBUTING.md: hub code is tested
 * against fixture files, never the network). Two servers on 127.0.0.1:0 — the hub and
 * a "CDN" that redirected downloads land on (a different origin, as on the real hub).
 * Implements: /api/{models|datasets}/{repo}/revision/{rev}, /api/datasets/{repo}/parquet/
 * {config}/{split}[/{n}.parquet], /[datasets/]{repo}/resolve/{rev}/{path}; Range
 * requests; gated repos; cut transfers; a request log.
 */
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';

export interface FakeFile {
  content: Uint8Array;
  /** Listed with an `lfs` entry (size + sha256), as large files are on the hub. Default true. */
  lfs?: boolean;
  /** Answer the resolve URL with a 302 to the CDN server. */
  redirect?: boolean;
  /** Advertise this sha256 in the listing instead of the real one (corrupt-download test). */
  listedSha256?: string;
  /** Advertise this size in the listing instead of the real one. */
  listedSize?: number;
  /** Send the body in 1 KiB chunks this many ms apart (abort tests). */
  chunkDelayMs?: number;
}

export interface FakeRepo {
  kind: 'model' | 'dataset';
  id: string; // "owner/name"
  /** Branch or tag → files; the sha of each is derived from repo id and branch. */
  branches: Record<string, Record<string, FakeFile>>;
  /** Gated: 401 without a token, 403 with another token, 200 with this one. */
  gatedToken?: string;
}

export interface LoggedRequest {
  server: 'hub' | 'cdn';
  method: string;
  /** Path and query, as sent. */
  url: string;
  range: string | undefined;
  authorization: string | undefined;
  /** The answer's status (200 until the handler sets one). */
  readonly status: number;
}

export interface FakeHub {
  url: string;
  cdnUrl: string;
  requests: LoggedRequest[];
  /** The commit sha a branch of a repo lists as. */
  shaOf(id: string, branch?: string): string;
  /** Cut the next download of `file` (any repo) after `bytes` bytes of body. */
  cutNext(file: string, bytes: number): void;
  /** Answer Range requests with a plain 200 (a server without range support). */
  ignoreRange: boolean;
  close(): Promise<void>;
}

const MAX_LOG = 10_000; // entries; keeps a runaway test bounded

export const textFile = (text: string, extra: Omit<FakeFile, 'content'> = {}): FakeFile => ({
  content: new TextEncoder().encode(text),
  lfs: false,
  ...extra,
});

/** Deterministic pseudo-random bytes (so a resumed file can be compared byte for byte). */
export function bytesFile(size: number, seed = 1, extra: Omit<FakeFile, 'content'> = {}): FakeFile {
  const out = new Uint8Array(size);
  let x = seed >>> 0 || 1;
  for (let i = 0; i < size; i++) {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    x >>>= 0;
    out[i] = x & 0xff;
  }
  return { content: out, ...extra };
}

/** Every file under `dir` (e.g. fixtures/models/gpt2-tiny) as a branch's file map. */
export function filesFromDir(dir: string): Record<string, FakeFile> {
  const files: Record<string, FakeFile> = {};
  for (const entry of readdirSync(dir, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile()) continue;
    const full = path.join(entry.parentPath, entry.name);
    files[path.relative(dir, full).split(path.sep).join('/')] = { content: readFileSync(full) };
  }
  return files;
}

const sha256 = (b: Uint8Array) => createHash('sha256').update(b).digest('hex');

export async function startFakeHub(repos: FakeRepo[]): Promise<FakeHub> {
  const byKey = new Map(repos.map((r) => [`${r.kind}:${r.id}`, r]));
  const shaOf = (id: string, branch = 'main') => createHash('sha1').update(`${id}@${branch}`).digest('hex');
  const cuts = new Map<string, number>(); // file path → bytes to send before cutting
  const blobs = new Map<string, FakeFile>(); // CDN path → file
  const requests: LoggedRequest[] = [];
  const state = { ignoreRange: false };

  /** Branch files for a revision given as branch name or sha. */
  const branchOf = (repo: FakeRepo, rev: string) => {
    const name = Object.keys(repo.branches).find((b) => b === rev || shaOf(repo.id, b) === rev);
    return name === undefined ? undefined : { sha: shaOf(repo.id, name), files: repo.branches[name] ?? {} };
  };

  const fail = (res: http.ServerResponse, status: number, xErrorCode: string) => {
    res.writeHead(status, { 'content-type': 'application/json', 'x-error-code': xErrorCode });
    res.end(JSON.stringify({ error: xErrorCode }));
  };

  /** Body of `file` honouring Range, cuts and chunk delays. */
  const sendFile = (req: http.IncomingMessage, res: http.ServerResponse, name: string, file: FakeFile) => {
    const size = file.content.byteLength;
    const m = /^bytes=(\d+)-(\d*)$/.exec(req.headers.range ?? '');
    let start = 0;
    let end = size - 1;
    if (m && !state.ignoreRange) {
      start = Number(m[1]);
      end = m[2] ? Math.min(Number(m[2]), size - 1) : size - 1;
      if (start >= size) {
        res.writeHead(416, { 'content-range': `bytes */${size}` });
        return res.end();
      }
      res.writeHead(206, { 'content-range': `bytes ${start}-${end}/${size}`, 'content-length': end - start + 1, 'accept-ranges': 'bytes' });
    } else {
      res.writeHead(200, { 'content-length': size, 'accept-ranges': 'bytes', etag: `"${sha256(file.content)}"` });
    }
    const body = file.content.subarray(start, end + 1);
    const cut = cuts.get(name);
    if (cut !== undefined) {
      cuts.delete(name);
      // Send the first `cut` bytes, give the client 50 ms to read them (a fetch body
      // stream drops chunks still queued when it errors), then drop the connection.
      return res.write(body.subarray(0, cut), () => setTimeout(() => res.destroy(), 50).unref());
    }
    if (!file.chunkDelayMs) return res.end(body);
    let at = 0;
    const tick = () => {
      if (res.destroyed) return;
      if (at >= body.byteLength) return res.end();
      res.write(body.subarray(at, (at += 1024)));
      setTimeout(tick, file.chunkDelayMs).unref();
    };
    tick();
  };

  const hubHandler = (req: http.IncomingMessage, res: http.ServerResponse) => {
    const u = new URL(req.url ?? '/', 'http://x');
    const seg = u.pathname.split('/').slice(1).map(decodeURIComponent);
    const apiKind = seg[0] === 'api' ? (seg[1] === 'models' ? 'model' : seg[1] === 'datasets' ? 'dataset' : undefined) : undefined;
    const dlKind = seg[0] === 'datasets' ? 'dataset' : 'model';
    const rest = apiKind ? seg.slice(2) : dlKind === 'dataset' ? seg.slice(1) : seg;
    const kind = apiKind ?? dlKind;
    const repo = byKey.get(`${kind}:${rest[0]}/${rest[1]}`);
    if (!repo) return fail(res, 404, 'RepoNotFound');
    if (repo.gatedToken) {
      const auth = req.headers.authorization;
      if (!auth) return fail(res, 401, 'GatedRepo');
      if (auth !== `Bearer ${repo.gatedToken}`) return fail(res, 403, 'GatedRepo');
    }
    const [, , op, ...tail] = rest;
    if (apiKind && op === 'revision' && tail.length === 1) {
      const branch = branchOf(repo, tail[0] ?? '');
      if (!branch) return fail(res, 404, 'RevisionNotFound');
      const siblings = Object.entries(branch.files).map(([rfilename, f]) => ({
        rfilename,
        size: f.listedSize ?? f.content.byteLength,
        ...(f.lfs === false
          ? {}
          : { lfs: { sha256: f.listedSha256 ?? sha256(f.content), size: f.listedSize ?? f.content.byteLength, pointerSize: 134 } }),
      }));
      res.writeHead(200, { 'content-type': 'application/json' });
      return res.end(JSON.stringify({ id: repo.id, sha: branch.sha, siblings }));
    }
    if (apiKind === 'dataset' && op === 'parquet' && tail.length >= 2) {
      const [config, split, shard] = tail;
      const shards = Object.keys(repo.branches['refs/convert/parquet'] ?? {})
        .filter((p) => p.startsWith(`${config}/${split}/`))
        .sort();
      if (shards.length === 0) return fail(res, 404, 'EntryNotFound');
      const base = `http://${req.headers.host}/api/datasets/${repo.id}/parquet/${config}/${split}`;
      if (shard === undefined) {
        res.writeHead(200, { 'content-type': 'application/json' });
        return res.end(JSON.stringify(shards.map((_, i) => `${base}/${i}.parquet`)));
      }
      const target = shards[Number.parseInt(shard, 10)];
      if (!target) return fail(res, 404, 'EntryNotFound');
      res.writeHead(302, { location: `/datasets/${repo.id}/resolve/${encodeURIComponent('refs/convert/parquet')}/${target}` });
      return res.end();
    }
    if (!apiKind && op === 'resolve' && tail.length >= 2) {
      const branch = branchOf(repo, tail[0] ?? '');
      if (!branch) return fail(res, 404, 'RevisionNotFound');
      const name = tail.slice(1).join('/');
      const file = branch.files[name];
      if (!file) return fail(res, 404, 'EntryNotFound');
      res.setHeader('x-repo-commit', branch.sha);
      if (!file.redirect) return sendFile(req, res, name, file);
      const blob = `/blobs/${sha256(file.content)}`;
      blobs.set(blob, file);
      res.writeHead(302, { location: `${cdn.url}${blob}?name=${encodeURIComponent(name)}`, 'x-linked-size': file.content.byteLength });
      return res.end();
    }
    fail(res, 404, 'NotFound');
  };

  const cdnHandler = (req: http.IncomingMessage, res: http.ServerResponse) => {
    const u = new URL(req.url ?? '/', 'http://x');
    const file = blobs.get(u.pathname);
    if (!file) return fail(res, 404, 'NotFound');
    sendFile(req, res, u.searchParams.get('name') ?? '', file);
  };

  const hub = await listen('hub', hubHandler, requests);
  const cdn = await listen('cdn', cdnHandler, requests);
  return {
    url: hub.url,
    cdnUrl: cdn.url,
    requests,
    shaOf,
    cutNext: (file, bytes) => void cuts.set(file, bytes),
    get ignoreRange() {
      return state.ignoreRange;
    },
    set ignoreRange(v: boolean) {
      state.ignoreRange = v;
    },
    close: async () => {
      await Promise.all([hub.close(), cdn.close()]);
    },
  };
}

async function listen(name: 'hub' | 'cdn', handler: http.RequestListener, log: LoggedRequest[]) {
  const server = http.createServer((req, res) => {
    // Logged on arrival, so a test sees it as soon as the client has its answer.
    const { range, authorization } = req.headers;
    if (log.length >= MAX_LOG) log.shift();
    log.push({
      server: name,
      method: req.method ?? 'GET',
      url: req.url ?? '',
      range,
      authorization,
      get status() {
        return res.statusCode;
      },
    });
    handler(req, res);
  });
  server.maxConnections = 64;
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
