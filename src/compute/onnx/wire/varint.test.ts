import { describe, expect, it } from 'vitest';
import { ProtoReader } from './reader';
import { readInt32, readInt64, readUint64, varintSize, writeVarint, type Int64 } from './varint';
import { ProtoWriter } from './writer';

function enc(v: Int64): number[] {
  const buf = new Uint8Array(10);
  const n = writeVarint(buf, 0, v);
  expect(n).toBe(varintSize(v));
  return [...buf.subarray(0, n)];
}

describe('varint', () => {
  it('encodes the protobuf reference values', () => {
    expect(enc(0)).toEqual([0]);
    expect(enc(1)).toEqual([1]);
    expect(enc(127)).toEqual([0x7f]);
    expect(enc(128)).toEqual([0x80, 0x01]);
    expect(enc(300)).toEqual([0xac, 0x02]);
    expect(enc(2 ** 32 - 1)).toEqual([0xff, 0xff, 0xff, 0xff, 0x0f]);
    expect(enc(2 ** 32)).toEqual([0x80, 0x80, 0x80, 0x80, 0x10]);
    // -1 as int64 (and as int32, sign-extended) is ten bytes.
    expect(enc(-1)).toEqual([0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x01]);
    expect(enc(2n ** 63n - 1n)).toEqual([0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x7f]);
    expect(enc(-(2n ** 63n))).toEqual([0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x01]);
    expect(enc(2n ** 64n - 1n)).toEqual([0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x01]);
  });

  it('round-trips every power of two and its neighbours, signed and unsigned', () => {
    for (let bit = 0; bit < 64; bit++) {
      for (const d of [-1n, 0n, 1n]) {
        const u = BigInt.asUintN(64, (1n << BigInt(bit)) + d);
        const buf = new Uint8Array(10);
        const n = writeVarint(buf, 0, u);
        const ru = readUint64(buf, 0);
        expect(ru.next).toBe(n);
        expect(BigInt(ru.value)).toBe(u);
        const s = BigInt.asIntN(64, u);
        expect(BigInt(readInt64(buf, 0).value)).toBe(s);
        // Numbers come back as numbers when safe, bigints only beyond 2^53.
        const safe = s >= BigInt(Number.MIN_SAFE_INTEGER) && s <= BigInt(Number.MAX_SAFE_INTEGER);
        expect(typeof readInt64(buf, 0).value).toBe(safe ? 'number' : 'bigint');
      }
    }
  });

  it('accepts numbers beyond 2^32 and negative numbers', () => {
    for (const v of [2 ** 40 + 3, Number.MAX_SAFE_INTEGER, -5, Number.MIN_SAFE_INTEGER]) {
      const buf = new Uint8Array(10);
      writeVarint(buf, 0, v);
      expect(readInt64(buf, 0).value).toBe(v);
    }
  });

  it('int32 truncates to 32 bits with sign', () => {
    const buf = new Uint8Array(10);
    writeVarint(buf, 0, -2);
    expect(readInt32(buf, 0).value).toBe(-2);
    writeVarint(buf, 0, 2 ** 31);
    expect(readInt32(buf, 0).value).toBe(-(2 ** 31));
  });

  it('refuses truncated and over-long varints', () => {
    expect(() => readUint64(new Uint8Array([0x80, 0x80]), 0)).toThrow(/truncated/);
    expect(() => readUint64(new Uint8Array(11).fill(0x80), 0)).toThrow(/more than 10 bytes/);
    expect(() => new ProtoReader(new Uint8Array([0x0a, 0x05, 0x01])).skip(2)).toThrow();
  });
});

describe('ProtoWriter / ProtoReader', () => {
  it('round-trips fixed32, fixed64, length-delimited and nested messages', () => {
    const big = new Uint8Array(4096).map((_, i) => i & 0xff);
    const inner = new ProtoWriter();
    inner.key(1, 0);
    inner.varint(-3);
    const w = new ProtoWriter();
    w.key(1, 5);
    w.float(1.5);
    w.key(2, 1);
    w.double(-0.1);
    w.key(3, 2);
    w.lenBytes(big);
    w.key(4, 2);
    w.message(inner);
    const bytes = w.finish();
    expect(bytes.length).toBe(w.length);
    const r = new ProtoReader(bytes);
    expect(r.tag()).toEqual({ field: 1, wire: 5 });
    expect(r.fixed32Float()).toBe(1.5);
    expect(r.tag()).toEqual({ field: 2, wire: 1 });
    expect(r.fixed64Double()).toBe(-0.1);
    expect(r.tag()).toEqual({ field: 3, wire: 2 });
    const view = r.bytes();
    expect(view).toEqual(big);
    expect(view.buffer).toBe(bytes.buffer); // a view, not a copy
    expect(r.tag()).toEqual({ field: 4, wire: 2 });
    const sub = new ProtoReader(r.bytes());
    expect(sub.tag()).toEqual({ field: 1, wire: 0 });
    expect(sub.int64()).toBe(-3);
    expect(r.done()).toBe(true);
  });
});
