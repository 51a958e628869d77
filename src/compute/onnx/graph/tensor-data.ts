import { openSync, readSync, closeSync } from 'node:fs';
import { isAbsolute, join, normalize } from 'node:path';
import { DataLocation, DataType, dataTypeName } from '../proto/constants';
import type { TensorProto } from '../proto/types';
import { OnnxError } from './errors';
import { bfloat16ToFloat32, halvesToFloat32 } from './float16';

/** Element count of a tensor from its dims. */
export function tensorSize(t: TensorProto): number {
  return t.dims.reduce<number>((n, d) => n * Number(d), 1);
}

export interface TensorBytesOptions {
  /** Folder of the .onnx file: where external data (`location`) is looked up. */
  externalDataDir?: string;
}

/**
 * The tensor's little-endian payload bytes: raw_data as is, or external data read from disk.
 * Returns undefined when the values live in a typed field (float_data, int32_data, …).
 */
export function tensorRawBytes(t: TensorProto, opts: TensorBytesOptions = {}): Uint8Array | undefined {
  if (t.dataLocation === DataLocation.EXTERNAL) return readExternal(t, opts);
  return t.rawData;
}

function readExternal(t: TensorProto, opts: TensorBytesOptions): Uint8Array {
  const kv = new Map(t.externalData.map((e) => [e.key ?? '', e.value ?? '']));
  const location = kv.get('location');
  if (!location) throw new OnnxError('ONNX_EXTERNAL_DATA', `initializer ${t.name}: external data has no "location" entry`);
  if (!opts.externalDataDir)
    throw new OnnxError(
      'ONNX_EXTERNAL_DATA',
      `initializer ${t.name} lives in external file "${location}"; pass externalDataDir (the model's folder)`,
    );
  // Only files inside the model folder: a model must not make us read /etc/passwd.
  if (isAbsolute(location) || normalize(location).startsWith('..'))
    throw new OnnxError('ONNX_EXTERNAL_DATA', `initializer ${t.name}: external location "${location}" is outside the model folder`);
  const offset = Number(kv.get('offset') ?? '0');
  const elemBytes = bytesPerElement(t.dataType);
  const length = kv.has('length') ? Number(kv.get('length')) : tensorSize(t) * elemBytes;
  const path = join(opts.externalDataDir, location);
  const out = new Uint8Array(length);
  let fd: number | undefined;
  try {
    fd = openSync(path, 'r');
    const n = readSync(fd, out, 0, length, offset);
    if (n !== length) throw new Error(`read ${n} of ${length} bytes at offset ${offset}`);
  } catch (e) {
    throw new OnnxError('ONNX_EXTERNAL_DATA', `initializer ${t.name}: cannot read external data ${path}: ${(e as Error).message}`);
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
  return out;
}

function bytesPerElement(dt: number | undefined): number {
  switch (dt) {
    case DataType.DOUBLE:
    case DataType.INT64:
    case DataType.UINT64:
      return 8;
    case DataType.FLOAT:
    case DataType.INT32:
    case DataType.UINT32:
      return 4;
    case DataType.FLOAT16:
    case DataType.BFLOAT16:
    case DataType.INT16:
    case DataType.UINT16:
      return 2;
    default:
      return 1;
  }
}

/** Copy little-endian bytes (any alignment) into a fresh typed array of `n` elements. */
function aligned(bytes: Uint8Array, n: number, size: number): ArrayBuffer {
  if (bytes.length < n * size) throw new RangeError(`tensor payload has ${bytes.length} bytes; ${n} elements need ${n * size}`);
  return bytes.slice(0, n * size).buffer;
}

/** Quantisation parameters for INT8/UINT8 weights: value = (q - zeroPoint) * scale (DequantizeLinear, per-tensor). */
export interface Dequantize {
  scale: number;
  zeroPoint?: number;
}

export interface ReadFloatOptions extends TensorBytesOptions {
  dequantize?: Dequantize;
}

/**
 * An initializer's values as float32 (a new array; the model is untouched). Shape: `t.dims`,
 * row-major. FLOAT/DOUBLE/FLOAT16/BFLOAT16 convert exactly (double rounds); INT8/UINT8 need
 * `dequantize`; anything else is refused with the type's name.
 */
export function readFloat32(t: TensorProto, opts: ReadFloatOptions = {}): Float32Array {
  const n = tensorSize(t);
  const raw = tensorRawBytes(t, opts);
  const dt = t.dataType;
  switch (dt) {
    case DataType.FLOAT:
      return raw ? new Float32Array(aligned(raw, n, 4)) : Float32Array.from(t.floatData);
    case DataType.DOUBLE:
      return Float32Array.from(raw ? new Float64Array(aligned(raw, n, 8)) : t.doubleData);
    case DataType.FLOAT16:
      return halvesToFloat32(raw ? new Uint16Array(aligned(raw, n, 2)) : t.int32Data);
    case DataType.BFLOAT16:
      return bfloat16ToFloat32(raw ? new Uint16Array(aligned(raw, n, 2)) : t.int32Data);
    case DataType.INT8:
    case DataType.UINT8: {
      if (!opts.dequantize)
        throw new OnnxError(
          'ONNX_UNSUPPORTED_DTYPE',
          `initializer ${t.name} is ${dataTypeName(dt)}; reading it as float needs its scale and zero point (DequantizeLinear)`,
        );
      const { scale, zeroPoint = 0 } = opts.dequantize;
      const q = raw ? (dt === DataType.INT8 ? new Int8Array(aligned(raw, n, 1)) : new Uint8Array(aligned(raw, n, 1))) : t.int32Data;
      const out = new Float32Array(n);
      for (let i = 0; i < n; i++) out[i] = ((q[i] as number) - zeroPoint) * scale;
      return out;
    }
    default:
      throw new OnnxError(
        'ONNX_UNSUPPORTED_DTYPE',
        `initializer ${t.name} is ${dataTypeName(dt)}; only FLOAT, DOUBLE, FLOAT16, BFLOAT16 and (with a scale) INT8/UINT8 read as float32`,
      );
  }
}
