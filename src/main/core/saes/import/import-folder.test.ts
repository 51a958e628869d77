import { cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, truncateSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Core } from '../..';
import { removeDir, tempDir } from '../../../../../test/core-helpers';
import { call, openTestCore, setUpCorpus, waitFor } from '../../../../../test/features-fixture';
import { encodeSafetensors } from '../../../../compute/sae/safetensors';
import { readSaeLensFolder } from '../../../../compute/sae/saelens-reader';
import { featureActivations, loadSteeringSae } from '../../../../compute/steering/sae';
import type { FeaturePassRecord } from '../../../../shared/types/features';
import type { SaeFolderPreview, SaeRecord } from '../../../../shared/types/saes';

const FIXTURES = path.resolve(__dirname, '../../../../../fixtures/interop');
const folderOf = (name: string) => path.join(FIXTURES, name);

let dataDir: string;
let scratch: string;
let core: Core;
let modelId: string;

/** A copy of a fixture outside the data dir, to damage. */
function copyOf(name: string): string {
  const dest = path.join(scratch, `${name.replace('/', '_')}-${readdirSync(scratch).length}`);
  cpSync(folderOf(name), dest, { recursive: true });
  return dest;
}

/** Whatever the data dir's SAE folder and table hold: a refusal must leave both as they were. */
const saeState = () => ({
  rows: core.saes.store
    .list()
    .map((s) => s.id)
    .sort(),
  dirs: existsSync(path.join(dataDir, 'saes')) ? readdirSync(path.join(dataDir, 'saes')).sort() : [],
});

async function refused(folder: string, pattern: RegExp): Promise<void> {
  const before = saeState();
  await expect(call(core, 'saes.importFolder', { folder, modelId })).rejects.toThrow(pattern);
  await expect(call(core, 'saes.importFolder', { folder, modelId })).rejects.toMatchObject({ code: 'VALIDATION' });
  expect(saeState()).toEqual(before);
}

beforeAll(async () => {
  dataDir = tempDir();
  scratch = mkdtempSync(path.join(os.tmpdir(), 'mistudio-sae-import-'));
  core = await openTestCore(dataDir);
  ({ modelId } = await setUpCorpus(core, dataDir, 8, 2));
}, 300_000);

afterAll(async () => {
  await core.close();
  removeDir(dataDir);
  rmSync(scratch, { recursive: true, force: true });
});

describe('previewing an SAE folder', () => {
  it.each([
    ['saelens-standard', 'standard', 'standard', 'float32', 'blocks.2.hook_resid_post'],
    ['saelens-topk', 'topk', 'topk', 'float16', 'blocks.1.hook_resid_post'],
    ['saelens-jumprelu', 'jumprelu', 'jumprelu', 'bfloat16', 'blocks.2.hook_resid_pre'],
    ['saelens-gated', 'gated', 'jumprelu', 'float32', 'blocks.3.hook_mlp_out'],
    ['sparsify-topk/layers.1', 'topk', 'topk', 'bfloat16', 'blocks.1.hook_resid_post'],
  ])('%s: %s as %s, %s, onto %s', async (name, architecture, runsAs, dtype, hook) => {
    const p = await call<SaeFolderPreview>(core, 'saes.inspectFolder', { folder: folderOf(name), modelId });
    expect(p).toMatchObject({ architecture, runsAs, dtype, dIn: 256, dSae: 32, hook, refusals: [] });
    expect(p.sizeBytes).toBe(p.files.reduce((s, f) => s + f.bytes, 0));
    expect(saeState().rows).toEqual([]);
  });
});

describe('importing', () => {
  it('a gated SAELens folder becomes an SAE record that runs as its JumpReLU, measured right after import, and takes a feature pass', async () => {
    const sae = await call<SaeRecord>(core, 'saes.importFolder', { folder: folderOf('saelens-gated'), modelId });
    expect(sae).toMatchObject({
      source: 'import',
      modelId,
      hook: 'blocks.3.hook_mlp_out',
      dIn: 256,
      dSae: 32,
      architecture: 'jumprelu',
      hasThreshold: true,
      dtype: 'float32',
    });
    expect(sae.provenance).toMatchObject({
      createdBy: 'import',
      importedFrom: folderOf('saelens-gated'),
      imported: { layout: 'saelens', architecture: 'gated', folderHook: { name: 'blocks.3.hook_mlp_out', field: 'hook_name' } },
      saelens: { model_name: 'tiny-kjv-gpt2', dataset_path: 'fixtures/kjv' },
    });
    expect(sae.datasetId).not.toBeNull();
    const runnable = await readSaeLensFolder(sae.weightsPath);
    expect(runnable).toMatchObject({ architecture: 'jumprelu', dIn: 256, dSae: 32 });
    expect(JSON.parse(readFileSync(path.join(core.saes.dir(sae.id), 'source-cfg.json'), 'utf8'))).toMatchObject({ architecture: 'gated' });
    // Steering reads the imported folder and gives the gated SAE's recorded activations.
    const exp = JSON.parse(readFileSync(path.join(FIXTURES, 'saelens-gated.expected.json'), 'utf8')) as {
      inputs: number[];
      featureActs: number[];
    };
    const steering = await loadSteeringSae(sae.weightsPath);
    const acts = featureActivations(
      steering,
      Float32Array.from(exp.inputs),
      exp.inputs.length / 256,
      Array.from({ length: 32 }, (_, j) => j),
    );
    exp.featureActs.forEach((want, i) => expect(acts[i]).toBeCloseTo(want, 4));

    const probed = await waitFor('import probe', () => {
      const p = core.saes.get(sae.id).provenance.importProbe;
      return p && p.status !== 'running' ? p : null;
    });
    expect(probed).toMatchObject({ status: 'completed', tokens: 512, message: null });
    expect(Number.isFinite(probed.explainedVariance)).toBe(true);
    expect(probed.l0).toBeGreaterThan(0);
    expect(probed.l0).toBeLessThanOrEqual(32);

    await call<FeaturePassRecord>(core, 'features.startPass', { saeId: sae.id, split: 'all', tokens: 1024, batchTokens: 512 });
    const done = await waitFor(
      'pass',
      () => {
        const p = core.features.passStatus(sae.id);
        return p && !['queued', 'running', 'paused'].includes(p.status) ? p : null;
      },
      180_000,
    );
    expect(done.status).toBe('completed');
    expect(core.saes.get(sae.id).featureCount).toBe(32);
  }, 300_000);

  it('a sparsify hookpoint folder imports as TopK; a chosen hook overrides the folder name', async () => {
    const sae = await call<SaeRecord>(core, 'saes.importFolder', {
      folder: folderOf('sparsify-topk/layers.1'),
      modelId,
      name: 'sparsify L1',
      hook: 'blocks.1.hook_resid_post',
    });
    expect(sae).toMatchObject({
      name: 'sparsify L1',
      architecture: 'topk',
      k: 4,
      dtype: 'bfloat16',
      hook: 'blocks.1.hook_resid_post',
      provenance: { imported: { layout: 'sparsify' } },
    });
  });
});

