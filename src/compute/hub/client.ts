/**
 * Hugging Face Hub client for worker threads (plain Node: fetch + fs). Lists repos,
 * downloads files into the cache with resume and verification, and falls back to the
 * cache when the hub cannot be reached (like transformers' `local_files_only`).
 * The token only ever sits in request headers to the hub's own origin.
 */
import path from 'node:path';
import { fileSize, loadCachedListing, cachedFilePath, repoDir, saveListing } from './cache';
import { downloadFile } from './download';
import { errorForStatus, HubError, type RequestSubject } from './errors';
import { hubGetJson, type HttpConfig } from './http';
import { listingUrl, parquetFilesOf, parquetListUrl, parseListing, parseParquetUrls, PARQUET_REVISION, resolveUrl } from './listing';
import { createProgressFolder } from './progress';
import { modelDtypes, selectModelFiles, type DtypeOffer, type ModelDtype } from './select';
import type { DownloadProgress, DownloadResult, RepoKind, RepoListing } from './types';

export const DEFAULT_ENDPOINT = 'https://huggingface.co';

export interface HubClientOptions {
  cacheDir: string;
  endpoint?: string;
  /** HF access token; sent as `Authorization: Bearer` to the hub origin only. */
  token?: string;
  /** Never touch the network: serve from the cache or fail with OFFLINE. */
  offline?: boolean;
  /** For tests only. */
  fetchImpl?: typeof fetch;
  /** Extra attempts per file after a connection loss or a 5xx (each resumes). Default 3. */
  retries?: number;
  /** Wait before retry n, ms. Default 300 × n. */
  retryDelayMs?: (attempt: number) => number;
}

export interface DownloadOptions {
  /** Branch, tag or commit; default "main". */
  revision?: string;
  signal?: AbortSignal;
  onProgress?: (p: DownloadProgress) => void;
}

export interface Resolved {
  listing: RepoListing;
  /** True when the listing came from the cache (offline option or hub unreachable). */
  fromCache: boolean;
}

export class HubClient {
  readonly endpoint: string;
  readonly cacheDir: string;
  private readonly http: HttpConfig;
  private readonly opts: HubClientOptions;

  constructor(opts: HubClientOptions) {
    this.opts = opts;
    this.cacheDir = opts.cacheDir;
    this.endpoint = (opts.endpoint ?? DEFAULT_ENDPOINT).replace(/\/+$/, '');
    this.http = { endpoint: this.endpoint, token: opts.token || undefined, fetchImpl: opts.fetchImpl ?? fetch };
  }

  private subject(kind: RepoKind, repo: string, revision: string, file?: string): RequestSubject {
    return { kind, repo, revision, hasToken: Boolean(this.http.token), ...(file ? { file } : {}) };
  }

  /** The repo listing at `revision`, from the hub (and then cached) or from the cache. */
  async resolve(kind: RepoKind, repo: string, revision = 'main', signal?: AbortSignal): Promise<Resolved> {
    const where = `${kind} ${repo}@${revision}`;
    const cached = () => loadCachedListing(this.cacheDir, kind, repo, revision);
    if (this.opts.offline) {
      const listing = await cached();
      if (listing) return { listing, fromCache: true };
      throw new HubError('OFFLINE', `offline mode is on and ${where} is not in the cache (${repoDir(this.cacheDir, kind, repo)})`);
    }
    try {
      const body = await hubGetJson(
        this.http,
        listingUrl(this.endpoint, kind, repo, revision),
        (status, x) => errorForStatus(status, x, this.subject(kind, repo, revision)),
        signal,
      );
      const listing = parseListing(kind, repo, body);
      await saveListing(this.cacheDir, revision, listing);
      return { listing, fromCache: false };
    } catch (err) {
      if (!(err instanceof HubError) || err.code !== 'OFFLINE') throw err;
      const listing = await cached();
      if (listing) return { listing, fromCache: true };
      throw new HubError(
        'OFFLINE',
        `${err.message} and ${where} is not in the cache; connect to the network once to download it, or import the files from a folder`,
        err.details,
      );
    }
  }

  listModel(repo: string, revision = 'main', signal?: AbortSignal): Promise<Resolved> {
    return this.resolve('model', repo, revision, signal);
  }

  listDataset(repo: string, revision = 'main', signal?: AbortSignal): Promise<Resolved> {
    return this.resolve('dataset', repo, revision, signal);
  }

  /** URLs of the hub's auto-converted parquet files of one config/split (network only). */
  async listParquetUrls(repo: string, config: string, split: string, signal?: AbortSignal): Promise<string[]> {
    const body = await hubGetJson(
      this.http,
      parquetListUrl(this.endpoint, repo, config, split),
      (status, x) => {
        const err = errorForStatus(status, x, this.subject('dataset', repo, PARQUET_REVISION));
        if (err.code !== 'NOT_FOUND') return err;
        return new HubError(
          'NOT_FOUND',
          `dataset ${repo} has no auto-converted parquet for config "${config}", split "${split}"`,
          err.details,
        );
      },
      signal,
    );
    return parseParquetUrls(repo, body);
  }

