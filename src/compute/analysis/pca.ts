/**
 * PCA of the rows of X [n, d] (docs/analysis.md): centre the rows, form the covariance
 * C = Xcᵀ Xc / (n − 1) [d, d] in float64, take its top two eigenvectors by power iteration
 * with deflation (d is the model width, so C is small; each iteration is d² work), and project
 * the centred rows on them. Signs are fixed so each axis' largest-|·| component is positive,
 * which makes the result deterministic.
 */
export interface PcaResult {
  /** [n, components] row-major projections. */
  points: Float64Array;
  /** [components][d] unit eigenvectors and their eigenvalues (variances). */
  axes: Float64Array[];
  eigenvalues: number[];
  /** Share of the total variance (trace C) per component. */
  explainedVariance: number[];
}

export function covariance(x: Float32Array, n: number, d: number): { cov: Float64Array; mean: Float64Array } {
  const mean = new Float64Array(d);
  for (let r = 0; r < n; r++) for (let c = 0; c < d; c++) mean[c] = mean[c]! + x[r * d + c]!;
  for (let c = 0; c < d; c++) mean[c] = mean[c]! / n;
  const cov = new Float64Array(d * d);
  const row = new Float64Array(d);
  for (let r = 0; r < n; r++) {
    for (let c = 0; c < d; c++) row[c] = x[r * d + c]! - mean[c]!;
    for (let i = 0; i < d; i++) {
      const v = row[i]!;
      if (v === 0) continue;
      const off = i * d;
      for (let j = i; j < d; j++) cov[off + j] = cov[off + j]! + v * row[j]!;
    }
  }
  for (let i = 0; i < d; i++) {
    for (let j = i; j < d; j++) {
      const v = cov[i * d + j]! / Math.max(1, n - 1);
      cov[i * d + j] = v;
      cov[j * d + i] = v;
    }
  }
  return { cov, mean };
}

/** Top eigenvector of the symmetric `a` [d, d] by power iteration (start: a fixed, non-degenerate vector). */
function powerIteration(a: Float64Array, d: number, maxIter = 20_000, tol = 1e-13): { v: Float64Array; lambda: number } {
  let v = Float64Array.from({ length: d }, (_, i) => 1 + ((i * 7919) % 13) / 13); // deterministic start
  normalise(v);
  let lambda = 0;
  for (let it = 0; it < maxIter; it++) {
    const w = new Float64Array(d);
    for (let i = 0; i < d; i++) {
      let s = 0;
      for (let j = 0; j < d; j++) s += a[i * d + j]! * v[j]!;
      w[i] = s;
    }
    const next = normalise(w);
    let change = 0;
    for (let i = 0; i < d; i++) change = Math.max(change, Math.abs(w[i]! - v[i]!));
    v = w;
    if (Math.abs(next - lambda) <= tol * Math.max(1, next) && change < 1e-10) {
      lambda = next;
      break;
    }
    lambda = next;
  }
  return { v, lambda };
}

function normalise(v: Float64Array): number {
  let s = 0;
  for (let i = 0; i < v.length; i++) s += v[i]! ** 2;
  const norm = Math.sqrt(s);
  if (norm > 0) for (let i = 0; i < v.length; i++) v[i] = v[i]! / norm;
  return norm;
}

export function pca(x: Float32Array, n: number, d: number, components = 2): PcaResult {
  const { cov, mean } = covariance(x, n, d);
  let trace = 0;
  for (let i = 0; i < d; i++) trace += cov[i * d + i]!;
  const a = Float64Array.from(cov);
  const axes: Float64Array[] = [];
  const eigenvalues: number[] = [];
  for (let k = 0; k < components; k++) {
    const { v, lambda } = powerIteration(a, d);
    let big = 0;
    for (let i = 0; i < d; i++) if (Math.abs(v[i]!) > Math.abs(v[big]!)) big = i;
    if (v[big]! < 0) for (let i = 0; i < d; i++) v[i] = -v[i]!;
    axes.push(v);
    eigenvalues.push(lambda);
    for (let i = 0; i < d; i++) for (let j = 0; j < d; j++) a[i * d + j] = a[i * d + j]! - lambda * v[i]! * v[j]!; // deflate
  }
  const points = new Float64Array(n * components);
  for (let r = 0; r < n; r++) {
    for (let k = 0; k < components; k++) {
      let s = 0;
      const v = axes[k]!;
      for (let c = 0; c < d; c++) s += (x[r * d + c]! - mean[c]!) * v[c]!;
      points[r * components + k] = s;
    }
  }
  return { points, axes, eigenvalues, explainedVariance: eigenvalues.map((l) => (trace > 0 ? l / trace : 0)) };
}
