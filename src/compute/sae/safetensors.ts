/**
 * safetensors (huggingface/safetensors format): 8-byte little-endian header length N, then N
 * bytes of UTF-8 JSON {name: {dtype, shape, data_offsets: [begin, end]}, "__metadata__"?:
 * {str: str}}, then the raw little-endian tensor bytes. We pad the header with spaces so the
 * data starts 8-byte aligned (the format allows trailing whitespace). F32 only: SAE weights.
 */
import { CodedError } from '../../shared/coded-error';
export interface F32Tensor {
  shape: number[];
  data: Float32Array;
  /** The dtype the file stored (decode only): F16/BF16 are widened exactly to float32. */
  sourceDtype?: 'F32' | 'F16' | 'BF16';
}

/** The reference implementation refuses headers over 100 MB (a lying length would make us allocate it). */
const MAX_HEADER_BYTES = 100_000_000;

export class SafetensorsError extends CodedError<'SAFETENSORS_HEADER' | 'SAFETENSORS_DTYPE' | 'SAFETENSORS_BOUNDS'> {}

export function encodeSafetensors(tensors: Record<string, F32Tensor>, metadata?: Record<string, string>): Uint8Array {
  const header: Record<string, unknown> = {};
  if (metadata) header.__metadata__ = metadata;
  let offset = 0;
  const names = Object.keys(tensors);
  for (const name of names) {
    const t = tensors[name];
    if (!t) continue;
    const count = t.shape.reduce((a, b) => a * b, 1);
    if (count !== t.data.length)
      throw new Error(`tensor "${name}": shape [${t.shape.join(', ')}] has ${count} elements, data has ${t.data.length}`);
    header[name] = { dtype: 'F32', shape: t.shape, data_offsets: [offset, offset + t.data.byteLength] };
    offset += t.data.byteLength;
  }
  let json = JSON.stringify(header);
  const enc = new TextEncoder();
  while ((enc.encode(json).length + 8) % 8 !== 0) json += ' ';
  const headerBytes = enc.encode(json);
  const out = new Uint8Array(8 + headerBytes.length + offset);
  const view = new DataView(out.buffer);
  view.setBigUint64(0, BigInt(headerBytes.length), true);
  out.set(headerBytes, 8);
  let pos = 8 + headerBytes.length;
  for (const name of names) {
    const t = tensors[name];
    if (!t) continue;
    const dv = new DataView(out.buffer, pos, t.data.byteLength);
    for (let i = 0; i < t.data.length; i++) dv.setFloat32(i * 4, t.data[i] ?? 0, true);
    pos += t.data.byteLength;
  }
  return out;
}

export interface DecodedSafetensors {
  tensors: Map<string, F32Tensor>;
  metadata: Record<string, string>;
}

interface HeaderEntry {
  dtype: string;
  shape: number[];
  data_offsets: [number, number];
}

function isHeaderEntry(v: unknown): v is HeaderEntry {
  if (typeof v !== 'object' || v === null) return false;
  const e = v as Record<string, unknown>;
  return (
    typeof e.dtype === 'string' &&
    Array.isArray(e.shape) &&
    e.shape.every((d) => Number.isInteger(d) && (d as number) >= 0) &&
    Array.isArray(e.data_offsets) &&
    e.data_offsets.length === 2 &&
    e.data_offsets.every((d) => Number.isInteger(d))
  );
}

