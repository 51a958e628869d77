import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { cachedFilePath, loadCachedListing, readRefs, saveListing } from './cache';
import type { RepoListing } from './types';

const dirs: string[] = [];
const tmp = () => {
  const d = mkdtempSync(path.join(os.tmpdir(), 'mistudio-hub-cache-'));
  dirs.push(d);
  return d;
};
afterEach(() => dirs.splice(0).forEach((d) => rmSync(d, { recursive: true, force: true })));

const SHA = '0123456789abcdef0123456789abcdef01234567';

describe('hub cache', () => {
  it('lays files out as <kind>s/<owner>--<name>/<sha>/<path>', () => {
    expect(cachedFilePath('/c', 'model', 'Xenova/gpt2', SHA, 'onnx/model.onnx')).toBe(
      path.join('/c', 'models', 'Xenova--gpt2', SHA, 'onnx', 'model.onnx'),
    );
    expect(cachedFilePath('/c', 'dataset', 'a/b', SHA, 'x.parquet')).toBe(path.join('/c', 'datasets', 'a--b', SHA, 'x.parquet'));
  });

  it('refuses repo ids and paths that would leave the cache', () => {
    expect(() => cachedFilePath('/c', 'model', '../etc', SHA, 'x')).toThrow(expect.objectContaining({ code: 'BAD_REPO_ID' }));
    expect(() => cachedFilePath('/c', 'model', 'a/..', SHA, 'x')).toThrow(expect.objectContaining({ code: 'BAD_REPO_ID' }));
    expect(() => cachedFilePath('/c', 'model', 'a/b', SHA, '../../x')).toThrow(expect.objectContaining({ code: 'BAD_REPO_ID' }));
    expect(() => cachedFilePath('/c', 'model', 'a/b', 'main', 'x')).toThrow(expect.objectContaining({ code: 'BAD_REPO_ID' }));
  });

  it('maps revisions to shas and finds the listing by branch or by sha', async () => {
    const cacheDir = tmp();
    const listing: RepoListing = { kind: 'model', repo: 'a/b', sha: SHA, files: [{ path: 'config.json', size: 3 }] };
    await saveListing(cacheDir, 'main', listing);
    await saveListing(cacheDir, 'v1.0', listing);
    expect(await readRefs(cacheDir, 'model', 'a/b')).toEqual({ main: SHA, 'v1.0': SHA });
    expect(await loadCachedListing(cacheDir, 'model', 'a/b', 'main')).toEqual(listing);
    expect(await loadCachedListing(cacheDir, 'model', 'a/b', SHA)).toEqual(listing);
    expect(await loadCachedListing(cacheDir, 'model', 'a/b', 'dev')).toBeUndefined();
    expect(await loadCachedListing(cacheDir, 'dataset', 'a/b', 'main')).toBeUndefined();
  });
});
