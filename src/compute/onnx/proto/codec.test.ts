import { describe, expect, it } from 'vitest';
import { unknownFields } from '../wire/wire-info';
import { decodeModel, decodeNode, encodeModel, encodeNode } from './codec';
import { AttributeType } from './constants';
import { readFixture, readFixtureJson } from './test-fixtures';
import type { NodeProto } from './types';

const utf8 = new TextDecoder();

function bytesEqual(a: Uint8Array, b: Uint8Array): boolean {
  return (
    a.length === b.length &&
    Buffer.compare(Buffer.from(a.buffer, a.byteOffset, a.length), Buffer.from(b.buffer, b.byteOffset, b.length)) === 0
  );
}

describe('ONNX decode → encode', () => {
  for (const file of ['mlp.onnx', 'kitchen-sink.onnx']) {
    it(`is byte-identical for ${file}`, () => {
      const bytes = readFixture(file);
      const model = decodeModel(bytes);
      expect(bytesEqual(encodeModel(model), bytes)).toBe(true);
      // And a second generation, from the re-decoded bytes.
      expect(bytesEqual(encodeModel(decodeModel(encodeModel(model))), bytes)).toBe(true);
    });
  }

  it('keeps raw_data as views into the file bytes', () => {
    const bytes = readFixture('mlp.onnx');
    const model = decodeModel(bytes);
    const raw = model.graph?.initializer.map((t) => t.rawData).filter((r) => r !== undefined) ?? [];
    expect(raw.length).toBeGreaterThan(0);
    for (const r of raw) expect(r?.buffer).toBe(bytes.buffer);
  });

  it('decodes every attribute kind, subgraphs, newer-spec fields and keeps unknown fields', () => {
    const expected = readFixtureJson<{ unknown: Record<string, number[]> }>('kitchen-sink.expected.json');
    const model = decodeModel(readFixture('kitchen-sink.onnx'));
    const graph = model.graph;
    if (!graph) throw new Error('no graph');
    expect(model.metadataProps.map((e) => [e.key, e.value])).toEqual([
      ['author', 'miStudio'],
      ['purpose', 'round-trip'],
    ]);
    expect(model.opsetImport.map((o) => [o.domain, o.version])).toEqual([
      ['', 14],
      ['test.mistudio', 1],
    ]);
    expect(model.configuration).toEqual([{ name: 'two_gpus', numDevices: 2, device: ['cuda:0', 'cuda:1'] }]);
    expect(model.functions[0]?.overload).toBe('ov1');
    expect(model.functions[0]?.valueInfo[0]?.name).toBe('a');
    expect(model.trainingInfo[0]?.algorithm?.name).toBe('else');
    expect(graph.metadataProps[0]).toEqual({ key: 'graph_meta', value: 'g' });
    expect(graph.sparseInitializer[0]?.dims).toEqual([4]);
    expect(graph.quantizationAnnotation[0]?.quantParameterTensorNames[0]?.value).toBe('w_scale');

    const ifNode = graph.node.find((n) => n.opType === 'If');
    expect(ifNode?.attribute.map((a) => a.g?.node[0]?.opType)).toEqual(['Neg', 'Identity']);

    const every = graph.node.find((n) => n.name === 'every_attr') as NodeProto;
    const kinds = new Set(every.attribute.map((a) => a.type));
    for (const k of Object.values(AttributeType)) if (k !== AttributeType.UNDEFINED) expect(kinds.has(k)).toBe(true);
    const attr = (name: string) => every.attribute.find((a) => a.name === name);
    expect(attr('a_float')?.f).toBe(0.25);
    expect(attr('a_int')?.i).toBe(-7);
    expect(utf8.decode(attr('a_string')?.s)).toBe('héllo');
    expect(attr('a_ints')?.ints).toEqual([-1, 0, 9223372036854775807n]);
    expect(attr('a_floats')?.floats).toEqual([1.5, -2]);
    expect(attr('a_strings')?.strings.map((s) => utf8.decode(s))).toEqual(['a', 'bc']);
    expect(attr('a_graphs')?.graphs.map((g) => g.name)).toEqual(['then', 'else']);
    expect(attr('a_types')?.typeProtos[0]?.sequenceType?.elemType?.tensorType?.shape?.dim.map((d) => d.dimParam ?? d.dimValue)).toEqual([
      'n',
      2,
    ]);
    expect(attr('a_ref')?.refAttrName).toBe('outer');
    expect(every.metadataProps).toEqual([{ key: 'node_meta', value: 'yes' }]);
    expect(every.deviceConfigurations[0]?.pipelineStage).toBe(-1);
    expect(every.deviceConfigurations[0]?.shardingSpec[0]?.device).toEqual([0, 1]);

    const types = Object.fromEntries(graph.valueInfo.map((v) => [v.name, v.type]));
    expect(types.map_value?.mapType?.keyType).toBe(7);
    expect(types.opt_value?.optionalType?.elemType?.tensorType?.elemType).toBe(1);
    expect(types.sparse_value?.sparseTensorType?.shape?.dim[0]?.dimValue).toBe(4);

    const tensor = graph.initializer.find((t) => t.name === 'w_float_data');
    expect(tensor?.metadataProps).toEqual([{ key: 'tensor_meta', value: '1' }]);
    expect(graph.initializer.find((t) => t.name === 'w_segment')?.segment).toEqual({ begin: 0, end: 2 });
    expect(graph.initializer.find((t) => t.name === 'w_int64')?.int64Data).toEqual(new BigInt64Array([-1n, 9223372036854775807n, 5n]));
    const ext = graph.initializer.find((t) => t.name === 'w_external');
    expect(ext?.dataLocation).toBe(1);
    expect(ext?.externalData.map((e) => e.key)).toEqual(['location', 'offset', 'length']);

    expect(unknownFields(model).map((u) => u.field)).toEqual(expected.unknown.model);
    expect(unknownFields(graph).map((u) => u.field)).toEqual(expected.unknown.graph);
    expect(unknownFields(every).map((u) => u.field)).toEqual(expected.unknown.node);
    expect(unknownFields(tensor as object).map((u) => u.field)).toEqual(expected.unknown.tensor);
  });

  it('re-emits unknown fields after an edit, and places new fields in field-number order', () => {
    const model = decodeModel(readFixture('kitchen-sink.onnx'));
    const graph = model.graph;
    if (!graph) throw new Error('no graph');
    graph.output.push({ name: 'extra', metadataProps: [] });
    graph.node[0]?.input.push('added_input');
    const again = decodeModel(encodeModel(model));
    expect(again.graph?.output.map((o) => o.name)).toEqual(['y', 'extra']);
    expect(again.graph?.node[0]?.input.at(-1)).toBe('added_input');
    expect(unknownFields(again).map((u) => u.field)).toEqual([99, 98]);
    const every = again.graph?.node.find((n) => n.name === 'every_attr') as NodeProto;
    expect(unknownFields(every).map((u) => u.field)).toEqual([200, 201]);
  });

  it('keeps non-canonical field order and unpacked/packed choices of hand-made bytes', () => {
    // NodeProto: op_type(4), input(1) ×2 with an unknown field between, output(2), then an
    // unknown fixed32 — written out of field-number order on purpose.
    const bytes = new Uint8Array([
      0x22,
      0x03,
      0x41,
      0x64,
      0x64, // op_type "Add"
      0x0a,
      0x01,
      0x61, // input "a"
      0xf8,
      0x06,
      0x2a, // field 111 varint 42 (unknown)
      0x0a,
      0x01,
      0x62, // input "b"
      0x12,
      0x01,
      0x63, // output "c"
      0x3d,
      0x00,
      0x00,
      0xc0,
      0x3f, // field 7 with wire type fixed32: known number, wrong type → kept raw
    ]);
    const node = decodeNode(bytes);
    expect(node).toMatchObject({ opType: 'Add', input: ['a', 'b'], output: ['c'] });
    expect(node.domain).toBeUndefined();
    expect(unknownFields(node).map((u) => u.field)).toEqual([111, 7]);
    expect([...encodeNode(node)]).toEqual([...bytes]);
    // A fresh node (no wire info) is written in field-number order.
    const fresh = encodeNode({ ...node, input: ['a', 'b'] });
    expect([...fresh.subarray(0, 3)]).toEqual([0x0a, 0x01, 0x61]);
  });
});