/** Decode a safetensors buffer (F32 tensors; F16/BF16 are widened to float32). */
export function decodeSafetensors(bytes: Uint8Array, source = 'safetensors file'): DecodedSafetensors {
  if (bytes.length < 8) throw new SafetensorsError('SAFETENSORS_HEADER', `${source}: shorter than the 8-byte header length`);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const n = Number(view.getBigUint64(0, true));
  if (n > MAX_HEADER_BYTES)
    throw new SafetensorsError(
      'SAFETENSORS_HEADER',
      `${source}: header length ${n} is over the format's 100 MB limit; the file is not safetensors or is damaged`,
    );
  if (8 + n > bytes.length)
    throw new SafetensorsError('SAFETENSORS_HEADER', `${source}: header length ${n} runs past the end of the file (${bytes.length} bytes)`);
  let header: unknown;
  try {
    header = JSON.parse(new TextDecoder().decode(bytes.subarray(8, 8 + n)));
  } catch (err) {
    throw new SafetensorsError('SAFETENSORS_HEADER', `${source}: header is not JSON (${String(err)})`);
  }
  if (typeof header !== 'object' || header === null)
    throw new SafetensorsError('SAFETENSORS_HEADER', `${source}: header is not a JSON object`);
  const dataStart = 8 + n;
  const tensors = new Map<string, F32Tensor>();
  const spans: [number, number, string][] = [];
  let metadata: Record<string, string> = {};
  for (const [name, entry] of Object.entries(header as Record<string, unknown>)) {
    if (name === '__metadata__') {
      metadata = (entry ?? {}) as Record<string, string>;
      continue;
    }
    if (!isHeaderEntry(entry)) throw new SafetensorsError('SAFETENSORS_HEADER', `${source}: tensor "${name}" has a malformed header entry`);
    const [begin, end] = entry.data_offsets;
    const count = entry.shape.reduce((a, b) => a * b, 1);
    const width = entry.dtype === 'F32' ? 4 : entry.dtype === 'F16' || entry.dtype === 'BF16' ? 2 : 0;
    if (width === 0)
      throw new SafetensorsError('SAFETENSORS_DTYPE', `${source}: tensor "${name}" has dtype ${entry.dtype}; expected F32, F16 or BF16`);
    if (end - begin !== count * width || dataStart + end > bytes.length || begin < 0) {
      throw new SafetensorsError(
        'SAFETENSORS_BOUNDS',
        `${source}: tensor "${name}" offsets [${begin}, ${end}] do not fit shape [${entry.shape.join(', ')}] ${entry.dtype} or the file`,
      );
    }
    spans.push([begin, end, name]);
    const dv = new DataView(bytes.buffer, bytes.byteOffset + dataStart + begin, end - begin);
    const data = new Float32Array(count);
    for (let i = 0; i < count; i++)
      data[i] =
        width === 4
          ? dv.getFloat32(i * 4, true)
          : entry.dtype === 'F16'
            ? halfToFloat(dv.getUint16(i * 2, true))
            : bf16ToFloat(dv.getUint16(i * 2, true));
    tensors.set(name, { shape: entry.shape, data, sourceDtype: entry.dtype as 'F32' | 'F16' | 'BF16' });
  }
  checkTiling(spans, bytes.length - dataStart, source);
  return { tensors, metadata };
}

/**
 * The tensors' byte ranges must tile the data section exactly, as the reference reader checks:
 * a gap, an overlap or bytes past the last tensor mean the header lies about the offsets
 * (or the file was cut or appended to).
 */
function checkTiling(spans: [number, number, string][], dataBytes: number, source: string): void {
  spans.sort((a, b) => a[0] - b[0]);
  let at = 0;
  for (const [begin, end, name] of spans) {
    if (begin !== at)
      throw new SafetensorsError(
        'SAFETENSORS_BOUNDS',
        `${source}: tensor "${name}" starts at byte ${begin} of the data but the previous tensor ends at ${at}; the header's offsets overlap or leave a gap`,
      );
    at = end;
  }
  if (at !== dataBytes)
    throw new SafetensorsError(
      'SAFETENSORS_BOUNDS',
      `${source}: the header's tensors cover ${at} bytes but the file holds ${dataBytes} bytes of data; it was cut short or has bytes the header does not describe`,
    );
}

function halfToFloat(h: number): number {
  const s = h & 0x8000 ? -1 : 1;
  const e = (h >> 10) & 0x1f;
  const f = h & 0x3ff;
  if (e === 0) return s * 2 ** -14 * (f / 1024);
  if (e === 31) return f ? NaN : s * Infinity;
  return s * 2 ** (e - 15) * (1 + f / 1024);
}

function bf16ToFloat(b: number): number {
  const buf = new DataView(new ArrayBuffer(4));
  buf.setUint32(0, b << 16);
  return buf.getFloat32(0);
}
