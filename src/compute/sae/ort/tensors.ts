import * as ort from 'onnxruntime-node';
import { OrtEngineError } from './errors';

/** Small ort.Tensor helpers for the engine. */
export function scalar(v: number): ort.Tensor {
  return new ort.Tensor('float32', Float32Array.of(v), []);
}

export function tensorOf(data: Float32Array, dims: number[], name: string): ort.Tensor {
  const size = dims.reduce((a, b) => a * b, 1);
  if (data.length !== size) throw new OrtEngineError('SAE_ORT_BAD_INPUT', `${name}: ${data.length} values, expected [${dims.join(', ')}]`);
  // A private copy: the engine owns its state, the caller may reuse its arrays.
  return new ort.Tensor('float32', Float32Array.from(data), dims);
}

export function floatsOf(t: ort.Tensor | undefined, name: string): Float32Array {
  if (!t || !(t.data instanceof Float32Array)) throw new Error(`SAE tensor ${name} missing or not float32`);
  return t.data;
}

export function floats(out: ort.InferenceSession.OnnxValueMapType, name: string): Float32Array {
  return floatsOf(out[name] as ort.Tensor | undefined, name);
}
