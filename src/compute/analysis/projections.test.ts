import { describe, expect, it } from 'vitest';
import { Rng } from '../sae/rng';
import { covariance, pca } from './pca';
import { tsneMap, umapMap } from './projections';

/** Cyclic Jacobi eigen-decomposition of a symmetric matrix (the direct reference for PCA). */
function jacobiEigen(a0: Float64Array, d: number): { values: number[]; vectors: number[][] } {
  const a = Float64Array.from(a0);
  const v = new Float64Array(d * d);
  for (let i = 0; i < d; i++) v[i * d + i] = 1;
  for (let sweep = 0; sweep < 100; sweep++) {
    let off = 0;
    for (let p = 0; p < d; p++) for (let q = p + 1; q < d; q++) off += a[p * d + q]! ** 2;
    if (off < 1e-24) break;
    for (let p = 0; p < d; p++) {
      for (let q = p + 1; q < d; q++) {
        const apq = a[p * d + q]!;
        if (Math.abs(apq) < 1e-300) continue;
        const theta = (a[q * d + q]! - a[p * d + p]!) / (2 * apq);
        const t = Math.sign(theta || 1) / (Math.abs(theta) + Math.sqrt(theta * theta + 1));
        const c = 1 / Math.sqrt(t * t + 1);
        const s = t * c;
        for (let k = 0; k < d; k++) {
          const akp = a[k * d + p]!;
          const akq = a[k * d + q]!;
          a[k * d + p] = c * akp - s * akq;
          a[k * d + q] = s * akp + c * akq;
        }
        for (let k = 0; k < d; k++) {
          const apk = a[p * d + k]!;
          const aqk = a[q * d + k]!;
          a[p * d + k] = c * apk - s * aqk;
          a[q * d + k] = s * apk + c * aqk;
        }
        for (let k = 0; k < d; k++) {
          const vkp = v[k * d + p]!;
          const vkq = v[k * d + q]!;
          v[k * d + p] = c * vkp - s * vkq;
          v[k * d + q] = s * vkp + c * vkq;
        }
      }
    }
  }
  const order = Array.from({ length: d }, (_, i) => i).sort((x, y) => a[y * d + y]! - a[x * d + x]!);
  return { values: order.map((i) => a[i * d + i]!), vectors: order.map((i) => Array.from({ length: d }, (_, k) => v[k * d + i]!)) };
}

/** Three well separated Gaussian blobs in d dimensions, n points each; returns rows and blob ids. */
function blobs(n: number, d: number, seed: number): { x: Float32Array; label: number[] } {
  const rng = new Rng(seed);
  const gauss = () => Math.sqrt(-2 * Math.log(1 - rng.next())) * Math.cos(2 * Math.PI * rng.next());
  const centres = [0, 1, 2].map(() => Array.from({ length: d }, () => 3 * gauss()));
  const x = new Float32Array(3 * n * d);
  const label: number[] = [];
  for (let b = 0; b < 3; b++)
    for (let i = 0; i < n; i++) {
      const r = b * n + i;
      for (let c = 0; c < d; c++) x[r * d + c] = centres[b]![c]! + 0.3 * gauss();
      label.push(b);
    }
  return { x, label };
}

/** Share of points whose nearest 2-D neighbour has the same blob id. */
function neighbourAgreement(y: Float64Array, label: number[]): number {
  const n = label.length;
  let same = 0;
  for (let i = 0; i < n; i++) {
    let best = -1;
    let bd = Infinity;
    for (let j = 0; j < n; j++) {
      if (j === i) continue;
      const dd = (y[2 * i]! - y[2 * j]!) ** 2 + (y[2 * i + 1]! - y[2 * j + 1]!) ** 2;
      if (dd < bd) {
        bd = dd;
        best = j;
      }
    }
    if (label[best] === label[i]) same++;
  }
  return same / n;
}

describe('PCA', () => {
  it('axes, variances and projections match a direct Jacobi eigen-decomposition of the covariance', () => {
    const rng = new Rng(11);
    const n = 60;
    const d = 7;
    // Anisotropic data so the eigenvalues are distinct.
    const x = Float32Array.from(
      { length: n * d },
      (_, i) => (rng.next() - 0.5) * (1 + (i % d) * 0.7) + (i % d === 2 ? ((i / d) | 0) * 0.05 : 0),
    );
    const r = pca(x, n, d, 2);
    const { cov, mean } = covariance(x, n, d);
    const ref = jacobiEigen(cov, d);
    const trace = ref.values.reduce((s, v) => s + v, 0);
    for (let k = 0; k < 2; k++) {
      expect(r.eigenvalues[k]).toBeCloseTo(ref.values[k]!, 8);
      expect(r.explainedVariance[k]).toBeCloseTo(ref.values[k]! / trace, 8);
      const dot = ref.vectors[k]!.reduce((s, v, c) => s + v * r.axes[k]![c]!, 0);
      expect(Math.abs(dot)).toBeCloseTo(1, 8); // same axis up to sign
      const sign = Math.sign(dot);
      for (let row = 0; row < n; row++) {
        const want = ref.vectors[k]!.reduce((s, v, c) => s + sign * v * (x[row * d + c]! - mean[c]!), 0);
        expect(r.points[row * 2 + k]).toBeCloseTo(want, 6);
      }
    }
  });
});

describe('t-SNE and UMAP', () => {
  const { x, label } = blobs(40, 16, 5);
  const n = label.length;

  it('t-SNE: same seed ⇒ identical map, another seed ⇒ another map; blobs stay together', async () => {
    const a = await tsneMap(x, n, 16, { seed: 1, iterations: 400, perplexity: 10 });
    const b = await tsneMap(x, n, 16, { seed: 1, iterations: 400, perplexity: 10 });
    const c = await tsneMap(x, n, 16, { seed: 2, iterations: 400, perplexity: 10 });
    expect(Array.from(b)).toEqual(Array.from(a));
    expect(Array.from(c)).not.toEqual(Array.from(a));
    expect(neighbourAgreement(a, label)).toBeGreaterThan(0.95);
  }, 60_000);

  it('UMAP: same seed ⇒ identical map, another seed ⇒ another map; blobs stay together', async () => {
    const a = await umapMap(x, n, 16, { seed: 1, nEpochs: 200 });
    const b = await umapMap(x, n, 16, { seed: 1, nEpochs: 200 });
    const c = await umapMap(x, n, 16, { seed: 2, nEpochs: 200 });
    expect(Array.from(b)).toEqual(Array.from(a));
    expect(Array.from(c)).not.toEqual(Array.from(a));
    expect(neighbourAgreement(a, label)).toBeGreaterThan(0.95);
  }, 60_000);
});
