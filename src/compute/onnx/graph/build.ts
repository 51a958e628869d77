import { AttributeType, DataType } from '../proto/constants';
import type {
  AttributeProto,
  GraphProto,
  Int64,
  ModelProto,
  NodeProto,
  TensorProto,
  TensorShapeDimension,
  ValueInfoProto,
} from '../proto/types';

/**
 * A small model builder: enough to write self-test graphs and the ORT training
 * engine's SAE step (src/compute/sae/ort). Messages it makes have no wire info, so they encode in field-number order.
 */

/** A dimension: a number, or a symbolic name such as 'batch'; null = unknown. */
export type Dim = number | string | null;

export function emptyTensor(): TensorProto {
  return {
    dims: [],
    floatData: new Float32Array(0),
    int32Data: new Int32Array(0),
    stringData: [],
    int64Data: new BigInt64Array(0),
    doubleData: new Float64Array(0),
    uint64Data: new BigUint64Array(0),
    externalData: [],
    metadataProps: [],
  };
}

/** A float32 initializer stored as raw_data (little-endian). `values.length` must equal the product of `dims`. */
export function floatTensor(name: string, dims: number[], values: ArrayLike<number>): TensorProto {
  const n = dims.reduce((a, b) => a * b, 1);
  if (values.length !== n) throw new RangeError(`tensor ${name}: ${values.length} values for dims [${dims.join(', ')}]`);
  const data = Float32Array.from(values);
  return { ...emptyTensor(), name, dims, dataType: DataType.FLOAT, rawData: new Uint8Array(data.buffer) };
}

/** An int64 initializer (shapes, axes, indices). */
export function int64Tensor(name: string, dims: number[], values: ArrayLike<Int64>): TensorProto {
  const data = BigInt64Array.from(Array.from(values, (v) => BigInt(v)));
  return { ...emptyTensor(), name, dims, dataType: DataType.INT64, rawData: new Uint8Array(data.buffer) };
}

export function shapeDims(shape: readonly Dim[]): TensorShapeDimension[] {
  return shape.map((d) => (typeof d === 'number' ? { dimValue: d } : typeof d === 'string' ? { dimParam: d } : {}));
}

/** A tensor ValueInfo; `shape` undefined = rank unknown. */
export function tensorValueInfo(name: string, elemType: number = DataType.FLOAT, shape?: readonly Dim[]): ValueInfoProto {
  return {
    name,
    type: { tensorType: shape ? { elemType, shape: { dim: shapeDims(shape) } } : { elemType } },
    metadataProps: [],
  };
}

export type AttrValue = number | string | number[] | string[] | TensorProto | GraphProto | { int: Int64 } | { ints: Int64[] };

function emptyAttribute(name: string): AttributeProto {
  return { name, floats: [], ints: [], strings: [], tensors: [], graphs: [], typeProtos: [], sparseTensors: [] };
}

const utf8 = new TextEncoder();

/**
 * Make an attribute. Plain numbers are INT when integral, FLOAT otherwise; say `{int: 1}` /
 * `{ints: […]}` to force INT(S), and pass floats with a fraction or use `attrFloat`.
 */
export function attribute(name: string, v: AttrValue): AttributeProto {
  const a = emptyAttribute(name);
  if (typeof v === 'number')
    return Number.isInteger(v) ? { ...a, type: AttributeType.INT, i: v } : { ...a, type: AttributeType.FLOAT, f: v };
  if (typeof v === 'string') return { ...a, type: AttributeType.STRING, s: utf8.encode(v) };
  if (Array.isArray(v)) {
    if (v.every((x) => typeof x === 'string'))
      return { ...a, type: AttributeType.STRINGS, strings: (v as string[]).map((s) => utf8.encode(s)) };
    const nums = v as number[];
    return nums.every(Number.isInteger)
      ? { ...a, type: AttributeType.INTS, ints: nums }
      : { ...a, type: AttributeType.FLOATS, floats: nums };
  }
  if ('int' in v) return { ...a, type: AttributeType.INT, i: v.int };
  if ('ints' in v) return { ...a, type: AttributeType.INTS, ints: v.ints };
  if ('node' in v) return { ...a, type: AttributeType.GRAPH, g: v };
  return { ...a, type: AttributeType.TENSOR, t: v };
}

export function attrFloat(name: string, f: number): AttributeProto {
  return { ...emptyAttribute(name), type: AttributeType.FLOAT, f };
}

export function node(
  opType: string,
  inputs: string[],
  outputs: string[],
  opts: { name?: string; domain?: string; attrs?: Record<string, AttrValue> } = {},
): NodeProto {
  return {
    input: inputs,
    output: outputs,
    name: opts.name ?? `${opType}_${outputs[0] ?? ''}`,
    opType,
    ...(opts.domain !== undefined ? { domain: opts.domain } : {}),
    attribute: Object.entries(opts.attrs ?? {}).map(([k, v]) => attribute(k, v)),
    metadataProps: [],
    deviceConfigurations: [],
  };
}

export interface GraphSpec {
  name?: string;
  nodes: NodeProto[];
  initializers?: TensorProto[];
  inputs: ValueInfoProto[];
  outputs: ValueInfoProto[];
  valueInfo?: ValueInfoProto[];
}

export function graph(spec: GraphSpec): GraphProto {
  return {
    node: spec.nodes,
    name: spec.name ?? 'graph',
    initializer: spec.initializers ?? [],
    input: spec.inputs,
    output: spec.outputs,
    valueInfo: spec.valueInfo ?? [],
    quantizationAnnotation: [],
    sparseInitializer: [],
    metadataProps: [],
  };
}

export interface ModelSpec extends GraphSpec {
  /** Default-domain opset version, e.g. 17. */
  opset: number;
  /** Extra opsets, e.g. { 'com.microsoft': 1 }. */
  extraOpsets?: Record<string, number>;
  /** IR version; default 8 (ORT 1.30 reads up to 11). */
  irVersion?: number;
  producerName?: string;
}

export function model(spec: ModelSpec): ModelProto {
  return {
    irVersion: spec.irVersion ?? 8,
    producerName: spec.producerName ?? 'mistudio',
    graph: graph(spec),
    opsetImport: [
      { domain: '', version: spec.opset },
      ...Object.entries(spec.extraOpsets ?? {}).map(([domain, version]) => ({ domain, version })),
    ],
    metadataProps: [],
    trainingInfo: [],
    functions: [],
    configuration: [],
  };
}
