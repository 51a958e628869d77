import { writeVarint, type Int64 } from './varint';

/** Byte fields at least this long are kept by reference until `finish()` (weights are not copied twice). */
const BIG = 512;

/**
 * An append-only protobuf writer. Small writes go to a scratch buffer; big byte fields are held
 * as references. Nested messages are written into their own Writer and appended with
 * `message()`, so every length is known before it is written (no back-patching).
 */
export class ProtoWriter {
  private parts: Uint8Array[] = [];
  private scratch: Uint8Array;
  private view: DataView;
  /** Start of the bytes in `scratch` not yet moved to `parts`. */
  private start = 0;
  private pos = 0;
  /** Total bytes written so far. */
  length = 0;

  constructor(initialSize = 256) {
    this.scratch = new Uint8Array(initialSize);
    this.view = new DataView(this.scratch.buffer);
  }

  key(field: number, wire: number): void {
    this.varint(field * 8 + wire);
  }

  varint(v: Int64): void {
    this.ensure(10);
    const next = writeVarint(this.scratch, this.pos, v);
    this.length += next - this.pos;
    this.pos = next;
  }

  /** int32 semantics: negatives sign-extend to 64 bits (10 bytes), as protobuf does. */
  int32(v: number): void {
    this.varint(v | 0);
  }

  float(v: number): void {
    this.ensure(4);
    this.view.setFloat32(this.pos, v, true);
    this.pos += 4;
    this.length += 4;
  }

  double(v: number): void {
    this.ensure(8);
    this.view.setFloat64(this.pos, v, true);
    this.pos += 8;
    this.length += 8;
  }

  /** Raw bytes, no length prefix. Big ones are kept by reference. */
  raw(b: Uint8Array): void {
    if (b.length >= BIG) {
      this.flush();
      this.parts.push(b);
    } else {
      this.ensure(b.length);
      this.scratch.set(b, this.pos);
      this.pos += b.length;
    }
    this.length += b.length;
  }

  /** Length prefix + bytes. */
  lenBytes(b: Uint8Array): void {
    this.varint(b.length);
    this.raw(b);
  }

  /** Length prefix + the contents of a nested writer (small ones copied, big parts referenced). */
  message(child: ProtoWriter): void {
    child.flush();
    this.varint(child.length);
    for (const p of child.parts) this.raw(p);
  }

  finish(): Uint8Array {
    this.flush();
    const out = new Uint8Array(this.length);
    let at = 0;
    for (const p of this.parts) {
      out.set(p, at);
      at += p.length;
    }
    return out;
  }

  /** Move the pending scratch bytes to `parts` (as a view; the scratch keeps filling after them). */
  private flush(): void {
    if (this.pos === this.start) return;
    this.parts.push(this.scratch.subarray(this.start, this.pos));
    this.start = this.pos;
  }

  private ensure(n: number): void {
    if (this.pos + n <= this.scratch.length) return;
    this.flush();
    this.scratch = new Uint8Array(Math.max(65536, n));
    this.view = new DataView(this.scratch.buffer);
    this.start = 0;
    this.pos = 0;
  }
}
