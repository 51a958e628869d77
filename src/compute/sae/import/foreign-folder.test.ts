import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { SaeEncoder } from '../../features/encoder';
import { featureActivations, steeringSaeFrom } from '../../steering/sae';
import { readForeignSaeFolder } from './foreign-folder';
import { runnableSae } from './runnable';

/** Made by scripts/interop-fixtures/make_fixtures.py from the formats' specifications. */
export const INTEROP_FIXTURES = path.resolve(__dirname, '../../../../fixtures/interop');

interface Expected {
  folder: string;
  architecture: string;
  dtype: string;
  dIn: number;
  dSae: number;
  tensors: Record<string, { shape: number[]; dtype: string; sha256F32: string; first: number[] }>;
  inputs: number[];
  featureActs: number[];
  reconstruction: number[];
  l0: number;
}

const CASES = [
  {
    name: 'saelens-standard',
    layout: 'saelens',
    architecture: 'standard',
    dtype: 'float32',
    hook: 'blocks.2.hook_resid_post',
    field: 'hook_name',
  },
  {
    name: 'saelens-topk',
    layout: 'saelens',
    architecture: 'topk',
    dtype: 'float16',
    hook: 'blocks.1.hook_resid_post',
    field: 'metadata.hook_name',
  },
  {
    name: 'saelens-jumprelu',
    layout: 'saelens',
    architecture: 'jumprelu',
    dtype: 'bfloat16',
    hook: 'blocks.2.hook_resid_pre',
    field: 'hook_point',
  },
  { name: 'saelens-gated', layout: 'saelens', architecture: 'gated', dtype: 'float32', hook: 'blocks.3.hook_mlp_out', field: 'hook_name' },
  { name: 'sparsify-topk', layout: 'sparsify', architecture: 'topk', dtype: 'bfloat16', hook: 'layers.1', field: 'folder name' },
] as const;

const expectedOf = (name: string) => JSON.parse(readFileSync(path.join(INTEROP_FIXTURES, `${name}.expected.json`), 'utf8')) as Expected;

/** Largest |a − b| relative to the larger magnitude of the reference (float32 vs float64 maths). */
function worstError(got: ArrayLike<number>, want: number[]): number {
  const scale = Math.max(1, ...want.map(Math.abs));
  let worst = 0;
  for (let i = 0; i < want.length; i++) worst = Math.max(worst, Math.abs((got[i] ?? NaN) - want[i]!) / scale);
  return worst;
}

/** x̂ = f W_dec + b_dec [n, d_in] in float64 from dense f [n, d_sae]. */
function decode(f: ArrayLike<number>, W_dec: Float32Array, b_dec: Float32Array, n: number, dIn: number, dSae: number): Float64Array {
  const out = new Float64Array(n * dIn);
  for (let r = 0; r < n; r++) {
    for (let c = 0; c < dIn; c++) out[r * dIn + c] = b_dec[c]!;
    for (let j = 0; j < dSae; j++) {
      const a = f[r * dSae + j]!;
      if (a !== 0) for (let c = 0; c < dIn; c++) out[r * dIn + c]! += a * W_dec[j * dIn + c]!;
    }
  }
  return out;
}

describe.each(CASES)('$name fixture', (c) => {
  const exp = expectedOf(c.name);
  const dir = path.join(INTEROP_FIXTURES, exp.folder);
  const n = exp.inputs.length / exp.dIn;
  const x = Float32Array.from(exp.inputs);

  it('loads with the tensors the script wrote, widened exactly to float32', async () => {
    const f = await readForeignSaeFolder(dir);
    expect(f).toMatchObject({
      layout: c.layout,
      architecture: c.architecture,
      dtype: c.dtype,
      dIn: exp.dIn,
      dSae: exp.dSae,
      hook: { name: c.hook, field: c.field },
    });
    expect([...f.tensors.keys()].sort()).toEqual(Object.keys(exp.tensors).sort());
    for (const [name, want] of Object.entries(exp.tensors)) {
      const t = f.tensors.get(name)!;
      expect(t.shape, name).toEqual(want.shape);
      expect(t.sourceDtype, name).toBe(want.dtype);
      const le = Buffer.from(t.data.buffer, t.data.byteOffset, t.data.byteLength); // little-endian hosts (x86, ARM)
      expect(createHash('sha256').update(le).digest('hex'), name).toBe(want.sha256F32);
    }
  });

  it('the feature-pass encoder and steering reproduce the recorded encode and decode', async () => {
    const sae = runnableSae(await readForeignSaeFolder(dir));
    const enc = await SaeEncoder.open(sae, 'cpu');
    const out = await enc.encode(x, n);
    await enc.release();
    const dense = new Float32Array(n * exp.dSae);
    if (out.kind === 'dense') dense.set(out.f);
    else for (let e = 0; e < out.indices.length; e++) dense[Math.floor(e / out.k) * exp.dSae + out.indices[e]!] = out.values[e]!;
    expect(worstError(dense, exp.featureActs)).toBeLessThan(1e-5);
    const xHat = decode(dense, sae.weights.W_dec, sae.weights.b_dec, n, exp.dIn, exp.dSae);
    expect(worstError(xHat, exp.reconstruction)).toBeLessThan(1e-5);
    const l0 = exp.featureActs.filter((v) => v > 0).length / n;
    expect(dense.filter((v) => v > 0).length / n).toBe(l0);

    const steering = steeringSaeFrom(dir, sae);
    const all = Array.from({ length: exp.dSae }, (_, j) => j);
    expect(worstError(featureActivations(steering, x, n, all), exp.featureActs)).toBeLessThan(1e-5);
  });
});
