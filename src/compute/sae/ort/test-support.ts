import type { SaeArchitecture, SaeHyperparameters, SaeWeights } from '../types';

/** Test helpers for the ort engine: seeded data, hyperparameters, a float64 loss for finite differences. */
export function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export function gaussian(r: () => number, n: number, scale = 1): Float32Array {
  const out = new Float32Array(n);
  for (let i = 0; i < n; i++) out[i] = scale * Math.sqrt(-2 * Math.log(1 - r())) * Math.cos(2 * Math.PI * r());
  return out;
}

export function hyper(
  architecture: SaeArchitecture,
  dIn: number,
  expansionFactor: number,
  over: Partial<SaeHyperparameters> = {},
): SaeHyperparameters {
  return {
    architecture,
    dIn,
    expansionFactor,
    k: 4,
    auxKCoefficient: 1,
    l0Coefficient: 1,
    jumpReluBandwidth: 0.001,
    jumpReluInitThreshold: 0.001,
    topkThresholdLr: 0.01,
    learningRate: 1e-3,
    batchSize: 32,
    totalSteps: 100,
    optimizer: 'adam',
    adamBeta1: 0.9,
    adamBeta2: 0.999,
    adamEpsilon: 1e-8,
    weightDecay: 0,
    lrSchedule: 'constant',
    lrWarmupSteps: 0,
    l1Coefficient: 0.1,
    l1WarmupSteps: 0,
    normalizeInputs: false,
    ghostGradients: false,
    resampleEvery: 0,
    deadWindowTokens: 1e9,
    denseThreshold: 0.01,
    seed: 1,
    ...over,
  };
}

export function randomWeights(r: () => number, dIn: number, dSae: number, scale = 0.3): SaeWeights {
  return {
    W_enc: gaussian(r, dIn * dSae, scale),
    b_enc: gaussian(r, dSae, 0.05),
    W_dec: gaussian(r, dSae * dIn, scale),
    b_dec: gaussian(r, dIn, 0.05),
  };
}

export function emptyState(dSae: number, step = 0) {
  return { step, moments: null, tokensSinceFired: new Float32Array(dSae), inputScale: 1, rngState: 0, dataCursor: { shard: 0, row: 0 } };
}

/**
 * The SAELens loss in float64 loops (see loss-graph.ts for the definitions): mse + λ·l1 for
 * standard; mse + auxScale·aux for TopK, AuxK over `dead` with kAux latents and the residual
 * taken from `residual` when given (it is detached in SAELens, so finite differences hold it fixed).
 */
export function lossF64(
  w: SaeWeights,
  x: Float32Array,
  n: number,
  dIn: number,
  dSae: number,
  o: { architecture: SaeArchitecture; k: number; l1: number; dead?: Uint8Array; kAux?: number; auxScale?: number; residual?: Float64Array },
): { loss: number; residual: Float64Array } {
  let sse = 0;
  let l1 = 0;
  let aux = 0;
  const residual = new Float64Array(n * dIn);
  const norms = Array.from({ length: dSae }, (_, i) => Math.hypot(...Array.from(w.W_dec.subarray(i * dIn, (i + 1) * dIn))));
  for (let b = 0; b < n; b++) {
    const pre = new Float64Array(dSae);
    for (let j = 0; j < dSae; j++) {
      let s = w.b_enc[j] ?? 0;
      for (let c = 0; c < dIn; c++) s += ((x[b * dIn + c] ?? 0) - (w.b_dec[c] ?? 0)) * (w.W_enc[c * dSae + j] ?? 0);
      pre[j] = s;
    }
    const keep = topIndices(pre, o.architecture === 'topk' ? o.k : dSae, () => true);
    const f = new Float64Array(dSae);
    for (const j of keep) f[j] = Math.max(0, pre[j] ?? 0);
    const xHat = decodeRow(w, f, dIn, dSae);
    for (let c = 0; c < dIn; c++) {
      const d = (xHat[c] ?? 0) - (x[b * dIn + c] ?? 0);
      sse += d * d;
      residual[b * dIn + c] = -d;
    }
    for (let j = 0; j < dSae; j++) l1 += (f[j] ?? 0) * (norms[j] ?? 0);
    if (o.dead && o.kAux) {
      const dead = o.dead;
      const a = new Float64Array(dSae);
      for (const j of topIndices(pre, o.kAux, (j) => dead[j] === 1)) a[j] = pre[j] ?? 0;
      const rec = decodeRow(w, a, dIn, dSae);
      const res = o.residual ?? residual;
      for (let c = 0; c < dIn; c++) aux += ((rec[c] ?? 0) - (res[b * dIn + c] ?? 0)) ** 2;
    }
  }
  const mse = sse / n;
  const loss = o.architecture === 'standard' ? mse + (o.l1 * l1) / n : mse + ((o.auxScale ?? 0) * aux) / n;
  return { loss, residual };
}

