import { wireOf, type RawMessage } from './decode';
import { WireType } from './reader';
import { compile, type CompiledSchema, type FieldSpec, type MessageSchema } from './schema';
import type { Int64 } from './varint';
import { getWireInfo } from './wire-info';
import { ProtoWriter } from './writer';

const utf8 = new TextEncoder();

/** A repeated field's values as an indexable list (typed arrays included). */
function listOf(v: unknown): ArrayLike<unknown> {
  if (v === undefined || v === null) return [];
  if (Array.isArray(v) || ArrayBuffer.isView(v)) return v as ArrayLike<unknown>;
  throw new TypeError(`protobuf: expected a list, got ${typeof v}`);
}

function writePayload(w: ProtoWriter, spec: FieldSpec, v: unknown): void {
  switch (spec.kind) {
    case 'int32':
      w.int32(v as number);
      return;
    case 'int64':
    case 'uint64':
      w.varint(v as Int64);
      return;
    case 'float':
      w.float(v as number);
      return;
    case 'double':
      w.double(v as number);
      return;
    case 'string':
      w.lenBytes(utf8.encode(v as string));
      return;
    case 'bytes':
      w.lenBytes(v as Uint8Array);
      return;
    case 'message': {
      const child = new ProtoWriter();
      encodeInto(child, (spec.message as () => MessageSchema)(), v as RawMessage);
      w.message(child);
      return;
    }
  }
}

function writeOne(w: ProtoWriter, spec: FieldSpec, v: unknown): void {
  w.key(spec.no, wireOf(spec));
  writePayload(w, spec, v);
}

function writeRun(w: ProtoWriter, spec: FieldSpec, list: ArrayLike<unknown>, from: number, to: number, packed: boolean): void {
  if (to <= from) return;
  if (packed && (list instanceof Float32Array || list instanceof Float64Array)) {
    // fixed-width little-endian: the typed array's bytes are the payload (hosts are little-endian).
    const size = list.BYTES_PER_ELEMENT;
    w.key(spec.no, WireType.LEN);
    w.lenBytes(new Uint8Array(list.buffer, list.byteOffset + from * size, (to - from) * size));
  } else if (packed) {
    const body = new ProtoWriter(Math.min(65536, (to - from) * 10 + 16));
    for (let i = from; i < to; i++) writePayload(body, spec, list[i]);
    w.key(spec.no, WireType.LEN);
    w.message(body);
  } else for (let i = from; i < to; i++) writeOne(w, spec, list[i]);
}

/** Write a field that has no recorded order (new message, or a field set after decoding). */
function writeFresh(w: ProtoWriter, spec: FieldSpec, v: unknown): void {
  if (spec.repeated) {
    const list = listOf(v);
    const packable = spec.kind !== 'string' && spec.kind !== 'bytes' && spec.kind !== 'message';
    writeRun(w, spec, list, 0, list.length, packable && spec.packed === true);
  } else if (v !== undefined) writeOne(w, spec, v);
}

function encodeInto(w: ProtoWriter, schema: MessageSchema, msg: RawMessage): void {
  const c: CompiledSchema = compile(schema);
  const info = getWireInfo(msg);
  if (!info) {
    for (const spec of c.ordered) writeFresh(w, spec, msg[spec.name]);
    return;
  }
  const seen = new Set<number>();
  const lastRun = new Map<number, number>();
  info.order.forEach((e, i) => {
    if (e.kind === 'known') {
      seen.add(e.field);
      lastRun.set(e.field, i);
    }
  });
  // Fields that were absent when decoded but are set now go where field-number order puts them.
  const fresh = c.ordered.filter((s) => !seen.has(s.no));
  let nextFresh = 0;
  const flushFreshBelow = (no: number): void => {
    while (nextFresh < fresh.length && (fresh[nextFresh] as FieldSpec).no < no) {
      const spec = fresh[nextFresh++] as FieldSpec;
      writeFresh(w, spec, msg[spec.name]);
    }
  };
  const cursor = new Map<number, number>();
  const done = new Set<number>();
  info.order.forEach((e, i) => {
    flushFreshBelow(e.field);
    if (e.kind === 'unknown') {
      w.raw(e.raw);
      return;
    }
    const spec = c.byNo.get(e.field) as FieldSpec;
    const v = msg[spec.name];
    if (!spec.repeated) {
      if (!done.has(e.field) && v !== undefined) writeOne(w, spec, v);
      done.add(e.field);
      return;
    }
    const list = listOf(v);
    const from = cursor.get(e.field) ?? 0;
    // The last run of a field also carries elements added since decoding.
    const to = lastRun.get(e.field) === i ? list.length : Math.min(list.length, from + e.count);
    writeRun(w, spec, list, from, to, e.packed);
    cursor.set(e.field, Math.max(from, to));
  });
  flushFreshBelow(Infinity);
}

/** Encode a message (decoded or built) to protobuf bytes. */
export function encodeMessage(schema: MessageSchema, msg: RawMessage): Uint8Array {
  const w = new ProtoWriter();
  encodeInto(w, schema, msg);
  return w.finish();
}
