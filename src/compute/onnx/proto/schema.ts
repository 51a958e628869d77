import { f, type MessageSchema } from '../wire/schema';

/**
 * ONNX messages as of onnx/onnx.proto3 at IR version 14 (2025-11 and later: node metadata_props,
 * device configurations, sharding specs, FunctionProto value_info/metadata_props/overload).
 * Numbers are the spec's field numbers. Anything newer is kept as an unknown field.
 */

export const StringStringEntrySchema: MessageSchema = {
  name: 'StringStringEntryProto',
  fields: [f.scalar(1, 'key', 'string'), f.scalar(2, 'value', 'string')],
};

export const OperatorSetIdSchema: MessageSchema = {
  name: 'OperatorSetIdProto',
  fields: [f.scalar(1, 'domain', 'string'), f.scalar(2, 'version', 'int64')],
};

export const TensorSegmentSchema: MessageSchema = {
  name: 'TensorProto.Segment',
  fields: [f.scalar(1, 'begin', 'int64'), f.scalar(2, 'end', 'int64')],
};

export const TensorSchema: MessageSchema = {
  name: 'TensorProto',
  fields: [
    f.repeated(1, 'dims', 'int64'),
    f.scalar(2, 'dataType', 'int32'),
    f.message(3, 'segment', () => TensorSegmentSchema),
    f.repeated(4, 'floatData', 'float', { packed: true, typed: 'f32' }),
    f.repeated(5, 'int32Data', 'int32', { packed: true, typed: 'i32' }),
    f.repeated(6, 'stringData', 'bytes'),
    f.repeated(7, 'int64Data', 'int64', { packed: true, typed: 'i64' }),
    f.scalar(8, 'name', 'string'),
    f.scalar(9, 'rawData', 'bytes'),
    f.repeated(10, 'doubleData', 'double', { packed: true, typed: 'f64' }),
    f.repeated(11, 'uint64Data', 'uint64', { packed: true, typed: 'u64' }),
    f.scalar(12, 'docString', 'string'),
    f.messages(13, 'externalData', () => StringStringEntrySchema),
    f.scalar(14, 'dataLocation', 'int32'),
    f.messages(16, 'metadataProps', () => StringStringEntrySchema),
  ],
};

export const SparseTensorSchema: MessageSchema = {
  name: 'SparseTensorProto',
  fields: [f.message(1, 'values', () => TensorSchema), f.message(2, 'indices', () => TensorSchema), f.repeated(3, 'dims', 'int64')],
};

export const DimensionSchema: MessageSchema = {
  name: 'TensorShapeProto.Dimension',
  fields: [f.scalar(1, 'dimValue', 'int64'), f.scalar(2, 'dimParam', 'string'), f.scalar(3, 'denotation', 'string')],
};

export const TensorShapeSchema: MessageSchema = {
  name: 'TensorShapeProto',
  fields: [f.messages(1, 'dim', () => DimensionSchema)],
};

export const TypeTensorSchema: MessageSchema = {
  name: 'TypeProto.Tensor',
  fields: [f.scalar(1, 'elemType', 'int32'), f.message(2, 'shape', () => TensorShapeSchema)],
};
export const TypeSequenceSchema: MessageSchema = {
  name: 'TypeProto.Sequence',
  fields: [f.message(1, 'elemType', () => TypeSchema)],
};
export const TypeMapSchema: MessageSchema = {
  name: 'TypeProto.Map',
  fields: [f.scalar(1, 'keyType', 'int32'), f.message(2, 'valueType', () => TypeSchema)],
};
export const TypeOptionalSchema: MessageSchema = {
  name: 'TypeProto.Optional',
  fields: [f.message(1, 'elemType', () => TypeSchema)],
};
export const TypeSparseTensorSchema: MessageSchema = {
  name: 'TypeProto.SparseTensor',
  fields: [f.scalar(1, 'elemType', 'int32'), f.message(2, 'shape', () => TensorShapeSchema)],
};
export const TypeOpaqueSchema: MessageSchema = {
  name: 'TypeProto.Opaque',
  fields: [f.scalar(1, 'domain', 'string'), f.scalar(2, 'name', 'string')],
};

export const TypeSchema: MessageSchema = {
  name: 'TypeProto',
  fields: [
    f.message(1, 'tensorType', () => TypeTensorSchema),
    f.message(4, 'sequenceType', () => TypeSequenceSchema),
    f.message(5, 'mapType', () => TypeMapSchema),
    f.scalar(6, 'denotation', 'string'),
    f.message(7, 'opaqueType', () => TypeOpaqueSchema),
    f.message(8, 'sparseTensorType', () => TypeSparseTensorSchema),
    f.message(9, 'optionalType', () => TypeOptionalSchema),
  ],
};

export const ValueInfoSchema: MessageSchema = {
  name: 'ValueInfoProto',
  fields: [
    f.scalar(1, 'name', 'string'),
    f.message(2, 'type', () => TypeSchema),
    f.scalar(3, 'docString', 'string'),
    f.messages(4, 'metadataProps', () => StringStringEntrySchema),
  ],
};