function topIndices(pre: Float64Array, k: number, allowed: (j: number) => boolean): number[] {
  const idx = Array.from(pre.keys()).filter(allowed);
  idx.sort((a, b) => (pre[b] ?? 0) - (pre[a] ?? 0) || a - b);
  return idx.slice(0, k);
}

function decodeRow(w: SaeWeights, f: Float64Array, dIn: number, dSae: number): Float64Array {
  const out = Float64Array.from(w.b_dec);
  for (let j = 0; j < dSae; j++) {
    const v = f[j] ?? 0;
    if (v !== 0) for (let c = 0; c < dIn; c++) out[c] = (out[c] ?? 0) + v * (w.W_dec[j * dIn + c] ?? 0);
  }
  return out;
}

/** Float64 forward (pre-update weights): f [n, d_sae] and x̂ [n, d_in], as SAELens. */
export function forwardF64(w: SaeWeights, x: Float32Array, n: number, dIn: number, dSae: number, architecture: SaeArchitecture, k: number) {
  const f = new Float64Array(n * dSae);
  const xHat = new Float64Array(n * dIn);
  for (let b = 0; b < n; b++) {
    const pre = new Float64Array(dSae);
    for (let j = 0; j < dSae; j++) {
      let s = w.b_enc[j] ?? 0;
      for (let c = 0; c < dIn; c++) s += ((x[b * dIn + c] ?? 0) - (w.b_dec[c] ?? 0)) * (w.W_enc[c * dSae + j] ?? 0);
      pre[j] = s;
    }
    const row = new Float64Array(dSae);
    for (const j of topIndices(pre, architecture === 'topk' ? k : dSae, () => true)) row[j] = Math.max(0, pre[j] ?? 0);
    f.set(row, b * dSae);
    xHat.set(decodeRow(w, row, dIn, dSae), b * dIn);
  }
  return { f, xHat };
}

/** Tokens that are sparse sums of a hidden unit-norm dictionary [atoms, d_in] (3 atoms each, weights 0.5…1.5). */
export function sparseDictionaryData(seed: number, dIn: number, atoms: number) {
  const r = rng(seed);
  const dict = gaussian(r, atoms * dIn);
  for (let a = 0; a < atoms; a++) {
    const row = dict.subarray(a * dIn, (a + 1) * dIn);
    const norm = Math.hypot(...Array.from(row));
    for (let c = 0; c < dIn; c++) row[c] = (row[c] ?? 0) / norm;
  }
  return (n: number): Float32Array => {
    const x = new Float32Array(n * dIn);
    for (let b = 0; b < n; b++) {
      for (let s = 0; s < 3; s++) {
        const a = Math.floor(r() * atoms);
        const coef = 0.5 + r();
        for (let c = 0; c < dIn; c++) x[b * dIn + c] = (x[b * dIn + c] ?? 0) + coef * (dict[a * dIn + c] ?? 0);
      }
    }
    return x;
  };
}
