import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { filesFromDir, startFakeHub, type FakeHub } from '../../../test/fake-hub';
import { gatedModelRepo, tinyDatasetRepo, tinyModelRepo } from '../../../test/hub-repos';
import { HubClient } from './client';
import { HubError } from './errors';
import type { DownloadProgress } from './types';

const TOKEN = 'hf_testTOKEN_do_not_leak_123';
const GPT2_TINY = path.resolve(import.meta.dirname, '../../../fixtures/models/gpt2-tiny');

let hub: FakeHub;
let cacheDir: string;

beforeEach(async () => {
  const extra = existsSync(GPT2_TINY)
    ? [{ kind: 'model' as const, id: 'fixtures/gpt2-tiny', branches: { main: filesFromDir(GPT2_TINY) } }]
    : [];
  hub = await startFakeHub([tinyModelRepo(), gatedModelRepo(TOKEN), tinyDatasetRepo(), ...extra]);
  cacheDir = mkdtempSync(path.join(os.tmpdir(), 'mistudio-hub-'));
});

afterEach(async () => {
  await hub.close();
  rmSync(cacheDir, { recursive: true, force: true });
});

const caught = (p: Promise<unknown>) =>
  p.then(
    () => undefined,
    (e: unknown) => e,
  );

describe('HubClient model download', () => {
  it('downloads config, tokenizer and fp32 weights with external data, with well-formed progress', async () => {
    const client = new HubClient({ endpoint: hub.url, cacheDir });
    const events: DownloadProgress[] = [];
    const result = await client.downloadModel('onnx-community/tiny-gpt2', 'fp32', { onProgress: (p) => events.push(p) });

    const sha = hub.shaOf('onnx-community/tiny-gpt2');
    expect(result.sha).toBe(sha);
    expect(result.dir).toBe(path.join(cacheDir, 'models', 'onnx-community--tiny-gpt2', sha));
    expect(Object.keys(result.files).sort()).toEqual([
      'config.json',
      'generation_config.json',
      'onnx/model.onnx',
      'onnx/model.onnx_data',
      'special_tokens_map.json',
      'tokenizer.json',
      'tokenizer_config.json',
    ]);
    const data = readFileSync(result.files['onnx/model.onnx_data'] ?? '');
    expect(data.byteLength).toBe(200_000);
    expect(readFileSync(result.files['special_tokens_map.json'] ?? '').byteLength).toBe(0);

    // Progress: monotonic overall, ≥100 ms apart except the last, ends complete.
    expect(events.length).toBeGreaterThan(1);
    const last = events.at(-1);
    expect(last?.overallLoaded).toBe(last?.overallTotal);
    expect(last?.overallTotal).toBe(events[0]?.overallTotal);
    for (let i = 1; i < events.length; i++) expect(events[i]?.overallLoaded).toBeGreaterThanOrEqual(events[i - 1]?.overallLoaded ?? 0);

    // The redirected file went through the CDN without the token; the refs file maps main → sha.
    expect(hub.requests.some((r) => r.server === 'cdn' && r.url.includes('onnx%2Fmodel.onnx_data'))).toBe(true);
    const refs = JSON.parse(readFileSync(path.join(cacheDir, 'models', 'onnx-community--tiny-gpt2', 'refs.json'), 'utf8')) as unknown;
    expect(refs).toEqual({ main: sha });
  });

  it('skips files already in the cache', async () => {
    const client = new HubClient({ endpoint: hub.url, cacheDir });
    await client.downloadModel('onnx-community/tiny-gpt2', 'q8');
    const before = hub.requests.length;
    await client.downloadModel('onnx-community/tiny-gpt2', 'q8');
    expect(hub.requests.slice(before).map((r) => r.url)).toEqual([
      expect.stringContaining('/api/models/onnx-community/tiny-gpt2/revision/main'),
    ]);
  });

  it('reports the dtypes a repo offers', async () => {
    const client = new HubClient({ endpoint: hub.url, cacheDir });
    const offers = await client.modelDtypes('onnx-community/tiny-gpt2');
    expect(offers.map((o) => [o.dtype, o.bytes])).toEqual([
      ['fp32', 240_000],
      ['fp16', 30_000],
      ['q8', 20_000],
    ]);
  });

  it('says NOT_FOUND for an unknown repo, revision or file', async () => {
    const client = new HubClient({ endpoint: hub.url, cacheDir });
    const repo = await caught(client.downloadModel('nobody/nothing', 'fp32'));
    expect(repo).toMatchObject({ code: 'NOT_FOUND', message: expect.stringContaining('nobody/nothing not found') });
    const rev = await caught(client.downloadModel('onnx-community/tiny-gpt2', 'fp32', { revision: 'v9' }));
    expect(rev).toMatchObject({ code: 'NOT_FOUND', message: expect.stringContaining('revision "v9"') });
    const file = await caught(client.downloadFiles('model', 'onnx-community/tiny-gpt2', ['nope.bin']));
    expect(file).toMatchObject({ code: 'NOT_FOUND', message: expect.stringContaining('nope.bin') });
  });

  it.skipIf(!existsSync(GPT2_TINY))('serves the gpt2-tiny fixture folder byte for byte', async () => {
    const client = new HubClient({ endpoint: hub.url, cacheDir });
    const { listing } = await client.listModel('fixtures/gpt2-tiny');
    const result = await client.downloadFiles(
      'model',
      'fixtures/gpt2-tiny',
      listing.files.map((f) => f.path),
    );
    for (const [file, dest] of Object.entries(result.files))
      expect(readFileSync(dest).equals(readFileSync(path.join(GPT2_TINY, file)))).toBe(true);
  });
});

