import * as ort from 'onnxruntime-node';
import { DataType, encodeModel, model, node, tensorValueInfo } from '../onnx';
import { openSession } from '../sae/ort/providers';

/** The `count` largest (or smallest) entries of each row of a product, best first. */
export interface RowExtremes {
  count: number;
  /** [rows, count] column indices; −1 where a row had fewer candidates. */
  indices: Int32Array;
  /** [rows, count] values. */
  values: Float32Array;
}

export interface ProductOptions {
  /** Largest entries kept per row. */
  top: number;
  /** Smallest entries kept per row (0: none). */
  bottom: number;
  /** Skip column == row (decoder neighbours: a feature is not its own neighbour). */
  skipDiagonal?: boolean;
  /** Bytes of one product chunk [chunkRows, cols] float32 (default 64 MiB). */
  chunkBytes?: number;
  /** Called between chunks (cooperative cancel). */
  between?: () => Promise<void>;
  provider?: string;
}

/** Keep the best `count` of a stream into idx/val at `at` (sorted, best first; ties: lower column first). */
function offer(
  idx: Int32Array,
  val: Float32Array,
  at: number,
  count: number,
  col: number,
  v: number,
  larger: boolean,
  filled: number,
): number {
  const better = (a: number, b: number) => (larger ? a > b : a < b);
  if (filled === count && !better(v, val[at + count - 1]!)) return filled;
  let p = filled === count ? count - 1 : filled;
  while (p > 0 && better(v, val[at + p - 1]!)) {
    val[at + p] = val[at + p - 1]!;
    idx[at + p] = idx[at + p - 1]!;
    p--;
  }
  val[at + p] = v;
  idx[at + p] = col;
  return Math.min(count, filled + 1);
}

/**
 * Row-wise extremes of A · op(B) without holding the product: A [rows, inner]; B [inner, cols]
 * (transB false) or [cols, inner] (transB true). Computed in row chunks by an ONNX Runtime Gemm,
 * each chunk scanned and dropped. Used for the logit lens (W_dec · W_U) and decoder-cosine
 * neighbours (Ŵ_dec · Ŵ_decᵀ).
 */
export async function productRowExtremes(
  a: Float32Array,
  rows: number,
  inner: number,
  b: Float32Array,
  cols: number,
  transB: boolean,
  opts: ProductOptions,
): Promise<{ top: RowExtremes; bottom: RowExtremes }> {
  if (a.length !== rows * inner || b.length !== inner * cols)
    throw new Error(`product: A has ${a.length} values (expected ${rows}×${inner}), B ${b.length} (expected ${inner}×${cols})`);
  const bytes = encodeModel(
    model({
      name: 'row_extremes_gemm',
      opset: 17,
      nodes: [node('Gemm', ['a', 'b'], ['c'], { attrs: { transB: transB ? 1 : 0 } })],
      initializers: [],
      inputs: [
        tensorValueInfo('a', DataType.FLOAT, ['r', inner]),
        tensorValueInfo('b', DataType.FLOAT, transB ? [cols, inner] : [inner, cols]),
      ],
      outputs: [tensorValueInfo('c', DataType.FLOAT, ['r', cols])],
    }),
  );
  const { session } = await openSession(bytes, opts.provider && opts.provider !== 'auto' ? { forced: opts.provider } : {});
  const top = { count: opts.top, indices: new Int32Array(rows * opts.top).fill(-1), values: new Float32Array(rows * opts.top) };
  const bottom = { count: opts.bottom, indices: new Int32Array(rows * opts.bottom).fill(-1), values: new Float32Array(rows * opts.bottom) };
  const bTensor = new ort.Tensor('float32', b, transB ? [cols, inner] : [inner, cols]);
  const chunkRows = Math.max(1, Math.floor((opts.chunkBytes ?? 64 << 20) / (4 * cols)));
  const [T, B] = [opts.top, opts.bottom];
  try {
    for (let r0 = 0; r0 < rows; r0 += chunkRows) {
      const r1 = Math.min(rows, r0 + chunkRows);
      const out = await session.run({ a: new ort.Tensor('float32', a.subarray(r0 * inner, r1 * inner), [r1 - r0, inner]), b: bTensor });
      const c = out.c?.data as Float32Array; // [r1 − r0, cols]
      for (let r = r0; r < r1; r++) {
        const base = (r - r0) * cols;
        let nTop = 0;
        let nBottom = 0;
        for (let col = 0; col < cols; col++) {
          if (opts.skipDiagonal && col === r) continue;
          const v = c[base + col]!;
          // Most entries lose against the current cut: test inline before the (rare) insertion.
          if (T > 0 && (nTop < T || v > top.values[r * T + T - 1]!)) nTop = offer(top.indices, top.values, r * T, T, col, v, true, nTop);
          if (B > 0 && (nBottom < B || v < bottom.values[r * B + B - 1]!))
            nBottom = offer(bottom.indices, bottom.values, r * B, B, col, v, false, nBottom);
        }
      }
      await opts.between?.();
    }
  } finally {
    await session.release();
  }
  return { top, bottom };
}
