import { decodeMessage, type RawMessage } from '../wire/decode';
import { encodeMessage } from '../wire/encode';
import type { MessageSchema } from '../wire/schema';
import { GraphSchema, ModelSchema, NodeSchema } from './schema-graph';
import { TensorSchema } from './schema';
import type { GraphProto, ModelProto, NodeProto, TensorProto } from './types';

/**
 * Typed entry points. The cast from RawMessage is the one place where the schema tables and
 * the interfaces in types.ts meet; the round-trip tests keep them honest.
 */
function decoder<T>(schema: MessageSchema): (bytes: Uint8Array) => T {
  return (bytes) => decodeMessage(schema, bytes) as unknown as T;
}
function encoder<T>(schema: MessageSchema): (msg: T) => Uint8Array {
  return (msg) => encodeMessage(schema, msg as unknown as RawMessage);
}

/** Decode an .onnx file's bytes. Byte fields (raw_data) are views into `bytes`: keep it alive, don't mutate it. */
export const decodeModel = decoder<ModelProto>(ModelSchema);
/** Encode a model; an unmodified decoded model comes back byte-identical. */
export const encodeModel = encoder<ModelProto>(ModelSchema);

export const decodeGraph = decoder<GraphProto>(GraphSchema);
export const encodeGraph = encoder<GraphProto>(GraphSchema);
export const decodeNode = decoder<NodeProto>(NodeSchema);
export const encodeNode = encoder<NodeProto>(NodeSchema);
export const decodeTensor = decoder<TensorProto>(TensorSchema);
export const encodeTensor = encoder<TensorProto>(TensorSchema);
