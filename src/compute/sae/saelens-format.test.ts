import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { dSaeOf, initSaeWeights } from './init';
import { decodeDirect, encodeDirect } from './math';
import { foldInputScale, scaleBatch } from './normalize';
import { decodeSafetensors, encodeSafetensors } from './safetensors';
import { buildSaeLensCfg, writeSaeLensFolder } from './saelens-format';
import { readSaeLensFolder } from './saelens-reader';
import { SparseDictionaryData } from './synthetic';
import { testHyperparameters } from './test-fixtures';
import { TfjsEngine } from './tfjs/engine';
import { encodeTrainerState, initialTrainerState, readTrainerState } from './trainer-state';

const dirs: string[] = [];
async function tmp(): Promise<string> {
  const d = await mkdtemp(path.join(tmpdir(), 'sae-fmt-'));
  dirs.push(d);
  return d;
}
afterAll(async () => Promise.all(dirs.map((d) => rm(d, { recursive: true, force: true }))));
const prov = { modelName: 'tiny-gpt2', hookName: 'blocks.1.hook_resid_post', hookLayer: 1, contextSize: 128, prependBos: true };

describe('safetensors', () => {
  it('round-trips F32 tensors; header is 8-byte LE length + JSON, data 8-byte aligned', () => {
    const bytes = encodeSafetensors(
      { a: { shape: [2, 3], data: Float32Array.from([1, 2, 3, 4, 5, 6.5]) }, b: { shape: [1], data: Float32Array.from([-0]) } },
      { format: 'pt' },
    );
    const n = Number(new DataView(bytes.buffer).getBigUint64(0, true));
    expect((8 + n) % 8).toBe(0);
    const header = JSON.parse(new TextDecoder().decode(bytes.subarray(8, 8 + n))) as Record<
      string,
      { dtype: string; shape: number[]; data_offsets: number[] }
    >;
    expect(header.a).toEqual({ dtype: 'F32', shape: [2, 3], data_offsets: [0, 24] });
    const back = decodeSafetensors(bytes);
    expect(Array.from(back.tensors.get('a')?.data ?? [])).toEqual([1, 2, 3, 4, 5, 6.5]);
    expect(back.metadata).toEqual({ format: 'pt' });
  });
  it('rejects truncated files with a clear error', () => {
    const bytes = encodeSafetensors({ a: { shape: [4], data: new Float32Array(4) } });
    expect(() => decodeSafetensors(bytes.subarray(0, bytes.length - 4), 'x.safetensors')).toThrow(/x.safetensors: tensor "a" offsets/);
  });
});