describe('HubClient gated repos', () => {
  it('without a token: GATED, telling the researcher what to do', async () => {
    const err = await caught(new HubClient({ endpoint: hub.url, cacheDir }).downloadModel('meta-like/gated-tiny', 'fp32'));
    expect(err).toBeInstanceOf(HubError);
    expect(err).toMatchObject({
      code: 'GATED',
      message: expect.stringMatching(/is gated: accept its licence on huggingface\.co and set a token in Settings/),
    });
  });

  it('with a token without access: GATED, a different message, and no token anywhere in the error', async () => {
    const wrong = 'hf_wrongTOKEN_secret_456';
    const err = await caught(new HubClient({ endpoint: hub.url, cacheDir, token: wrong }).downloadModel('meta-like/gated-tiny', 'fp32'));
    expect(err).toMatchObject({ code: 'GATED', message: expect.stringContaining('token set in Settings has no access') });
    const all = JSON.stringify({ message: (err as Error).message, details: (err as HubError).details, stack: (err as Error).stack });
    expect(all).not.toContain(wrong);
    expect(all).not.toContain('hf_');
  });

  it('with the right token: downloads, and the token goes to the hub only, never to the CDN', async () => {
    const client = new HubClient({ endpoint: hub.url, cacheDir, token: TOKEN });
    await client.downloadModel('meta-like/gated-tiny', 'q8');
    const hubReqs = hub.requests.filter((r) => r.server === 'hub');
    const cdnReqs = hub.requests.filter((r) => r.server === 'cdn');
    expect(hubReqs.every((r) => r.authorization === `Bearer ${TOKEN}`)).toBe(true);
    expect(cdnReqs.length).toBeGreaterThan(0);
    expect(cdnReqs.every((r) => r.authorization === undefined)).toBe(true);
  });

  it('sends no Authorization header when no token is set', async () => {
    await new HubClient({ endpoint: hub.url, cacheDir }).downloadModel('onnx-community/tiny-gpt2', 'fp16');
    expect(hub.requests.every((r) => r.authorization === undefined)).toBe(true);
  });
});

describe('HubClient offline', () => {
  it('reuses the cache when the hub is gone, and says OFFLINE for what was never cached', async () => {
    const online = new HubClient({ endpoint: hub.url, cacheDir });
    const first = await online.downloadModel('onnx-community/tiny-gpt2', 'fp16');
    await hub.close();

    const again = await online.downloadModel('onnx-community/tiny-gpt2', 'fp16');
    expect(again).toMatchObject({ sha: first.sha, fromCache: true, files: first.files });

    const forced = await new HubClient({ endpoint: 'http://127.0.0.1:9', cacheDir, offline: true }).downloadModel(
      'onnx-community/tiny-gpt2',
      'fp16',
    );
    expect(forced.fromCache).toBe(true);

    const otherDtype = await caught(online.downloadModel('onnx-community/tiny-gpt2', 'q8'));
    expect(otherDtype).toMatchObject({ code: 'OFFLINE', message: expect.stringContaining('onnx/model_quantized.onnx') });
    const uncached = await caught(online.downloadModel('Xenova/never-seen', 'fp32'));
    expect(uncached).toMatchObject({
      code: 'OFFLINE',
      message: expect.stringMatching(/cannot reach 127\.0\.0\.1:\d+ and model Xenova\/never-seen@main is not in the cache/),
    });
    const offlineUncached = await caught(new HubClient({ endpoint: hub.url, cacheDir, offline: true }).listModel('Xenova/never-seen'));
    expect(offlineUncached).toMatchObject({ code: 'OFFLINE', message: expect.stringContaining('offline mode is on') });
  });
});

describe('HubClient datasets', () => {
  it('lists parquet URLs and downloads a multi-file split from refs/convert/parquet', async () => {
    const client = new HubClient({ endpoint: hub.url, cacheDir });
    const urls = await client.listParquetUrls('someone/tiny-text', 'default', 'train');
    expect(urls).toEqual([0, 1].map((i) => `${hub.url}/api/datasets/someone/tiny-text/parquet/default/train/${i}.parquet`));

    const events: DownloadProgress[] = [];
    const result = await client.downloadParquetSplit('someone/tiny-text', 'default', 'train', { onProgress: (p) => events.push(p) });
    const sha = hub.shaOf('someone/tiny-text', 'refs/convert/parquet');
    expect(result.dir).toBe(path.join(cacheDir, 'datasets', 'someone--tiny-text', sha));
    expect(Object.keys(result.files)).toEqual(['default/train/0000.parquet', 'default/train/0001.parquet']);
    expect(readFileSync(result.files['default/train/0001.parquet'] ?? '').byteLength).toBe(9_000);
    expect(events.at(-1)).toMatchObject({ overallLoaded: 21_000, overallTotal: 21_000 });

    await hub.close();
    const cached = await client.downloadParquetSplit('someone/tiny-text', 'default', 'train');
    expect(cached).toMatchObject({ fromCache: true, sha });
  });

  it('says NOT_FOUND for a split without parquet', async () => {
    const client = new HubClient({ endpoint: hub.url, cacheDir });
    const err = await caught(client.downloadParquetSplit('someone/tiny-text', 'default', 'validation'));
    expect(err).toMatchObject({ code: 'NOT_FOUND', message: expect.stringContaining('split "validation"') });
  });

  it('lists a dataset repo at main', async () => {
    const { listing } = await new HubClient({ endpoint: hub.url, cacheDir }).listDataset('someone/tiny-text');
    expect(listing.files.map((f) => f.path)).toEqual(['README.md', 'data/train.jsonl']);
  });
});
