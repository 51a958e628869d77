/**
 * The on-disk hub cache:
 *   <cacheDir>/<models|datasets>/<owner>--<name>/<sha>/<path>     downloaded files
 *   <cacheDir>/<models|datasets>/<owner>--<name>/refs.json        requested revision → sha
 *   <cacheDir>/<models|datasets>/<owner>--<name>/listings/<sha>.json  the repo listing at sha
 * refs + listings let a later run resolve "main" and know file sizes with no network.
 */
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { HubError } from './errors';
import type { RepoKind, RepoListing } from './types';
import { fsyncDir, writeFileAtomic as writeAtomic } from '../../node-shared/fs/atomic';

export { fsyncDir };

const REPO_ID = /^[A-Za-z0-9][A-Za-z0-9._-]*\/[A-Za-z0-9][A-Za-z0-9._-]*$/;

/** Refuses ids that are not owner/name (and so could escape the cache folder). */
export function checkRepoId(repo: string): void {
  if (!REPO_ID.test(repo) || repo.includes('..')) {
    throw new HubError('BAD_REPO_ID', `"${repo}" is not a hub repo id; expected "owner/name"`);
  }
}

export function repoDir(cacheDir: string, kind: RepoKind, repo: string): string {
  checkRepoId(repo);
  return path.join(cacheDir, kind === 'model' ? 'models' : 'datasets', repo.replace('/', '--'));
}

/** Path of a repo file in the cache; refuses paths that would leave the sha folder. */
export function cachedFilePath(cacheDir: string, kind: RepoKind, repo: string, sha: string, file: string): string {
  const base = path.join(repoDir(cacheDir, kind, repo), sha);
  const full = path.resolve(base, file);
  if (!/^[0-9a-f]{40}$/i.test(sha) || file.startsWith('/') || !full.startsWith(base + path.sep)) {
    throw new HubError('BAD_REPO_ID', `refusing to cache "${file}" at revision "${sha}": unsafe path`);
  }
  return full;
}

/** The hub cache is Hugging Face's shared folder, not the private data dir: process-default file modes. */
export async function writeFileAtomic(file: string, data: string): Promise<void> {
  await writeAtomic(file, data, { mode: null });
}

async function readJson(file: string): Promise<unknown> {
  try {
    return JSON.parse(await fs.readFile(file, 'utf8')) as unknown;
  } catch {
    return undefined; // missing or unreadable: treat as not cached
  }
}

export async function readRefs(cacheDir: string, kind: RepoKind, repo: string): Promise<Record<string, string>> {
  const refs = await readJson(path.join(repoDir(cacheDir, kind, repo), 'refs.json'));
  return refs && typeof refs === 'object' ? (refs as Record<string, string>) : {};
}

/** Record listing + revision → sha. Read-modify-write of refs.json; last writer wins. */
export async function saveListing(cacheDir: string, revision: string, listing: RepoListing): Promise<void> {
  const dir = repoDir(cacheDir, listing.kind, listing.repo);
  await writeFileAtomic(path.join(dir, 'listings', `${listing.sha}.json`), JSON.stringify(listing));
  const refs = await readRefs(cacheDir, listing.kind, listing.repo);
  if (refs[revision] !== listing.sha) {
    refs[revision] = listing.sha;
    await writeFileAtomic(path.join(dir, 'refs.json'), JSON.stringify(refs, null, 1));
  }
}

/** The cached listing for a revision (a branch/tag via refs.json, or a sha directly). */
export async function loadCachedListing(
  cacheDir: string,
  kind: RepoKind,
  repo: string,
  revision: string,
): Promise<RepoListing | undefined> {
  const sha = (await readRefs(cacheDir, kind, repo))[revision] ?? (/^[0-9a-f]{40}$/i.test(revision) ? revision : undefined);
  if (!sha) return undefined;
  const listing = await readJson(path.join(repoDir(cacheDir, kind, repo), 'listings', `${sha}.json`));
  return listing && typeof listing === 'object' ? (listing as RepoListing) : undefined;
}

/** Size of a file, or undefined when it does not exist. */
export async function fileSize(file: string): Promise<number | undefined> {
  try {
    return (await fs.stat(file)).size;
  } catch {
    return undefined;
  }
}