describe('SAELens folder', () => {
  it.each(['standard', 'topk'] as const)(
    'write → read gives the same tensors, the cfg fields SAELens needs, and the engine reconstructions: %s',
    async (architecture) => {
      const hp = testHyperparameters({ architecture, k: 5, dIn: 16, expansionFactor: 2, batchSize: 32 });
      const dSae = dSaeOf(hp);
      const { weights, rngState } = initSaeWeights(hp);
      const engine = await TfjsEngine.create({ prefer: 'cpu' });
      await engine.init(hp, weights, initialTrainerState(dSae, rngState));
      const data = new SparseDictionaryData(16, 32, 0.1, 5, 0.2);
      const scale = 1.9; // as if normalizeInputs estimated it
      for (let s = 0; s < 20; s++) await engine.step(scaleBatch(data.batch(32), scale), 5e-3, 0.1);
      const trained = (await engine.exportState()).weights;
      const dir = path.join(await tmp(), 'step-20');
      const cfg = buildSaeLensCfg(architecture, 16, dSae, prov, 5);
      await writeSaeLensFolder(dir, foldInputScale(trained, scale), cfg);
      const cfgJson = JSON.parse(await readFile(path.join(dir, 'cfg.json'), 'utf8')) as Record<string, unknown>;
      for (const key of [
        'architecture',
        'd_in',
        'd_sae',
        'dtype',
        'device',
        'apply_b_dec_to_input',
        'normalize_activations',
        'model_name',
        'hook_name',
        'hook_layer',
        'context_size',
        'prepend_bos',
        'activation_fn_str',
        'activation_fn_kwargs',
        'metadata',
      ]) {
        expect(cfgJson, key).toHaveProperty(key);
      }
      expect(cfgJson.architecture).toBe(architecture);
      if (architecture === 'topk') expect(cfgJson.k).toBe(5);

      const loaded = await readSaeLensFolder(dir);
      expect(loaded.dIn).toBe(16);
      expect(Array.from(loaded.weights.b_enc)).toEqual(Array.from(trained.b_enc)); // b_enc is not rescaled
      // The saved SAE on raw activations reproduces the engine on scaled ones (x̂ / scale).
      const x = data.batch(24);
      const xHatEngine = await engine.decode(await engine.encode(scaleBatch(x, scale), 24), 24);
      const shape = { architecture, dIn: 16, dSae, k: loaded.k ?? 0 };
      const xHatLoaded = decodeDirect(loaded.weights, shape, encodeDirect(loaded.weights, shape, x, 24), 24);
      for (let i = 0; i < xHatLoaded.length; i++) expect(xHatLoaded[i]).toBeCloseTo((xHatEngine[i] ?? 0) / scale, 4);

      // Without the fold: the same tensors bit for bit.
      const raw = path.join(await tmp(), 'raw');
      await writeSaeLensFolder(raw, trained, cfg);
      const again = await readSaeLensFolder(raw);
      for (const p of ['W_enc', 'b_enc', 'W_dec', 'b_dec'] as const)
        expect(Buffer.from(again.weights[p].buffer).equals(Buffer.from(trained[p].buffer))).toBe(true);
      await engine.dispose();
    },
  );

  it('reports missing files and wrong shapes clearly', async () => {
    const dir = await tmp();
    await expect(readSaeLensFolder(dir)).rejects.toThrow(/cfg.json not found/);
    const w = initSaeWeights(testHyperparameters()).weights;
    await writeSaeLensFolder(dir, w, buildSaeLensCfg('standard', 8, 32, prov));
    await writeFile(path.join(dir, 'cfg.json'), JSON.stringify({ architecture: 'standard', d_in: 8, d_sae: 16 }));
    await expect(readSaeLensFolder(dir)).rejects.toThrow(/"W_enc" has shape \[8, 32\], expected \[8, 16\]/);
  });

  it('rewriting a folder replaces it whole (atomic rename, no temp folders left)', async () => {
    const parent = await tmp();
    const dir = path.join(parent, 'latest');
    const w = initSaeWeights(testHyperparameters()).weights;
    await writeSaeLensFolder(dir, w, buildSaeLensCfg('standard', 8, 32, prov), { 'old.txt': 'x' });
    await writeSaeLensFolder(dir, w, buildSaeLensCfg('standard', 8, 32, { ...prov, hookLayer: 2 }));
    expect((await readdir(dir)).sort()).toEqual(['cfg.json', 'sae_weights.safetensors']);
    expect((await readSaeLensFolder(dir)).cfg.hook_layer).toBe(2);
    expect(await readdir(parent)).toEqual(['latest']);
  });

  it('trainer state round-trips exactly', async () => {
    const dir = path.join(await tmp(), 'ckpt');
    const w = initSaeWeights(testHyperparameters()).weights;
    const state = {
      ...initialTrainerState(32, 77, 1.2345678901234567),
      step: 9,
      moments: { m: w, v: w },
      dataCursor: { shard: 2, row: 100 },
    };
    await writeSaeLensFolder(dir, w, buildSaeLensCfg('standard', 8, 32, prov), encodeTrainerState(state, 8, 32));
    const back = await readTrainerState(dir);
    expect(back.step).toBe(9);
    expect(back.inputScale).toBe(1.2345678901234567);
    expect(back.dataCursor).toEqual({ shard: 2, row: 100 });
    expect(back.rngState).toBe(77);
    expect(Array.from(back.moments?.v.W_dec ?? [])).toEqual(Array.from(w.W_dec));
  });
});
