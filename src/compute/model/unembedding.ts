import { graphOf, initializerMap, producers } from '../onnx/graph/inspect';
import { readFloat32, tensorSize } from '../onnx/graph/tensor-data';
import type { ModelProto, NodeProto, TensorProto } from '../onnx/proto/types';
import { CodedError } from '../../shared/coded-error';

/** W_U as [d_model, vocab] row-major: logits = resid_final_normed · W_U (+ bias, ignored for the lens). */
export interface Unembedding {
  dModel: number;
  vocab: number;
  weights: Float32Array;
  /** Which initializer it came from and how (for the UI). */
  source: string;
}

export class UnembeddingError extends CodedError<'UNEMBEDDING_UNSUPPORTED'> {
  constructor(message: string) {
    super('UNEMBEDDING_UNSUPPORTED', message);
  }
}

const PASS_THROUGH = new Set(['Identity', 'Cast', 'Reshape', 'Squeeze', 'Unsqueeze']);

function transpose(w: Float32Array, rows: number, cols: number): Float32Array {
  const out = new Float32Array(w.length);
  for (let r = 0; r < rows; r++) for (let c = 0; c < cols; c++) out[c * rows + r] = w[r * cols + c]!;
  return out;
}

const dims = (t: TensorProto) => t.dims.map(Number);

/**
 * Finds the unembedding behind the `logits` output (docs/models.md, "Logit lens"): lm_head as a
 * MatMul with an initializer [d, V], the tied embedding behind a Transpose ([V, d]), a
 * Gemm with transB, or an int8 weight behind DequantizeLinear (per-tensor) — dequantised.
 * Other quantised forms (MatMulNBits, per-channel) are refused with the reason.
 */
export function readUnembedding(model: ModelProto, logitsName = 'logits', dModel?: number): Unembedding {
  const graph = graphOf(model);
  const inits = initializerMap(graph);
  const prod = producers(graph);
  let node: NodeProto | undefined = prod.get(logitsName);
  while (node && (PASS_THROUGH.has(node.opType ?? '') || (node.opType === 'Add' && node.input.some((i) => inits.has(i))))) {
    node = prod.get(node.input.find((i) => !inits.has(i)) ?? '');
  }
  if (!node) throw new UnembeddingError(`no node produces "${logitsName}"`);
  const op = node.opType ?? '';
  if (op !== 'MatMul' && op !== 'Gemm') {
    throw new UnembeddingError(
      `the logits come from a ${op} node (${node.name ?? ''}); the logit lens needs an fp32/fp16 MatMul or Gemm unembedding — import the fp32 or fp16 variant of this model`,
    );
  }
  const weightName = node.input[1] ?? '';
  const transB = op === 'Gemm' && node.attribute.some((a) => a.name === 'transB' && Number(a.i ?? 0) === 1);
  const { values, shape, via } = weightValues(weightName, inits, prod);
  if (shape.length !== 2) throw new UnembeddingError(`unembedding ${weightName} has rank ${shape.length}; expected a matrix`);
  let [rows, cols] = shape as [number, number];
  let weights = values;
  let source = `${via}${transB ? ' (Gemm transB)' : ''}`;
  if (transB !== via.startsWith('Transpose')) {
    weights = transpose(values, rows, cols);
    [rows, cols] = [cols, rows];
  }
  if (dModel !== undefined && rows !== dModel) {
    // Exported the other way round ([V, d] used as b of MatMul cannot happen; fix a [V,d] read as [d,V]).
    if (cols === dModel) {
      weights = transpose(weights, rows, cols);
      [rows, cols] = [cols, rows];
      source += ' (transposed)';
    } else throw new UnembeddingError(`unembedding ${weightName} is ${rows}×${cols}; expected d_model ${dModel} on one side`);
  }
  return { dModel: rows, vocab: cols, weights, source };
}

function weightValues(
  name: string,
  inits: Map<string, TensorProto>,
  prod: Map<string, NodeProto>,
): { values: Float32Array; shape: number[]; via: string } {
  const init = inits.get(name);
  if (init) return { values: readFloat32(init), shape: dims(init), via: `initializer ${name}` };
  const p = prod.get(name);
  if (p?.opType === 'Transpose') {
    const inner = weightValues(p.input[0] ?? '', inits, prod);
    return { ...inner, via: `Transpose of ${inner.via}` };
  }
  if (p?.opType === 'DequantizeLinear') {
    const q = inits.get(p.input[0] ?? '');
    const scale = inits.get(p.input[1] ?? '');
    const zp = p.input[2] ? inits.get(p.input[2]) : undefined;
    if (!q || !scale || tensorSize(scale) !== 1 || (zp && tensorSize(zp) !== 1)) {
      throw new UnembeddingError(
        `unembedding ${name} is quantised per channel or from non-constant inputs; import the fp32 or fp16 variant for the logit lens`,
      );
    }
    const zeroPoint = zp ? readFloat32(zp, { dequantize: { scale: 1 } })[0]! : 0;
    return {
      values: readFloat32(q, { dequantize: { scale: readFloat32(scale)[0]!, zeroPoint } }),
      shape: dims(q),
      via: `dequantised ${q.name ?? ''}`,
    };
  }
  throw new UnembeddingError(
    `unembedding input "${name}" is produced by ${p?.opType ?? 'nothing'}; expected an initializer (fp32/fp16), a Transpose of one, or DequantizeLinear`,
  );
}
