import type { Int64 } from '../wire/varint';

/**
 * TypeScript views of the ONNX messages (camelCase of the proto names). Singular fields are
 * optional: `undefined` means absent on the wire (proto2 presence, which ONNX files use: an
 * explicit `domain: ""` is kept and written back). Repeated fields are always present.
 * Keep in step with schema.ts / schema-graph.ts.
 */

export type { Int64 };

export interface StringStringEntryProto {
  key?: string;
  value?: string;
}

export interface OperatorSetIdProto {
  domain?: string;
  version?: Int64;
}

export interface TensorSegment {
  begin?: Int64;
  end?: Int64;
}

export interface TensorProto {
  dims: Int64[];
  dataType?: number;
  segment?: TensorSegment;
  floatData: Float32Array;
  int32Data: Int32Array;
  stringData: Uint8Array[];
  int64Data: BigInt64Array;
  name?: string;
  /** A view into the model's bytes: never copied on decode. Little-endian. */
  rawData?: Uint8Array;
  doubleData: Float64Array;
  uint64Data: BigUint64Array;
  docString?: string;
  externalData: StringStringEntryProto[];
  dataLocation?: number;
  metadataProps: StringStringEntryProto[];
}

export interface SparseTensorProto {
  values?: TensorProto;
  indices?: TensorProto;
  dims: Int64[];
}

export interface TensorShapeDimension {
  dimValue?: Int64;
  dimParam?: string;
  denotation?: string;
}

export interface TensorShapeProto {
  dim: TensorShapeDimension[];
}

export interface TypeProtoTensor {
  elemType?: number;
  shape?: TensorShapeProto;
}
export interface TypeProtoSequence {
  elemType?: TypeProto;
}
export interface TypeProtoMap {
  keyType?: number;
  valueType?: TypeProto;
}
export interface TypeProtoOptional {
  elemType?: TypeProto;
}
export interface TypeProtoOpaque {
  domain?: string;
  name?: string;
}

export interface TypeProto {
  tensorType?: TypeProtoTensor;
  sequenceType?: TypeProtoSequence;
  mapType?: TypeProtoMap;
  denotation?: string;
  opaqueType?: TypeProtoOpaque;
  sparseTensorType?: TypeProtoTensor;
  optionalType?: TypeProtoOptional;
}

export interface ValueInfoProto {
  name?: string;
  type?: TypeProto;
  docString?: string;
  metadataProps: StringStringEntryProto[];
}

export interface AttributeProto {
  name?: string;
  f?: number;
  i?: Int64;
  /** UTF-8 bytes (`attrString` decodes them). */
  s?: Uint8Array;
  t?: TensorProto;
  g?: GraphProto;
  floats: number[];
  ints: Int64[];
  strings: Uint8Array[];
  tensors: TensorProto[];
  graphs: GraphProto[];
  docString?: string;
  tp?: TypeProto;
  typeProtos: TypeProto[];
  /** An AttributeProto.AttributeType value (see AttributeType in constants.ts). */
  type?: number;
  refAttrName?: string;
  sparseTensor?: SparseTensorProto;
  sparseTensors: SparseTensorProto[];
}

export interface IntIntListEntryProto {
  key?: Int64;
  value: Int64[];
}
export interface SimpleShardedDimProto {
  dimValue?: Int64;
  dimParam?: string;
  numShards?: Int64;
}
export interface ShardedDimProto {
  axis?: Int64;
  simpleSharding: SimpleShardedDimProto[];
}
export interface ShardingSpecProto {
  tensorName?: string;
  device: Int64[];
  indexToDeviceGroupMap: IntIntListEntryProto[];
  shardedDim: ShardedDimProto[];
}
export interface NodeDeviceConfigurationProto {
  configurationId?: string;
  shardingSpec: ShardingSpecProto[];
  pipelineStage?: number;
}

export interface NodeProto {
  input: string[];
  output: string[];
  name?: string;
  opType?: string;
  attribute: AttributeProto[];
  docString?: string;
  domain?: string;
  overload?: string;
  metadataProps: StringStringEntryProto[];
  deviceConfigurations: NodeDeviceConfigurationProto[];
}

export interface TensorAnnotation {
  tensorName?: string;
  quantParameterTensorNames: StringStringEntryProto[];
}

export interface GraphProto {
  node: NodeProto[];
  name?: string;
  initializer: TensorProto[];
  docString?: string;
  input: ValueInfoProto[];
  output: ValueInfoProto[];
  valueInfo: ValueInfoProto[];
  quantizationAnnotation: TensorAnnotation[];
  sparseInitializer: SparseTensorProto[];
  metadataProps: StringStringEntryProto[];
}

export interface TrainingInfoProto {
  initialization?: GraphProto;
  algorithm?: GraphProto;
  initializationBinding: StringStringEntryProto[];
  updateBinding: StringStringEntryProto[];
}

export interface FunctionProto {
  name?: string;
  input: string[];
  output: string[];
  attribute: string[];
  node: NodeProto[];
  docString?: string;
  opsetImport: OperatorSetIdProto[];
  domain?: string;
  attributeProto: AttributeProto[];
  valueInfo: ValueInfoProto[];
  overload?: string;
  metadataProps: StringStringEntryProto[];
}

export interface DeviceConfigurationProto {
  name?: string;
  numDevices?: number;
  device: string[];
}

export interface ModelProto {
  irVersion?: Int64;
  producerName?: string;
  producerVersion?: string;
  domain?: string;
  modelVersion?: Int64;
  docString?: string;
  graph?: GraphProto;
  opsetImport: OperatorSetIdProto[];
  metadataProps: StringStringEntryProto[];
  trainingInfo: TrainingInfoProto[];
  functions: FunctionProto[];
  configuration: DeviceConfigurationProto[];
}
