import { describe, expect, it } from 'vitest';
import { preActivationsDirect } from '../sae/math';
import { Rng } from '../sae/rng';
import type { LoadedSae } from '../sae/saelens-reader';
import { SaeEncoder } from './encoder';

const [dIn, dSae, n] = [12, 40, 9];
const rng = new Rng(5);
const rand = (len: number, scale = 1) => Float32Array.from({ length: len }, () => (rng.next() * 2 - 1) * scale);
const weights = { W_enc: rand(dIn * dSae), b_enc: rand(dSae, 0.5), W_dec: rand(dSae * dIn), b_dec: rand(dIn, 0.2) };
const x = rand(n * dIn, 2);
const pre = preActivationsDirect(weights, { architecture: 'standard', dIn, dSae }, x, n); // float64 (x − b_dec) W_enc + b_enc

function sae(architecture: string, extra: Partial<LoadedSae> = {}): LoadedSae {
  return { cfg: {}, architecture, dIn, dSae, weights, ...extra };
}

describe('SAE encoder graph vs the direct float64 pre-activations', () => {
  it('standard: f = ReLU(pre)', async () => {
    const enc = await SaeEncoder.open(sae('standard'), 'cpu');
    const out = await enc.encode(x, n);
    if (out.kind !== 'dense') throw new Error('expected dense');
    out.f.forEach((v, i) => expect(v).toBeCloseTo(Math.max(0, pre[i]!), 5));
    await enc.release();
  });

  it('jumprelu: f = pre where pre > threshold, else 0', async () => {
    const threshold = Float32Array.from({ length: dSae }, (_, j) => 0.2 + (j % 5) * 0.3);
    const enc = await SaeEncoder.open(sae('jumprelu', { threshold }), 'cpu');
    const out = await enc.encode(x, n);
    if (out.kind !== 'dense') throw new Error('expected dense');
    let open = 0;
    out.f.forEach((v, i) => {
      const p = pre[i]!;
      if (Math.abs(p - threshold[i % dSae]!) < 1e-5) return; // at the edge float32 may decide either way
      expect(v).toBeCloseTo(p > threshold[i % dSae]! ? p : 0, 5);
      if (p > threshold[i % dSae]!) open++;
    });
    expect(open).toBeGreaterThan(0);
    await enc.release();
  });

  it('topk: the k largest pre-activations per token (ReLU on them), as sparse rows, largest first', async () => {
    const k = 6;
    const enc = await SaeEncoder.open(sae('topk', { k }), 'cpu');
    const out = await enc.encode(x, n);
    if (out.kind !== 'sparse') throw new Error('expected sparse');
    expect(out.k).toBe(k);
    for (let t = 0; t < n; t++) {
      const row = Array.from(pre.subarray(t * dSae, (t + 1) * dSae));
      const want = [...row.keys()].sort((a, b) => row[b]! - row[a]! || a - b).slice(0, k);
      expect(Array.from(out.indices.subarray(t * k, (t + 1) * k))).toEqual(want);
      want.forEach((j, e) => expect(out.values[t * k + e]).toBeCloseTo(Math.max(0, row[j]!), 5));
    }
    await enc.release();
  });
});
