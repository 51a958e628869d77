import { describe, expect, it } from 'vitest';
import { decodeMessage } from './decode';
import { encodeMessage } from './encode';
import { f, type MessageSchema } from './schema';
import { unknownFields } from './wire-info';

/** A toy schema covering each scalar kind, typed and plain repeats, and nesting. */
const Inner: MessageSchema = { name: 'Inner', fields: [f.scalar(1, 'n', 'int64')] };
const Toy: MessageSchema = {
  name: 'Toy',
  fields: [
    f.scalar(1, 'i32', 'int32'),
    f.scalar(2, 'i64', 'int64'),
    f.scalar(3, 'u64', 'uint64'),
    f.scalar(4, 'fl', 'float'),
    f.scalar(5, 'db', 'double'),
    f.scalar(6, 's', 'string'),
    f.scalar(7, 'b', 'bytes'),
    f.repeated(8, 'floats', 'float'),
    f.repeated(9, 'ints', 'int64', { packed: true }),
    f.repeated(10, 'f32', 'float', { packed: true, typed: 'f32' }),
    f.repeated(11, 'i64s', 'int64', { packed: true, typed: 'i64' }),
    f.messages(12, 'inner', () => Inner),
    f.message(13, 'one', () => Inner),
  ],
};

const hex = (b: Uint8Array) => Buffer.from(b).toString('hex');

describe('schema-driven codec', () => {
  it('round-trips every kind through a fresh encode', () => {
    const msg = {
      i32: -5,
      i64: -(2n ** 60n),
      u64: 2n ** 64n - 1n,
      fl: 1.5,
      db: Math.PI,
      s: 'π ≈ 3.14',
      b: new Uint8Array([0, 255]),
      floats: [0.25, -8],
      ints: [1, -1, 2 ** 40],
      f32: new Float32Array([1, 2, 3]),
      i64s: new BigInt64Array([-1n, 7n]),
      inner: [{ n: 1 }, { n: 2 }],
      one: { n: 0 },
    };
    const back = decodeMessage(Toy, encodeMessage(Toy, msg));
    expect(back).toEqual(msg);
  });

  it('writes fresh repeats packed or unpacked as the schema says, and absent fields not at all', () => {
    expect(hex(encodeMessage(Toy, { floats: [1] }))).toBe('450000803f'); // key (8<<3|5), fixed32
    expect(hex(encodeMessage(Toy, { ints: [1, 2] }))).toBe('4a020102'); // key (9<<3|2), len 2
    expect(hex(encodeMessage(Toy, { s: '' }))).toBe('3200'); // present-but-empty is kept (proto2 presence)
    expect(hex(encodeMessage(Toy, {}))).toBe('');
  });

  it('reads packed and unpacked forms of the same repeated field and writes each back as it came', () => {
    // floats (8) packed although the schema writes it unpacked; ints (9) unpacked although it is packed by default;
    // f32 (10) split over two packed chunks.
    const bytes = Buffer.from('4208000080bf0000803f' + '4801' + '4802' + '5204000020c0' + '52040000a040', 'hex');
    const m = decodeMessage(Toy, new Uint8Array(bytes));
    expect(m.floats).toEqual([-1, 1]);
    expect(m.ints).toEqual([1, 2]);
    expect(m.f32).toEqual(new Float32Array([-2.5, 5]));
    expect(hex(encodeMessage(Toy, m))).toBe(bytes.toString('hex'));
  });

  it('keeps unknown fields of every wire type, nested too', () => {
    // one { n: 3, field 9 fixed64 }, then unknown fixed32 (field 20), varint (21), len (22).
    const bytes = Buffer.from('6a0b' + '0803' + '490000000000000000' + 'a5010000803f' + 'a80196' + '01' + 'b2010161', 'hex');
    const m = decodeMessage(Toy, new Uint8Array(bytes));
    expect(unknownFields(m).map((u) => u.field)).toEqual([20, 21, 22]);
    expect(unknownFields(m.one as object).map((u) => u.field)).toEqual([9]);
    expect(hex(encodeMessage(Toy, m))).toBe(bytes.toString('hex'));
  });
});
