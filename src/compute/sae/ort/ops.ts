import { DataType, floatTensor, int64Tensor, node } from '../../onnx';
import type { AttrValue } from '../../onnx';
import type { NodeProto, TensorProto } from '../../onnx';

/**
 * A tiny op-level helper over the project's ONNX builder (src/compute/onnx/graph/build.ts):
 * auto-named intermediates, cached scalar constants, and one `mm` that emits either Gemm with
 * transA/transB or Transpose + MatMul (which is faster on a given EP is measured, see bench).
 */
export type MatmulForm = 'gemm' | 'matmul';

export class Ops {
  readonly nodes: NodeProto[] = [];
  readonly initializers: TensorProto[] = [];
  private counter = 0;
  private readonly constants = new Map<string, string>();

  constructor(readonly matmulForm: MatmulForm = 'gemm') {}

  /** A fresh tensor name with a readable stem. */
  name(stem: string): string {
    return `${stem}_${this.counter++}`;
  }

  /** One node with `nOut` outputs; the output names are returned. */
  opN(opType: string, inputs: string[], nOut: number, attrs: Record<string, AttrValue> = {}, outNames?: string[]): string[] {
    const outs = outNames ?? Array.from({ length: nOut }, () => this.name(opType.toLowerCase()));
    this.nodes.push(node(opType, inputs, outs, { name: this.name(`n_${opType}`), attrs }));
    return outs;
  }

  op(opType: string, inputs: string[], attrs: Record<string, AttrValue> = {}, outName?: string): string {
    const [out] = this.opN(opType, inputs, 1, attrs, outName === undefined ? undefined : [outName]);
    if (out === undefined) throw new Error('unreachable: one output');
    return out;
  }

  /** A float32 scalar constant (rank 0), shared by value. */
  scalar(v: number): string {
    const key = `f:${Object.is(v, -0) ? '-0' : String(v)}`;
    const have = this.constants.get(key);
    if (have) return have;
    const nm = this.name('const');
    this.initializers.push(floatTensor(nm, [], [v]));
    this.constants.set(key, nm);
    return nm;
  }

  /** A float64 scalar constant (rank 0): bias corrections are computed in double, as torch does in Python. */
  double(v: number): string {
    const key = `d:${String(v)}`;
    const have = this.constants.get(key);
    if (have) return have;
    const nm = this.name('dconst');
    const t = floatTensor(nm, [], [0]);
    this.initializers.push({ ...t, dataType: DataType.DOUBLE, rawData: new Uint8Array(Float64Array.of(v).buffer) });
    this.constants.set(key, nm);
    return nm;
  }

  /** An int64 vector constant (axes, K, shapes). */
  int64s(values: number[]): string {
    const key = `i:${values.join(',')}`;
    const have = this.constants.get(key);
    if (have) return have;
    const nm = this.name('ints');
    this.initializers.push(int64Tensor(nm, [values.length], values));
    this.constants.set(key, nm);
    return nm;
  }

  add(a: string, b: string, out?: string): string {
    return this.op('Add', [a, b], {}, out);
  }
  sub(a: string, b: string, out?: string): string {
    return this.op('Sub', [a, b], {}, out);
  }
  mul(a: string, b: string, out?: string): string {
    return this.op('Mul', [a, b], {}, out);
  }
  div(a: string, b: string, out?: string): string {
    return this.op('Div', [a, b], {}, out);
  }

  /** Σ over `axes` (opset 13+: axes as an input). keepdims 0 unless asked. */
  sum(x: string, axes: number[] | null, keepdims = 0, out?: string): string {
    return axes === null ? this.op('ReduceSum', [x], { keepdims }, out) : this.op('ReduceSum', [x, this.int64s(axes)], { keepdims }, out);
  }

  /**
   * Σ x² over all elements of a [B, d] tensor → scalar, summed per row first: one float32
   * ReduceSum over all B·d elements drifts (−1.2e-4 relative on 4096 × 768, bench/sae-train.ts
   * parity against torch and float64); row sums then their sum stay within float32 rounding.
   */
  sumSquares(x: string): string {
    return this.sum(this.sum(this.mul(x, x), [-1]), null);
  }

  /** Zeros shaped like `like` (float). */
  zerosLike(like: string): string {
    const shape = this.op('Shape', [like]);
    return this.op('ConstantOfShape', [shape], { value: floatTensor(this.name('zero'), [1], [0]) });
  }

  /** The batch size (dim 0 of `x`) as a float scalar. */
  rowsAsFloat(x: string): string {
    const shape = this.op('Shape', [x]);
    const n = this.op('Gather', [shape, this.int64s([0])], { axis: 0 });
    const nf = this.op('Cast', [n], { to: DataType.FLOAT });
    return this.op('Squeeze', [nf, this.int64s([0])]);
  }

  /**
   * op(A) · op(B) (+ C) for 2-D A, B, where op transposes when asked. 'gemm' folds the
   * transposes and the bias into one Gemm; 'matmul' writes Transpose + MatMul (+ Add).
   */
  mm(a: string, b: string, opts: { transA?: boolean; transB?: boolean; c?: string; out?: string } = {}): string {
    const { transA = false, transB = false, c, out } = opts;
    if (this.matmulForm === 'gemm') {
      return this.op('Gemm', c ? [a, b, c] : [a, b], { transA: transA ? 1 : 0, transB: transB ? 1 : 0 }, out);
    }
    const aa = transA ? this.op('Transpose', [a], { perm: [1, 0] }) : a;
    const bb = transB ? this.op('Transpose', [b], { perm: [1, 0] }) : b;
    if (!c) return this.op('MatMul', [aa, bb], {}, out);
    return this.add(this.op('MatMul', [aa, bb]), c, out);
  }
}
