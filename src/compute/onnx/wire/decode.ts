import { ProtoReader, WireType } from './reader';
import { compile, type FieldSpec, type MessageSchema } from './schema';
import type { Int64 } from './varint';
import { setWireInfo, type OrderEntry } from './wire-info';

/** A decoded message before it is viewed through its TypeScript interface. */
export type RawMessage = Record<string, unknown>;

const utf8 = new TextDecoder('utf-8');

/** Wire type each kind is written with when not packed. */
export function wireOf(spec: FieldSpec): number {
  switch (spec.kind) {
    case 'float':
      return WireType.FIXED32;
    case 'double':
      return WireType.FIXED64;
    case 'int32':
    case 'int64':
    case 'uint64':
      return WireType.VARINT;
    default:
      return WireType.LEN;
  }
}

function isNumeric(spec: FieldSpec): boolean {
  return spec.kind !== 'string' && spec.kind !== 'bytes' && spec.kind !== 'message';
}

function readScalar(r: ProtoReader, spec: FieldSpec): unknown {
  switch (spec.kind) {
    case 'int32':
      return r.int32();
    case 'int64':
      return r.int64();
    case 'uint64':
      return r.uint64();
    case 'float':
      return r.fixed32Float();
    case 'double':
      return r.fixed64Double();
    case 'string':
      return utf8.decode(r.bytes());
    case 'bytes':
      return r.bytes();
    case 'message': {
      const body = r.bytes();
      return decodeMessage((spec.message as () => MessageSchema)(), body);
    }
  }
}

/** Typed-array form of a repeated numeric field (data copied once; buffers may be unaligned). */
function toTyped(spec: FieldSpec, values: unknown[]): unknown {
  switch (spec.typed) {
    case 'f32': {
      // Elements, or whole packed chunks already read as Float32Array.
      let n = 0;
      for (const v of values) n += v instanceof Float32Array ? v.length : 1;
      const out = new Float32Array(n);
      let at = 0;
      for (const v of values)
        if (v instanceof Float32Array) {
          out.set(v, at);
          at += v.length;
        } else out[at++] = v as number;
      return out;
    }
    case 'f64':
      return Float64Array.from(values as number[]);
    case 'i32':
      return Int32Array.from(values as number[]);
    case 'i64':
      return BigInt64Array.from((values as Int64[]).map((v) => BigInt(v)));
    case 'u64':
      return BigUint64Array.from((values as Int64[]).map((v) => BigInt(v)));
    default:
      return values;
  }
}

/**
 * Decode one message. Every field the schema knows lands on the result under its name
 * (singular: absent ⇒ undefined; repeated: always an array); everything else is kept raw in
 * the message's wire info, along with the field order, so `encodeMessage` can reproduce it.
 */
export function decodeMessage(schema: MessageSchema, bytes: Uint8Array): RawMessage {
  const { byNo, ordered } = compile(schema);
  const out: RawMessage = {};
  const lists = new Map<FieldSpec, unknown[]>();
  for (const spec of ordered) if (spec.repeated) lists.set(spec, []);
  const order: OrderEntry[] = [];
  const r = new ProtoReader(bytes);

  while (!r.done()) {
    const at = r.pos;
    const { field, wire } = r.tag();
    const spec = byNo.get(field);
    const expected = spec ? wireOf(spec) : -1;
    const packed = spec !== undefined && spec.repeated === true && isNumeric(spec) && wire === WireType.LEN;
    if (!spec || (wire !== expected && !packed)) {
      r.skip(wire);
      order.push({ kind: 'unknown', field, raw: bytes.subarray(at, r.pos) });
      continue;
    }
    let count = 1;
    if (packed && spec.typed === 'f32') {
      // Whole chunk at once: one copy of the bytes (alignment), no per-element reads.
      const body = r.bytes();
      const list = lists.get(spec) as unknown[];
      count = body.length >> 2;
      list.push(new Float32Array(body.slice(0, count * 4).buffer)); // flattened by toTyped
    } else if (packed) {
      const body = r.bytes();
      const sub = new ProtoReader(body);
      const list = lists.get(spec) as unknown[];
      count = 0;
      while (!sub.done()) {
        list.push(readScalar(sub, spec));
        count++;
      }
    } else if (spec.repeated) {
      (lists.get(spec) as unknown[]).push(readScalar(r, spec));
    } else {
      out[spec.name] = readScalar(r, spec);
    }
    const last = order[order.length - 1];
    if (!packed && last && last.kind === 'known' && last.field === field && !last.packed) last.count++;
    else order.push({ kind: 'known', field, count, packed });
  }
  for (const [spec, values] of lists) out[spec.name] = toTyped(spec, values);
  setWireInfo(out, { order });
  return out;
}
