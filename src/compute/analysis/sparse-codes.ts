import type { EncodedBatch } from '../features/encoder';

/**
 * Feature activations of a batch as per-token sparse lists (CSR): token t's firing features are
 * indices[start[t] … start[t+1]) with values alongside. Only a_f > 0 is kept; ReLU, JumpReLU
 * and TopK SAEs all give non-negative codes.
 */
export interface SparseCodes {
  n: number;
  start: Int32Array; // [n + 1]
  indices: Int32Array;
  values: Float32Array;
}

export function sparseCodes(enc: EncodedBatch, n: number, dSae: number): SparseCodes {
  const start = new Int32Array(n + 1);
  const idx: number[] = [];
  const val: number[] = [];
  for (let t = 0; t < n; t++) {
    start[t] = idx.length;
    if (enc.kind === 'dense') {
      const row = t * dSae;
      for (let j = 0; j < dSae; j++) {
        const v = enc.f[row + j]!;
        if (v > 0) {
          idx.push(j);
          val.push(v);
        }
      }
    } else {
      for (let s = 0; s < enc.k; s++) {
        const v = enc.values[t * enc.k + s]!;
        if (v > 0) {
          idx.push(enc.indices[t * enc.k + s]!);
          val.push(v);
        }
      }
    }
  }
  start[n] = idx.length;
  return { n, start, indices: Int32Array.from(idx), values: Float32Array.from(val) };
}

/** a_f at every token: [n] (0 where f did not fire). */
export function activationOf(codes: SparseCodes, f: number): Float32Array {
  const out = new Float32Array(codes.n);
  for (let t = 0; t < codes.n; t++) {
    for (let s = codes.start[t]!; s < codes.start[t + 1]!; s++) if (codes.indices[s] === f) out[t] = codes.values[s]!;
  }
  return out;
}

/** x̂ = f W_dec + b_dec from sparse codes: [n, d_in] float32 (float64 accumulation per row). */
export function decodeSparse(codes: SparseCodes, W_dec: Float32Array, b_dec: Float32Array, dIn: number): Float32Array {
  const out = new Float32Array(codes.n * dIn);
  const acc = new Float64Array(dIn);
  for (let t = 0; t < codes.n; t++) {
    for (let c = 0; c < dIn; c++) acc[c] = b_dec[c]!;
    for (let s = codes.start[t]!; s < codes.start[t + 1]!; s++) {
      const a = codes.values[s]!;
      const row = codes.indices[s]! * dIn;
      for (let c = 0; c < dIn; c++) acc[c] = acc[c]! + a * W_dec[row + c]!;
    }
    out.set(acc, t * dIn);
  }
  return out;
}
