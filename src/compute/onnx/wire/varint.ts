/**
 * Protobuf base-128 varints. Values that fit in 2^53 stay JS numbers; larger ones (and
 * negative int64s, which are 10-byte two's-complement on the wire) go through BigInt.
 * ONNX uses no zigzag (sint*) fields, so there is none here.
 */

/** An int64/uint64 as decoded: a number when it is a safe integer, else a bigint. */
export type Int64 = number | bigint;

const TWO_32 = 4294967296;

/** Narrow a bigint to a number when that loses nothing. */
export function normalizeInt64(v: bigint): Int64 {
  return v >= BigInt(Number.MIN_SAFE_INTEGER) && v <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(v) : v;
}

/** Number of bytes the varint encoding of an unsigned 64-bit value (lo, hi words) needs. */
function sizeOfWords(lo: number, hi: number): number {
  if (hi === 0) {
    if (lo < 0x80) return 1;
    if (lo < 0x4000) return 2;
    if (lo < 0x200000) return 3;
    if (lo < 0x10000000) return 4;
    return 5;
  }
  // 32 bits already used in 4×7=28 + 4 of byte 5; each further 7 bits adds a byte.
  let n = 5;
  let h = hi >>> 3;
  while (h !== 0) {
    n++;
    h >>>= 7;
  }
  return n;
}

/** Split a 64-bit value (number or bigint, signed or unsigned) into its two's-complement words. */
export function toWords(v: Int64): { lo: number; hi: number } {
  if (typeof v === 'number') {
    if (!Number.isInteger(v)) throw new RangeError(`varint: ${v} is not an integer`);
    if (v >= 0 && v < TWO_32) return { lo: v >>> 0, hi: 0 };
    if (Math.abs(v) > Number.MAX_SAFE_INTEGER) return toWords(BigInt(v));
    if (v >= 0) return { lo: (v % TWO_32) >>> 0, hi: Math.floor(v / TWO_32) >>> 0 };
    return toWords(BigInt(v));
  }
  const u = BigInt.asUintN(64, v);
  return { lo: Number(u & 0xffffffffn), hi: Number(u >> 32n) };
}

export function varintSize(v: Int64): number {
  const { lo, hi } = toWords(v);
  return sizeOfWords(lo, hi);
}

/** Write the varint of v (any 64-bit value; negatives as 10-byte two's complement) at pos; returns the new pos. */
export function writeVarint(buf: Uint8Array, pos: number, v: Int64): number {
  if (typeof v === 'number' && v >= 0 && v < 0x80) {
    buf[pos] = v;
    return pos + 1;
  }
  let { lo, hi } = toWords(v);
  while (hi !== 0 || lo >= 0x80) {
    buf[pos++] = (lo & 0x7f) | 0x80;
    lo = ((lo >>> 7) | (hi << 25)) >>> 0;
    hi >>>= 7;
  }
  buf[pos++] = lo;
  return pos;
}

/** The raw 64-bit varint read at pos as two 32-bit words, plus the position after it. */
export function readVarintWords(buf: Uint8Array, pos: number): { lo: number; hi: number; next: number } {
  let lo = 0;
  let hi = 0;
  let shift = 0;
  for (let i = 0; i < 10; i++) {
    if (pos >= buf.length) throw new RangeError('varint: truncated input');
    const b = buf[pos++] as number;
    if (shift < 28) lo |= (b & 0x7f) << shift;
    else if (shift === 28) {
      lo |= (b & 0x0f) << 28;
      hi |= (b & 0x7f) >>> 4;
    } else hi |= (b & 0x7f) << (shift - 32);
    if ((b & 0x80) === 0) return { lo: lo >>> 0, hi: hi >>> 0, next: pos };
    shift += 7;
  }
  throw new RangeError('varint: more than 10 bytes');
}

/** Read a varint as an unsigned 64-bit value. */
export function readUint64(buf: Uint8Array, pos: number): { value: Int64; next: number } {
  const b0 = buf[pos];
  if (b0 !== undefined && b0 < 0x80) return { value: b0, next: pos + 1 };
  const { lo, hi, next } = readVarintWords(buf, pos);
  if (hi < 0x200000) return { value: hi * TWO_32 + lo, next };
  return { value: (BigInt(hi) << 32n) | BigInt(lo), next };
}

/** Read a varint as a signed (two's-complement) 64-bit value. */
export function readInt64(buf: Uint8Array, pos: number): { value: Int64; next: number } {
  const b0 = buf[pos];
  if (b0 !== undefined && b0 < 0x80) return { value: b0, next: pos + 1 };
  const { lo, hi, next } = readVarintWords(buf, pos);
  if (hi < 0x200000) return { value: hi * TWO_32 + lo, next };
  return { value: normalizeInt64(BigInt.asIntN(64, (BigInt(hi) << 32n) | BigInt(lo))), next };
}

/** Read a varint as int32 (protobuf truncates to the low 32 bits, sign from bit 31). */
export function readInt32(buf: Uint8Array, pos: number): { value: number; next: number } {
  const b0 = buf[pos];
  if (b0 !== undefined && b0 < 0x80) return { value: b0, next: pos + 1 };
  const { lo, next } = readVarintWords(buf, pos);
  return { value: lo | 0, next };
}
