/**
 * A hand-encoded one-node ONNX model (Y = MatMul(A, B), float32, fixed shapes) for the
 * doctor self-test: it proves ONNX Runtime loads and computes, with no model file on
 * disk. Field numbers are from onnx.proto (ModelProto.ir_version=1, graph=7,
 * opset_import=8; GraphProto.node=1, name=2, input=11, output=12; NodeProto input=1,
 * output=2, op_type=4; ValueInfoProto name=1, type=2; TypeProto.tensor_type=1;
 * Tensor elem_type=1, shape=2; TensorShapeProto.dim=1; Dimension.dim_value=1).
 */
function varint(n: number): number[] {
  const out: number[] = [];
  while (n > 0x7f) {
    out.push((n & 0x7f) | 0x80);
    n = Math.floor(n / 128);
  }
  out.push(n);
  return out;
}
const key = (field: number, wire: number) => varint((field << 3) | wire);
const int = (field: number, n: number) => [...key(field, 0), ...varint(n)];
const bytes = (field: number, b: number[]) => [...key(field, 2), ...varint(b.length), ...b];
const str = (field: number, s: string) => bytes(field, [...new TextEncoder().encode(s)]);

const FLOAT = 1;
function valueInfo(name: string, dims: number[]): number[] {
  const shape = dims.flatMap((d) => bytes(1, int(1, d)));
  const tensorType = [...int(1, FLOAT), ...bytes(2, shape)];
  return [...str(1, name), ...bytes(2, bytes(1, tensorType))];
}

/** A [m,k] × B [k,n] → Y [m,n]. */
export function matMulModel(m: number, k: number, n: number): Uint8Array {
  const node = [...str(1, 'A'), ...str(1, 'B'), ...str(2, 'Y'), ...str(4, 'MatMul')];
  const graph = [
    ...bytes(1, node),
    ...str(2, 'selftest'),
    ...bytes(11, valueInfo('A', [m, k])),
    ...bytes(11, valueInfo('B', [k, n])),
    ...bytes(12, valueInfo('Y', [m, n])),
  ];
  const opset = [...str(1, ''), ...int(2, 13)];
  return new Uint8Array([...int(1, 7), ...str(2, 'mistudio-selftest'), ...bytes(7, graph), ...bytes(8, opset)]);
}

/** Reference: plain triple loop, float64 accumulation. */
export function matMulDirect(a: Float32Array, b: Float32Array, m: number, k: number, n: number): Float64Array {
  const y = new Float64Array(m * n);
  for (let i = 0; i < m; i++)
    for (let j = 0; j < n; j++) {
      let s = 0;
      for (let t = 0; t < k; t++) s += (a[i * k + t] ?? 0) * (b[t * n + j] ?? 0);
      y[i * n + j] = s;
    }
  return y;
}
