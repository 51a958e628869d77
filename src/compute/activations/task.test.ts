import { existsSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDataset, DEMO_MODEL_DIR, fakeContext } from '../../../test/task-support';
import { readTokenRows, tokenizeDatasetTask } from '../datasets/tokenize';
import { TaskCancelledError } from '../runtime/protocol';
import { LanguageModel } from '../model/language-model';
import { readActivationManifest, readActivationShards } from './reader';
import { extractActivationsTask } from './task';

const HOOKS = ['blocks.1.hook_resid_post', 'blocks.3.hook_mlp_out'];
const CONTEXT = 32;
const texts = [
  'In the beginning God created the heaven and the earth. And the earth was without form, and void; and darkness was upon the face of the deep.',
  'And God said, Let there be light: and there was light. And God saw the light, that it was good: and God divided the light from the darkness.',
  'And God called the light Day, and the darkness he called Night. And the evening and the morning were the first day.',
  'And God said, Let there be a firmament in the midst of the waters, and let it divide the waters from the waters.',
];
let ds: ReturnType<typeof createTestDataset>;
let tokensDir = '';

beforeAll(async () => {
  ds = createTestDataset(texts.map((text) => ({ text })));
  tokensDir = path.join(ds.dir, 'tokens');
  const settings = {
    mode: 'concat_chunk',
    maxLength: CONTEXT,
    padding: 'none',
    truncation: 'none',
    addSpecialTokens: false,
    returnAttentionMask: true,
    contextSize: CONTEXT,
    prependBos: true,
  } as const;
  await tokenizeDatasetTask(
    { datasetId: ds.datasetId, dbPath: ds.dbPath, modelDir: DEMO_MODEL_DIR, settings, outDir: tokensDir },
    fakeContext(),
  );
});
afterAll(() => ds.cleanup());

describe('activation extraction', () => {
  it('writes every token’s activations at each hook, across shards, equal to a direct forward, with refs back to the windows', async () => {
    const outDir = path.join(ds.dir, 'acts');
    const r = await extractActivationsTask(
      { modelDir: DEMO_MODEL_DIR, tokensDir, hooks: HOOKS, batchSize: 2, maxTokens: null, dtype: 'float32', outDir, shardRows: 50 },
      fakeContext(),
    );
    const windows = [];
    for await (const row of readTokenRows(tokensDir)) windows.push(Array.from(row.tokens));
    expect(r.totalRows).toBe(windows.length * CONTEXT);
    expect(r.shards).toBe(Math.ceil(r.totalRows / 50));
    const m = await readActivationManifest(outDir);
    expect(m).toMatchObject({ hooks: HOOKS, dModel: 256, totalRows: r.totalRows });

    const lm = LanguageModel.load(DEMO_MODEL_DIR, { provider: 'cpu' });
    const direct = await lm.forward({ inputIds: windows }, { read: HOOKS });
    for (const hook of HOOKS) {
      let seen = 0;
      let maxErr = 0;
      for await (const shard of readActivationShards(outDir, hook)) {
        for (let i = 0; i < shard.n; i++) {
          const [row, pos, token] = [shard.refs[i * 3]!, shard.refs[i * 3 + 1]!, shard.refs[i * 3 + 2]!];
          expect(windows[row]![pos]).toBe(token);
          const src = direct.activations[hook]!.subarray((row * CONTEXT + pos) * 256, (row * CONTEXT + pos + 1) * 256);
          for (let k = 0; k < 256; k++) maxErr = Math.max(maxErr, Math.abs(shard.rows[i * 256 + k]! - src[k]!));
        }
        seen += shard.n;
      }
      expect(seen).toBe(r.totalRows);
      expect(maxErr).toBeLessThan(1e-4);
    }
    await lm.release();
  });

  it('float16 storage and a token limit', async () => {
    const outDir = path.join(ds.dir, 'acts16');
    const r = await extractActivationsTask(
      { modelDir: DEMO_MODEL_DIR, tokensDir, hooks: [HOOKS[0]!], batchSize: 4, maxTokens: 40, dtype: 'float16', outDir },
      fakeContext(),
    );
    expect(r.totalRows).toBe(40);
    let n = 0;
    for await (const s of readActivationShards(outDir, HOOKS[0]!)) {
      n += s.n;
      expect(s.rows.every(Number.isFinite)).toBe(true);
    }
    expect(n).toBe(40);
  });

  it('a cancelled extraction leaves no folder behind; an unknown hook fails before any work', async () => {
    const outDir = path.join(ds.dir, 'cancelled');
    await expect(
      extractActivationsTask(
        { modelDir: DEMO_MODEL_DIR, tokensDir, hooks: HOOKS, batchSize: 1, maxTokens: null, dtype: 'float32', outDir },
        fakeContext({ cancelAtCheckpoint: 2 }),
      ),
    ).rejects.toBeInstanceOf(TaskCancelledError);
    expect(existsSync(outDir)).toBe(false);
    expect(readdirSync(ds.dir).filter((f) => f.startsWith('cancelled'))).toEqual([]);
    await expect(
      extractActivationsTask(
        {
          modelDir: DEMO_MODEL_DIR,
          tokensDir,
          hooks: ['blocks.9.hook_resid_post'],
          batchSize: 1,
          maxTokens: null,
          dtype: 'float32',
          outDir,
        },
        fakeContext(),
      ),
    ).rejects.toThrow(/no hook/);
  });

  it('leaves out every window with held-out (validation) text, and counts them', async () => {
    const split = createTestDataset(
      texts.map((text, i) => ({ text, split: i === 2 ? 'validation' : 'train' })),
      'ds-split',
    );
    try {
      const tok = path.join(split.dir, 'tokens');
      const settings = {
        mode: 'concat_chunk',
        maxLength: CONTEXT,
        padding: 'none',
        truncation: 'none',
        addSpecialTokens: false,
        returnAttentionMask: true,
        contextSize: CONTEXT,
        prependBos: true,
      } as const;
      await tokenizeDatasetTask(
        { datasetId: split.datasetId, dbPath: split.dbPath, modelDir: DEMO_MODEL_DIR, settings, outDir: tok },
        fakeContext(),
      );
      let kept = 0;
      let skipped = 0;
      for await (const row of readTokenRows(tok)) {
        if (row.segments.some((g) => g.sampleOrdinal === 2)) skipped++;
        else kept += row.unpaddedLength;
      }
      expect(skipped).toBeGreaterThan(0);
      const outDir = path.join(split.dir, 'acts');
      const r = await extractActivationsTask(
        {
          modelDir: DEMO_MODEL_DIR,
          tokensDir: tok,
          hooks: [HOOKS[0]!],
          batchSize: 2,
          maxTokens: null,
          dtype: 'float32',
          outDir,
          holdOut: { dbPath: split.dbPath, datasetId: split.datasetId, splits: ['validation'] },
        },
        fakeContext(),
      );
      expect(r.totalRows).toBe(kept);
      expect(await readActivationManifest(outDir)).toMatchObject({
        heldOutSplits: ['validation'],
        skippedWindows: skipped,
        totalRows: kept,
      });
    } finally {
      split.cleanup();
    }
  });
});
