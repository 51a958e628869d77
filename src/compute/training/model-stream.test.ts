import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readActivationManifest, readActivationShards } from '../activations/reader';
import { DEMO_MODEL_DIR } from '../../../test/task-support';
import { ActivationStream, type DataCursor } from './data-stream';
import { ModelActivationStream } from './model-stream';
import type { ActivationSource } from './source';
import { buildActivationSet, HOOK } from './test-support';

/** 3 windows of 32 tokens per buffer, run 2 windows per forward (groups of 2 + 1). */
const BUFFER_ROWS = 96;
const BATCH = 40;
const SEED = 11;

let set: Awaited<ReturnType<typeof buildActivationSet>>;
let tokensDir = '';
/** The disk activation set's rows, [totalRows, d] in (window, position) order. */
let extracted: Float32Array;

beforeAll(async () => {
  set = await buildActivationSet(24);
  tokensDir = (await readActivationManifest(set.activationsDir)).tokensDir;
  extracted = new Float32Array(set.totalRows * set.dModel);
  let at = 0;
  for await (const s of readActivationShards(set.activationsDir, HOOK)) {
    extracted.set(s.rows, at * set.dModel);
    at += s.n;
  }
});
afterAll(() => set?.cleanup());

const open = (cursor?: DataCursor, hook = HOOK) =>
  ModelActivationStream.open({
    modelDir: DEMO_MODEL_DIR,
    tokensDir,
    hook,
    seed: SEED,
    bufferRows: BUFFER_ROWS,
    forwardBatchRows: 2,
    cursor,
  });

/** Largest |a − b| over a greedy one-to-one matching of a's rows to b's rows (multisets of rows [n, d]). */
function multisetDistance(a: Float32Array, b: Float32Array, d: number): number {
  const n = a.length / d;
  const used = new Uint8Array(n);
  let worst = 0;
  for (let i = 0; i < n; i++) {
    let best = -1;
    let bestErr = Infinity;
    for (let j = 0; j < n; j++) {
      if (used[j]) continue;
      let err = 0;
      for (let k = 0; k < d && err < bestErr; k++) err = Math.max(err, Math.abs(a[i * d + k]! - b[j * d + k]!));
      if (err < bestErr) [best, bestErr] = [j, err];
    }
    used[best] = 1;
    worst = Math.max(worst, bestErr);
  }
  return worst;
}

const bytes = (x: Float32Array) => Buffer.from(x.buffer, x.byteOffset, x.byteLength);

describe('ModelActivationStream', () => {
  it('serves over one epoch exactly the rows extraction writes, shuffled within buffers, reshuffled next epoch', async () => {
    const s = await open();
    const d = set.dModel;
    expect(s.dIn).toBe(d);
    expect(s.totalRows).toBe(set.totalRows);
    expect(s.windowsPerBuffer).toBe(3);
    const epoch = await s.next(s.totalRows);
    expect(s.cursor).toEqual({ shard: 0, row: 0, epoch: 1 });
    expect(bytes(epoch).equals(bytes(extracted))).toBe(false); // shuffled
    // Windows are full (concat_chunk), so buffer b holds extracted rows [b·96, (b+1)·96).
    for (let from = 0; from < s.totalRows; from += BUFFER_ROWS) {
      const to = Math.min(s.totalRows, from + BUFFER_ROWS);
      expect(multisetDistance(epoch.subarray(from * d, to * d), extracted.subarray(from * d, to * d), d)).toBeLessThan(1e-5);
    }
    const nextEpoch = await s.next(BUFFER_ROWS);
    expect(bytes(nextEpoch).equals(bytes(epoch.subarray(0, BUFFER_ROWS * d)))).toBe(false);
    expect(multisetDistance(nextEpoch, epoch.subarray(0, BUFFER_ROWS * d), d)).toBe(0);
  });

  it('k batches, then a stream reopened at the cursor, equals k + m batches straight, bit for bit (across refills and epochs)', async () => {
    const perEpoch = Math.floor(set.totalRows / BATCH);
    const total = perEpoch + 6;
    const straight = await open();
    const batches: Float32Array[] = [];
    const cursors: DataCursor[] = [straight.cursor];
    for (let i = 0; i < total; i++) {
      batches.push(await straight.next(BATCH));
      cursors.push(straight.cursor);
    }
    expect(cursors.at(-1)!.epoch).toBe(1);
    // k = 1: mid buffer 0, m crosses the refill at row 96; k = perEpoch: the next batch crosses the epoch; k = perEpoch + 1: in epoch 1.
    for (const k of [1, perEpoch, perEpoch + 1]) {
      const resumed = await open(cursors[k]);
      expect(resumed.cursor).toEqual(cursors[k]);
      for (let i = k; i < Math.min(total, k + 4); i++) {
        expect(bytes(await resumed.next(BATCH)).equals(bytes(batches[i]!)), `k=${k}, batch ${i}`).toBe(true);
        expect(resumed.cursor).toEqual(cursors[i + 1]);
      }
    }
    // The same through a stream that itself read k batches first.
    const first = await open();
    for (let i = 0; i < 3; i++) await first.next(BATCH);
    const again = await open(first.cursor);
    expect(bytes(await again.next(BATCH)).equals(bytes(batches[3]!))).toBe(true);
  });

  it('stands in for the disk stream as an ActivationSource', async () => {
    const sources: ActivationSource[] = [await open(), await ActivationStream.open(set.activationsDir, HOOK, SEED)];
    expect(sources.map((s) => [s.dIn, s.totalRows])).toEqual([
      [set.dModel, set.totalRows],
      [set.dModel, set.totalRows],
    ]);
  });

  it('refuses an unknown hook and a cursor outside the token set with a clear error', async () => {
    await expect(open(undefined, 'blocks.9.hook_resid_post')).rejects.toMatchObject({
      code: 'BAD_PARAMS',
      message: expect.stringMatching(/has no hook "blocks\.9\.hook_resid_post" \(its hooks: blocks\.0…\d+\.\{.*hook_resid_post/),
    });
    await expect(open({ shard: 99, row: 0, epoch: 0 })).rejects.toMatchObject({
      code: 'BAD_PARAMS',
      message: expect.stringMatching(/data cursor .* is outside/),
    });
  });
});
