import { f, type MessageSchema } from '../wire/schema';
import { OperatorSetIdSchema, SparseTensorSchema, StringStringEntrySchema, TensorSchema, TypeSchema, ValueInfoSchema } from './schema';

/** Graph-level ONNX messages (see schema.ts for the conventions). */

export const AttributeSchema: MessageSchema = {
  name: 'AttributeProto',
  fields: [
    f.scalar(1, 'name', 'string'),
    f.scalar(2, 'f', 'float'),
    f.scalar(3, 'i', 'int64'),
    f.scalar(4, 's', 'bytes'),
    f.message(5, 't', () => TensorSchema),
    f.message(6, 'g', () => GraphSchema),
    f.repeated(7, 'floats', 'float'),
    f.repeated(8, 'ints', 'int64'),
    f.repeated(9, 'strings', 'bytes'),
    f.messages(10, 'tensors', () => TensorSchema),
    f.messages(11, 'graphs', () => GraphSchema),
    f.scalar(13, 'docString', 'string'),
    f.message(14, 'tp', () => TypeSchema),
    f.messages(15, 'typeProtos', () => TypeSchema),
    f.scalar(20, 'type', 'int32'),
    f.scalar(21, 'refAttrName', 'string'),
    f.message(22, 'sparseTensor', () => SparseTensorSchema),
    f.messages(23, 'sparseTensors', () => SparseTensorSchema),
  ],
};

export const IntIntListEntrySchema: MessageSchema = {
  name: 'IntIntListEntryProto',
  fields: [f.scalar(1, 'key', 'int64'), f.repeated(2, 'value', 'int64')],
};

export const SimpleShardedDimSchema: MessageSchema = {
  name: 'SimpleShardedDimProto',
  fields: [f.scalar(1, 'dimValue', 'int64'), f.scalar(2, 'dimParam', 'string'), f.scalar(3, 'numShards', 'int64')],
};

export const ShardedDimSchema: MessageSchema = {
  name: 'ShardedDimProto',
  fields: [f.scalar(1, 'axis', 'int64'), f.messages(2, 'simpleSharding', () => SimpleShardedDimSchema)],
};

export const ShardingSpecSchema: MessageSchema = {
  name: 'ShardingSpecProto',
  fields: [
    f.scalar(1, 'tensorName', 'string'),
    f.repeated(2, 'device', 'int64'),
    f.messages(3, 'indexToDeviceGroupMap', () => IntIntListEntrySchema),
    f.messages(4, 'shardedDim', () => ShardedDimSchema),
  ],
};

export const NodeDeviceConfigurationSchema: MessageSchema = {
  name: 'NodeDeviceConfigurationProto',
  fields: [
    f.scalar(1, 'configurationId', 'string'),
    f.messages(2, 'shardingSpec', () => ShardingSpecSchema),
    f.scalar(3, 'pipelineStage', 'int32'),
  ],
};

export const NodeSchema: MessageSchema = {
  name: 'NodeProto',
  fields: [
    f.repeated(1, 'input', 'string'),
    f.repeated(2, 'output', 'string'),
    f.scalar(3, 'name', 'string'),
    f.scalar(4, 'opType', 'string'),
    f.messages(5, 'attribute', () => AttributeSchema),
    f.scalar(6, 'docString', 'string'),
    f.scalar(7, 'domain', 'string'),
    f.scalar(8, 'overload', 'string'),
    f.messages(9, 'metadataProps', () => StringStringEntrySchema),
    f.messages(10, 'deviceConfigurations', () => NodeDeviceConfigurationSchema),
  ],
};

export const TensorAnnotationSchema: MessageSchema = {
  name: 'TensorAnnotation',
  fields: [f.scalar(1, 'tensorName', 'string'), f.messages(2, 'quantParameterTensorNames', () => StringStringEntrySchema)],
};

export const GraphSchema: MessageSchema = {
  name: 'GraphProto',
  fields: [
    f.messages(1, 'node', () => NodeSchema),
    f.scalar(2, 'name', 'string'),
    f.messages(5, 'initializer', () => TensorSchema),
    f.scalar(10, 'docString', 'string'),
    f.messages(11, 'input', () => ValueInfoSchema),
    f.messages(12, 'output', () => ValueInfoSchema),
    f.messages(13, 'valueInfo', () => ValueInfoSchema),
    f.messages(14, 'quantizationAnnotation', () => TensorAnnotationSchema),
    f.messages(15, 'sparseInitializer', () => SparseTensorSchema),
    f.messages(16, 'metadataProps', () => StringStringEntrySchema),
  ],
};

export const TrainingInfoSchema: MessageSchema = {
  name: 'TrainingInfoProto',
  fields: [
    f.message(1, 'initialization', () => GraphSchema),
    f.message(2, 'algorithm', () => GraphSchema),
    f.messages(3, 'initializationBinding', () => StringStringEntrySchema),
    f.messages(4, 'updateBinding', () => StringStringEntrySchema),
  ],
};

export const FunctionSchema: MessageSchema = {
  name: 'FunctionProto',
  fields: [
    f.scalar(1, 'name', 'string'),
    f.repeated(4, 'input', 'string'),
    f.repeated(5, 'output', 'string'),
    f.repeated(6, 'attribute', 'string'),
    f.messages(7, 'node', () => NodeSchema),
    f.scalar(8, 'docString', 'string'),
    f.messages(9, 'opsetImport', () => OperatorSetIdSchema),
    f.scalar(10, 'domain', 'string'),
    f.messages(11, 'attributeProto', () => AttributeSchema),
    f.messages(12, 'valueInfo', () => ValueInfoSchema),
    f.scalar(13, 'overload', 'string'),
    f.messages(14, 'metadataProps', () => StringStringEntrySchema),
  ],
};

export const DeviceConfigurationSchema: MessageSchema = {
  name: 'DeviceConfigurationProto',
  fields: [f.scalar(1, 'name', 'string'), f.scalar(2, 'numDevices', 'int32'), f.repeated(3, 'device', 'string')],
};

export const ModelSchema: MessageSchema = {
  name: 'ModelProto',
  fields: [
    f.scalar(1, 'irVersion', 'int64'),
    f.scalar(2, 'producerName', 'string'),
    f.scalar(3, 'producerVersion', 'string'),
    f.scalar(4, 'domain', 'string'),
    f.scalar(5, 'modelVersion', 'int64'),
    f.scalar(6, 'docString', 'string'),
    f.message(7, 'graph', () => GraphSchema),
    f.messages(8, 'opsetImport', () => OperatorSetIdSchema),
    f.messages(14, 'metadataProps', () => StringStringEntrySchema),
    f.messages(20, 'trainingInfo', () => TrainingInfoSchema),
    f.messages(25, 'functions', () => FunctionSchema),
    f.messages(26, 'configuration', () => DeviceConfigurationSchema),
  ],
};
