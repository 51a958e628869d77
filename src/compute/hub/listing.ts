/**
 * Hub URLs and the parsing of its listing answers into plain RepoListing data.
 *   model listing    GET /api/models/{repo}/revision/{rev}?blobs=true → {sha, siblings:[{rfilename,size,lfs?}]}
 *   dataset listing  GET /api/datasets/{repo}/revision/{rev}?blobs=true (same shape)
 *   parquet listing  GET /api/datasets/{repo}/parquet/{config}/{split} → ["https://…/0.parquet", …]
 *   file             GET /{repo}/resolve/{rev}/{path}   (datasets: /datasets/{repo}/resolve/…)
 */
import { HubError } from './errors';
import type { RepoFile, RepoKind, RepoListing } from './types';

/** Auto-converted parquet files live on this branch of a dataset repo. */
export const PARQUET_REVISION = 'refs/convert/parquet';

const encodePath = (p: string) => p.split('/').map(encodeURIComponent).join('/');

export function listingUrl(endpoint: string, kind: RepoKind, repo: string, revision: string): string {
  return `${endpoint}/api/${kind}s/${repo}/revision/${encodeURIComponent(revision)}?blobs=true`;
}

export function resolveUrl(endpoint: string, kind: RepoKind, repo: string, revision: string, file: string): string {
  const prefix = kind === 'dataset' ? '/datasets' : '';
  return `${endpoint}${prefix}/${repo}/resolve/${encodeURIComponent(revision)}/${encodePath(file)}`;
}

export function parquetListUrl(endpoint: string, repo: string, config: string, split: string): string {
  return `${endpoint}/api/datasets/${repo}/parquet/${encodeURIComponent(config)}/${encodeURIComponent(split)}`;
}

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

function parseSibling(s: unknown): RepoFile | undefined {
  if (!isRecord(s) || typeof s.rfilename !== 'string') return undefined;
  const file: RepoFile = { path: s.rfilename };
  const lfs = isRecord(s.lfs) ? s.lfs : undefined;
  // For LFS files `size` is the real size; lfs.size repeats it. The oid is called
  // `sha256` in /revision answers and `oid` in /paths-info answers.
  const size = typeof s.size === 'number' ? s.size : typeof lfs?.size === 'number' ? lfs.size : undefined;
  if (size !== undefined) file.size = size;
  const oid = typeof lfs?.sha256 === 'string' ? lfs.sha256 : typeof lfs?.oid === 'string' ? lfs.oid : undefined;
  if (oid && /^[0-9a-f]{64}$/i.test(oid)) file.sha256 = oid.toLowerCase();
  return file;
}

export function parseListing(kind: RepoKind, repo: string, body: unknown): RepoListing {
  if (!isRecord(body) || typeof body.sha !== 'string' || !/^[0-9a-f]{40}$/i.test(body.sha) || !Array.isArray(body.siblings)) {
    throw new HubError('BAD_RESPONSE', `the hub's listing of ${kind} ${repo} has no sha or siblings`);
  }
  const files = body.siblings.map(parseSibling).filter((f): f is RepoFile => f !== undefined);
  return { kind, repo, sha: body.sha.toLowerCase(), files };
}

export function parseParquetUrls(repo: string, body: unknown): string[] {
  if (!Array.isArray(body) || !body.every((u): u is string => typeof u === 'string')) {
    throw new HubError('BAD_RESPONSE', `the hub's parquet listing of dataset ${repo} is not a list of URLs`);
  }
  return body;
}

/**
 * The parquet files of one config/split on the refs/convert/parquet branch, in
 * shard order: "{config}/{split}/0000.parquet", … (older conversions used
 * "{config}/{name}-{split}.parquet" files: matched too).
 */
export function parquetFilesOf(listing: RepoListing, config: string, split: string): RepoFile[] {
  const dirPrefix = `${config}/${split}/`;
  const legacy = new RegExp(`^${escapeRe(config)}/[^/]*-${escapeRe(split)}(-\\d+-of-\\d+)?\\.parquet$`);
  const inDir = listing.files.filter((f) => f.path.startsWith(dirPrefix) && f.path.endsWith('.parquet'));
  const files = inDir.length > 0 ? inDir : listing.files.filter((f) => legacy.test(f.path));
  return files.sort((a, b) => a.path.localeCompare(b.path, 'en', { numeric: true }));
}

const escapeRe = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
