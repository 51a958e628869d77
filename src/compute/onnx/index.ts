/**
 * ONNX graph access for the model runtime (docs/models.md): a protobuf codec that loses nothing
 * (unknown fields kept, unmodified models re-encode byte-identically), graph queries, initializer
 * reading, read/write hook edits, and a small model builder.
 */
export { decodeModel, encodeModel, decodeGraph, encodeGraph, decodeNode, encodeNode, decodeTensor, encodeTensor } from './proto/codec';
export * from './proto/constants';
export type * from './proto/types';
export { unknownFields, copyWireInfo } from './wire/wire-info';
export { OnnxError, type OnnxErrorCode } from './graph/errors';
export * from './graph/inspect';
export * from './graph/build';
export { readFloat32, tensorRawBytes, tensorSize, type Dequantize, type ReadFloatOptions } from './graph/tensor-data';
export { halfToFloat, floatToHalf, halvesToFloat32, bfloat16ToFloat32 } from './graph/float16';
export { addReadHooks, addWriteHook, type WriteHook, type WriteHookOptions } from './graph/hook-edit';
export { discoverHooks, type HookDiscovery, type HookKind, type HookPoint } from './hooks/discover';
export { addHookReads, addHookWrite, hookPoint, type HookWrite } from './hooks/apply';
