import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ACTIVATION_MANIFEST, hookFileName, refsFileName, type ActivationManifest } from '../activations/manifest';
import { ActivationStream } from './data-stream';

const HOOK = 'blocks.0.hook_resid_post';
const dir = mkdtempSync(path.join(tmpdir(), 'mistudio-stream-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Shards of 5, 3 and 4 rows, d = 2; row r holds [r, -r] so batches show which rows they took. */
function writeSet(): void {
  const sizes = [5, 3, 4];
  let next = 0;
  const shards = sizes.map((rows, index) => {
    const data = new Float32Array(rows * 2);
    for (let i = 0; i < rows; i++, next++) data.set([next, -next], i * 2);
    writeFileSync(path.join(dir, hookFileName(HOOK, index)), data);
    writeFileSync(path.join(dir, refsFileName(index)), new Int32Array(rows * 3));
    return { index, rows, files: { [HOOK]: hookFileName(HOOK, index) }, refsFile: refsFileName(index) };
  });
  const m: ActivationManifest = {
    kind: 'mistudio.activations',
    version: 1,
    modelDir: '/m',
    tokensDir: '/t',
    hooks: [HOOK],
    dModel: 2,
    dtype: 'float32',
    totalRows: 12,
    batchSize: 1,
    shards,
    createdAt: '',
  };
  writeFileSync(path.join(dir, ACTIVATION_MANIFEST), JSON.stringify(m));
}
writeSet();

const ids = (b: Float32Array) => Array.from({ length: b.length / 2 }, (_, i) => b[i * 2]!);

describe('ActivationStream', () => {
  it('visits every row once per epoch, shuffled within shards, with a new order each epoch', async () => {
    const s = await ActivationStream.open(dir, HOOK, 7);
    const epoch0 = ids(await s.next(12));
    expect([...epoch0].sort((a, b) => a - b)).toEqual(Array.from({ length: 12 }, (_, i) => i));
    expect(epoch0.slice(0, 5).every((r) => r < 5)).toBe(true); // shard order kept
    expect(epoch0).not.toEqual(Array.from({ length: 12 }, (_, i) => i));
    expect(s.cursor).toEqual({ shard: 2, row: 4, epoch: 0 });
    const epoch1 = ids(await s.next(12));
    expect([...epoch1].sort((a, b) => a - b)).toEqual(Array.from({ length: 12 }, (_, i) => i));
    expect(epoch1).not.toEqual(epoch0);
    expect(s.cursor.epoch).toBe(1);
  });

  it('is deterministic, and a stream reopened at a cursor continues exactly', async () => {
    const a = await ActivationStream.open(dir, HOOK, 3);
    const all: number[] = [];
    for (let i = 0; i < 9; i++) all.push(...ids(await a.next(4)));
    const b = await ActivationStream.open(dir, HOOK, 3);
    for (let i = 0; i < 4; i++) await b.next(4);
    const c = await ActivationStream.open(dir, HOOK, 3, b.cursor);
    const rest: number[] = [];
    for (let i = 0; i < 5; i++) rest.push(...ids(await c.next(4)));
    expect(rest).toEqual(all.slice(16));
    expect(c.cursor).toEqual(a.cursor);
  });

  it('says which hooks exist when asked for another', async () => {
    await expect(ActivationStream.open(dir, 'blocks.9.hook_mlp_out', 1)).rejects.toThrow(/has no blocks\.9\.hook_mlp_out/);
  });
});