describe('refusals name what is wrong and leave nothing behind', () => {
  it('a truncated safetensors file', async () => {
    const dir = copyOf('saelens-standard');
    const file = path.join(dir, 'sae_weights.safetensors');
    truncateSync(file, readFileSync(file).length - 100);
    await refused(dir, /cut short|do not fit .* the file/);
  });

  it('a header that lies about the offsets', async () => {
    const dir = copyOf('saelens-topk');
    const file = path.join(dir, 'sae_weights.safetensors');
    const bytes = readFileSync(file);
    const n = Number(bytes.readBigUInt64LE(0));
    const header = bytes.subarray(8, 8 + n).toString('utf8');
    // Same length, so only the offsets lie: b_dec claims to start 2 bytes later than it does.
    const b = JSON.parse(header) as Record<string, { data_offsets: [number, number] }>;
    const [s, e] = b.b_dec!.data_offsets;
    const lying = header.replace(`"data_offsets":[${s},${e}]`, `"data_offsets":[${s + 2},${e + 2}]`);
    expect(lying.length).toBe(header.length);
    writeFileSync(file, Buffer.concat([bytes.subarray(0, 8), Buffer.from(lying), bytes.subarray(8 + n)]));
    await refused(dir, /b_dec.*offsets|header's offsets|do not fit/);
  });

  it('tensors whose shapes do not match cfg.json', async () => {
    const dir = copyOf('saelens-jumprelu');
    const cfg = JSON.parse(readFileSync(path.join(dir, 'cfg.json'), 'utf8')) as Record<string, unknown>;
    writeFileSync(path.join(dir, 'cfg.json'), JSON.stringify({ ...cfg, d_sae: 64 }));
    await refused(dir, /tensor "W_enc" has shape \[256, 32\] but cfg.json \(d_in 256, d_sae 64\) needs \[256, 64\]/);
  });

  it('an unknown architecture', async () => {
    const dir = copyOf('saelens-standard');
    const cfg = JSON.parse(readFileSync(path.join(dir, 'cfg.json'), 'utf8')) as Record<string, unknown>;
    writeFileSync(path.join(dir, 'cfg.json'), JSON.stringify({ ...cfg, architecture: 'matryoshka_batchtopk' }));
    await refused(dir, /architecture "matryoshka_batchtopk" is not one miStudio can import \(standard, topk, jumprelu, gated are\)/);
  });

  it("d_in that is not the model's width", async () => {
    const dir = copyOf('saelens-standard');
    const cfg = JSON.parse(readFileSync(path.join(dir, 'cfg.json'), 'utf8')) as Record<string, unknown>;
    writeFileSync(path.join(dir, 'cfg.json'), JSON.stringify({ ...cfg, d_in: 128 }));
    const t = (...shape: number[]) => ({ shape, data: new Float32Array(shape.reduce((x, y) => x * y, 1)).fill(0.01) });
    writeFileSync(
      path.join(dir, 'sae_weights.safetensors'),
      encodeSafetensors({ W_enc: t(128, 32), b_enc: t(32), W_dec: t(32, 128), b_dec: t(128) }),
    );
    await refused(dir, /reads d_in 128 values per token but .* hooks are 256 wide/);
  });

  it('a hook the model does not have, named with what was looked for', async () => {
    const dir = copyOf('saelens-standard');
    const cfg = JSON.parse(readFileSync(path.join(dir, 'cfg.json'), 'utf8')) as Record<string, unknown>;
    writeFileSync(path.join(dir, 'cfg.json'), JSON.stringify({ ...cfg, hook_name: 'blocks.11.hook_resid_post' }));
    await refused(
      dir,
      /hook "blocks.11.hook_resid_post" \(cfg hook_name\) is not a hook of .* \(looked for blocks.11.hook_resid_post, blocks.12.hook_resid_pre\); .* has blocks.0–3 ×/,
    );
    const p = await call<SaeFolderPreview>(core, 'saes.inspectFolder', { folder: dir, modelId });
    expect(p.hook).toBeNull();
    expect(p.refusals).toHaveLength(1);
  });

  it('a folder that is not an SAE, and a sparsify run root', async () => {
    await refused(scratch, /holds neither sae_weights.safetensors \(SAELens\) nor sae.safetensors \(sparsify\)/);
    await refused(folderOf('sparsify-topk'), /sparsify run with one SAE per hookpoint \(layers.1\); pick one of those folders/);
  });
});