  /** The dtypes a model repo offers (with sizes), e.g. to fill a picker. */
  async modelDtypes(repo: string, revision = 'main', signal?: AbortSignal): Promise<DtypeOffer[]> {
    return modelDtypes((await this.resolve('model', repo, revision, signal)).listing);
  }

  /** config, tokenizer and the ONNX weights for `dtype`, in transformers.js layout. */
  downloadModel(repo: string, dtype: ModelDtype, opts: DownloadOptions = {}): Promise<DownloadResult> {
    return this.downloadFiles('model', repo, (listing) => selectModelFiles(listing, dtype), opts);
  }

  /** Every parquet shard of one config/split (from the refs/convert/parquet branch). */
  async downloadParquetSplit(
    repo: string,
    config: string,
    split: string,
    opts: Omit<DownloadOptions, 'revision'> = {},
  ): Promise<DownloadResult> {
    if (!this.opts.offline) {
      try {
        await this.listParquetUrls(repo, config, split, opts.signal); // NOT_FOUND / GATED early, with a clear message
      } catch (err) {
        if (!(err instanceof HubError) || err.code !== 'OFFLINE') throw err; // unreachable: try the cache below
      }
    }
    return this.downloadFiles(
      'dataset',
      repo,
      (listing) => {
        const files = parquetFilesOf(listing, config, split).map((f) => f.path);
        if (files.length > 0) return files;
        throw new HubError(
          'NOT_FOUND',
          `dataset ${repo} has no parquet files for config "${config}", split "${split}" on ${PARQUET_REVISION}`,
        );
      },
      { ...opts, revision: PARQUET_REVISION },
    );
  }

  /**
   * Download `files` (or the files a selector picks from the listing) into
   * <cacheDir>/<kind>s/<owner>--<name>/<sha>/, one at a time, skipping files already
   * complete. Unreachable hub → the cached copy when every file is there, else OFFLINE.
   */
  async downloadFiles(
    kind: RepoKind,
    repo: string,
    files: string[] | ((listing: RepoListing) => string[]),
    opts: DownloadOptions = {},
  ): Promise<DownloadResult> {
    const revision = opts.revision ?? 'main';
    const { listing, fromCache } = await this.resolve(kind, repo, revision, opts.signal);
    const wanted = typeof files === 'function' ? files(listing) : files;
    const byPath = new Map(listing.files.map((f) => [f.path, f]));
    const absent = wanted.filter((f) => !byPath.has(f));
    if (absent.length > 0) {
      throw new HubError('NOT_FOUND', `${absent.join(', ')} not found in ${kind} ${repo} at revision "${revision}"`, {
        repo,
        revision,
        files: absent,
      });
    }
    const result: DownloadResult = {
      kind,
      repo,
      sha: listing.sha,
      dir: path.join(repoDir(this.cacheDir, kind, repo), listing.sha),
      files: {},
      fromCache,
    };
    const progress = createProgressFolder(opts.onProgress);
    const todo: string[] = [];
    for (const file of wanted) {
      const dest = cachedFilePath(this.cacheDir, kind, repo, listing.sha, file);
      const expected = byPath.get(file)?.size;
      result.files[file] = dest;
      progress.expect(file, expected);
      const have = await fileSize(dest);
      if (have !== undefined && (expected === undefined || have === expected)) progress.update(file, have, have);
      else todo.push(file);
    }
    if (fromCache && todo.length > 0) {
      throw new HubError(
        'OFFLINE',
        `cannot reach ${new URL(this.endpoint).host} and ${todo.join(', ')} of ${kind} ${repo}@${revision} are not in the cache`,
        {
          repo,
          revision,
          files: todo,
        },
      );
    }
    for (const file of todo) {
      const entry = byPath.get(file);
      await downloadFile(
        this.http,
        {
          url: resolveUrl(this.endpoint, kind, repo, listing.sha, file),
          dest: result.files[file] ?? '',
          subject: { ...this.subject(kind, repo, revision), file },
          ...(entry?.size !== undefined ? { expectedSize: entry.size } : {}),
          ...(entry?.sha256 ? { sha256: entry.sha256 } : {}),
        },
        {
          onBytes: (loaded, total) => progress.update(file, loaded, total),
          ...(opts.signal ? { signal: opts.signal } : {}),
          ...(this.opts.retries !== undefined ? { retries: this.opts.retries } : {}),
          ...(this.opts.retryDelayMs ? { retryDelayMs: this.opts.retryDelayMs } : {}),
        },
      );
    }
    progress.finish();
    return result;
  }
}
