/**
 * A tiny protobuf schema language: enough to describe ONNX's messages field by field.
 * Field numbers and kinds are facts of the spec (onnx/onnx.proto3); property names are the
 * camelCase of the proto names.
 */

export type ScalarKind = 'int32' | 'int64' | 'uint64' | 'float' | 'double' | 'string' | 'bytes';

/** Repeated numeric fields that can be large are decoded into typed arrays, not JS arrays. */
export type TypedRepeat = 'f32' | 'f64' | 'i32' | 'i64' | 'u64';

export interface FieldSpec {
  readonly no: number;
  readonly name: string;
  readonly kind: ScalarKind | 'message';
  readonly repeated?: boolean;
  /** How a NEW repeated scalar is written (decoded ones keep the encoding they came with). */
  readonly packed?: boolean;
  readonly typed?: TypedRepeat;
  /** Lazy so that schemas can refer to each other (GraphProto ↔ AttributeProto). */
  readonly message?: () => MessageSchema;
}

export interface MessageSchema {
  readonly name: string;
  readonly fields: readonly FieldSpec[];
}

/** Lookup tables built once per schema. */
export interface CompiledSchema {
  readonly schema: MessageSchema;
  readonly byNo: ReadonlyMap<number, FieldSpec>;
  /** Fields in field-number order: how protobuf serialisers write a fresh message. */
  readonly ordered: readonly FieldSpec[];
}

const compiled = new WeakMap<MessageSchema, CompiledSchema>();

export function compile(schema: MessageSchema): CompiledSchema {
  let c = compiled.get(schema);
  if (!c) {
    const byNo = new Map<number, FieldSpec>();
    for (const f of schema.fields) {
      if (byNo.has(f.no)) throw new Error(`schema ${schema.name}: field number ${f.no} used twice`);
      byNo.set(f.no, f);
    }
    c = { schema, byNo, ordered: [...schema.fields].sort((a, b) => a.no - b.no) };
    compiled.set(schema, c);
  }
  return c;
}

/** Helpers to keep the schema tables short. */
export const f = {
  scalar: (no: number, name: string, kind: ScalarKind): FieldSpec => ({ no, name, kind }),
  repeated: (no: number, name: string, kind: ScalarKind, opts: { packed?: boolean; typed?: TypedRepeat } = {}): FieldSpec => ({
    no,
    name,
    kind,
    repeated: true,
    ...opts,
  }),
  message: (no: number, name: string, message: () => MessageSchema): FieldSpec => ({ no, name, kind: 'message', message }),
  messages: (no: number, name: string, message: () => MessageSchema): FieldSpec => ({
    no,
    name,
    kind: 'message',
    repeated: true,
    message,
  }),
};
