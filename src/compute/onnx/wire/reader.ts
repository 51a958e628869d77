import { readInt32, readInt64, readUint64, type Int64 } from './varint';

/** Protobuf wire types (the low 3 bits of a field key). Groups (3, 4) are obsolete and refused. */
export const WireType = { VARINT: 0, FIXED64: 1, LEN: 2, FIXED32: 5 } as const;
export type WireType = (typeof WireType)[keyof typeof WireType];

/**
 * A cursor over one message's bytes. `bytes()` returns subarray views into the input, never
 * copies, so a 20 MB raw_data stays where the file was read.
 */
export class ProtoReader {
  readonly buf: Uint8Array;
  pos: number;
  readonly end: number;
  private readonly view: DataView;

  constructor(buf: Uint8Array, start = 0, end = buf.length) {
    this.buf = buf;
    this.pos = start;
    this.end = end;
    this.view = new DataView(buf.buffer, buf.byteOffset, buf.byteLength);
  }

  done(): boolean {
    return this.pos >= this.end;
  }

  /** Field key: field number and wire type. */
  tag(): { field: number; wire: number } {
    const { value } = this.guard(readUint64(this.buf, this.pos));
    const key = Number(value);
    const field = Math.floor(key / 8);
    const wire = key & 7;
    if (field === 0) throw new RangeError(`protobuf: field number 0 at byte ${this.pos}`);
    return { field, wire };
  }

  uint64(): Int64 {
    return this.guard(readUint64(this.buf, this.pos)).value;
  }
  int64(): Int64 {
    return this.guard(readInt64(this.buf, this.pos)).value;
  }
  int32(): number {
    return this.guard(readInt32(this.buf, this.pos)).value;
  }

  fixed32Float(): number {
    const v = this.view.getFloat32(this.advance(4), true);
    return v;
  }
  fixed64Double(): number {
    return this.view.getFloat64(this.advance(8), true);
  }

  /** A length-delimited payload as a view. */
  bytes(): Uint8Array {
    const len = Number(this.uint64());
    const start = this.advance(len);
    return this.buf.subarray(start, start + len);
  }

  /** Skip one field's payload of the given wire type (the key already read). */
  skip(wire: number): void {
    switch (wire) {
      case WireType.VARINT:
        this.uint64();
        return;
      case WireType.FIXED64:
        this.advance(8);
        return;
      case WireType.LEN:
        this.bytes();
        return;
      case WireType.FIXED32:
        this.advance(4);
        return;
      default:
        throw new RangeError(`protobuf: unsupported wire type ${wire} at byte ${this.pos}`);
    }
  }

  /** Reserve n bytes; returns their start. */
  private advance(n: number): number {
    const start = this.pos;
    if (n < 0 || start + n > this.end) throw new RangeError(`protobuf: truncated field at byte ${start} (needs ${n} bytes)`);
    this.pos = start + n;
    return start;
  }

  private guard<T>(r: { value: T; next: number }): { value: T; next: number } {
    if (r.next > this.end) throw new RangeError(`protobuf: varint runs past the message end at byte ${this.pos}`);
    this.pos = r.next;
    return r;
  }
}
