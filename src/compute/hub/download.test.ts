import { existsSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { bytesFile, startFakeHub, type FakeHub, type FakeRepo } from '../../../test/fake-hub';
import { tinyModelRepo } from '../../../test/hub-repos';
import { HubClient } from './client';
import { parseContentRange } from './download';

const MODEL = 'onnx-community/tiny-gpt2';
const source = (file: string) => tinyModelRepo().branches.main?.[file]?.content ?? new Uint8Array();

const corruptRepo: FakeRepo = {
  kind: 'model',
  id: 'x/corrupt',
  branches: {
    main: {
      'bad-sha.bin': bytesFile(5_000, 7, { listedSha256: 'ab'.repeat(32) }),
      'bad-size.bin': bytesFile(5_000, 8, { listedSize: 6_000 }),
      'slow.bin': bytesFile(100_000, 9, { chunkDelayMs: 5 }),
    },
  },
};

let hub: FakeHub;
let cacheDir: string;

beforeEach(async () => {
  hub = await startFakeHub([tinyModelRepo(), corruptRepo]);
  cacheDir = mkdtempSync(path.join(os.tmpdir(), 'mistudio-hub-dl-'));
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
const requestsFor = (file: string) => hub.requests.filter((r) => r.url.includes(`/resolve/`) && r.url.endsWith(file));

describe('downloadFile resume', () => {
  it('leaves a .part after a cut transfer, and the next run resumes it with Range: bytes=N-', async () => {
    const client = new HubClient({ endpoint: hub.url, cacheDir, retries: 0 });
    hub.cutNext('onnx/model.onnx', 15_000);
    const err = await caught(client.downloadModel(MODEL, 'fp32'));
    expect(err).toMatchObject({ code: 'NETWORK', message: expect.stringContaining('run again to resume') });

    const dest = path.join(cacheDir, 'models', 'onnx-community--tiny-gpt2', hub.shaOf(MODEL), 'onnx', 'model.onnx');
    expect(existsSync(dest)).toBe(false);
    expect(statSync(`${dest}.part`).size).toBe(15_000);

    const result = await client.downloadModel(MODEL, 'fp32');
    const [first, second] = requestsFor('onnx/model.onnx');
    expect(first?.range).toBeUndefined();
    expect(second?.range).toBe('bytes=15000-');
    expect(second?.status).toBe(206);
    expect(readFileSync(result.files['onnx/model.onnx'] ?? '').equals(source('onnx/model.onnx'))).toBe(true);
    expect(existsSync(`${dest}.part`)).toBe(false);
  });

  it('retries on its own after a cut, resuming through the CDN redirect', async () => {
    const client = new HubClient({ endpoint: hub.url, cacheDir, retryDelayMs: () => 5 });
    hub.cutNext('onnx/model_quantized.onnx', 7_000);
    const result = await client.downloadModel(MODEL, 'q8');
    const cdn = hub.requests.filter((r) => r.server === 'cdn');
    expect(cdn.map((r) => r.range)).toEqual([undefined, 'bytes=7000-']);
    expect(readFileSync(result.files['onnx/model_quantized.onnx'] ?? '').equals(source('onnx/model_quantized.onnx'))).toBe(true);
  });

  it('starts over cleanly when the server answers a Range request with 200', async () => {
    const client = new HubClient({ endpoint: hub.url, cacheDir, retries: 0 });
    hub.cutNext('onnx/model_fp16.onnx', 10_000);
    await caught(client.downloadModel(MODEL, 'fp16'));
    hub.ignoreRange = true;
    const result = await client.downloadModel(MODEL, 'fp16');
    const second = requestsFor('onnx/model_fp16.onnx')[1];
    expect(second).toMatchObject({ range: 'bytes=10000-', status: 200 });
    expect(readFileSync(result.files['onnx/model_fp16.onnx'] ?? '').equals(source('onnx/model_fp16.onnx'))).toBe(true);
  });

  it('stops on abort, keeps the .part, and resumes it later', async () => {
    const client = new HubClient({ endpoint: hub.url, cacheDir });
    const ctrl = new AbortController();
    const err = await caught(
      client.downloadFiles('model', 'x/corrupt', ['slow.bin'], {
        signal: ctrl.signal,
        onProgress: (p) => p.loadedBytes >= 10_000 && ctrl.abort(),
      }),
    );
    expect(err).toMatchObject({ code: 'ABORTED' });
    const dest = path.join(cacheDir, 'models', 'x--corrupt', hub.shaOf('x/corrupt'), 'slow.bin');
    const partial = statSync(`${dest}.part`).size;
    expect(partial).toBeGreaterThan(0);
    expect(partial).toBeLessThan(100_000);

    await client.downloadFiles('model', 'x/corrupt', ['slow.bin']);
    expect(requestsFor('slow.bin')[1]?.range).toBe(`bytes=${partial}-`);
    expect(readFileSync(dest).equals(corruptRepo.branches.main?.['slow.bin']?.content ?? new Uint8Array())).toBe(true);
  });
});

describe('downloadFile locking', () => {
  it('refuses a second concurrent download of the same file with BUSY', async () => {
    const client = new HubClient({ endpoint: hub.url, cacheDir });
    let started!: () => void;
    const isStarted = new Promise<void>((r) => (started = r));
    const first = client.downloadFiles('model', 'x/corrupt', ['slow.bin'], { onProgress: (p) => p.loadedBytes > 0 && started() });
    await isStarted;
    const second = await caught(client.downloadFiles('model', 'x/corrupt', ['slow.bin']));
    expect(second).toMatchObject({ code: 'BUSY', message: expect.stringContaining('slow.bin is being downloaded by another job') });
    const done = await first;
    expect(existsSync(`${done.files['slow.bin']}.lock`)).toBe(false);
  });
});

describe('downloadFile verification', () => {
  it('detects a checksum mismatch and deletes the bad bytes', async () => {
    const client = new HubClient({ endpoint: hub.url, cacheDir });
    const err = await caught(client.downloadFiles('model', 'x/corrupt', ['bad-sha.bin']));
    expect(err).toMatchObject({ code: 'CHECKSUM_MISMATCH', details: { expected: 'ab'.repeat(32) } });
    const dest = path.join(cacheDir, 'models', 'x--corrupt', hub.shaOf('x/corrupt'), 'bad-sha.bin');
    expect(existsSync(dest)).toBe(false);
    expect(existsSync(`${dest}.part`)).toBe(false);
  });

  it('detects a size mismatch', async () => {
    const client = new HubClient({ endpoint: hub.url, cacheDir });
    const err = await caught(client.downloadFiles('model', 'x/corrupt', ['bad-size.bin']));
    expect(err).toMatchObject({ code: 'SIZE_MISMATCH', details: { expected: 6_000, actual: 5_000 } });
  });

  it('parses Content-Range', () => {
    expect(parseContentRange('bytes 100-999/1000')).toEqual({ start: 100, end: 999, total: 1000 });
    expect(parseContentRange('bytes 5-9/*')).toEqual({ start: 5, end: 9 });
    expect(parseContentRange('items 1-2/3')).toBeUndefined();
    expect(parseContentRange(null)).toBeUndefined();
  });
});
