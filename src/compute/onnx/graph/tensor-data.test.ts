import { describe, expect, it } from 'vitest';
import { decodeModel } from '../proto/codec';
import { onnxFixtureDir, readFixture, readFixtureJson } from '../proto/test-fixtures';
import { floatTensor } from './build';
import { OnnxError } from './errors';
import { bfloat16ToFloat32, floatToHalf, halfToFloat, halvesToFloat32 } from './float16';
import { findInitializer, graphOf } from './inspect';
import { readFloat32 } from './tensor-data';

interface Expected {
  fp16: number[];
  floatData: number[];
  int8: number[];
  external: number[];
}

describe('float16', () => {
  it('converts the special half values exactly', () => {
    expect(halfToFloat(0x3c00)).toBe(1);
    expect(halfToFloat(0xc000)).toBe(-2);
    expect(halfToFloat(0x7bff)).toBe(65504);
    expect(halfToFloat(0x0001)).toBe(2 ** -24); // smallest subnormal
    expect(halfToFloat(0x0400)).toBe(2 ** -14); // smallest normal
    expect(Object.is(halfToFloat(0x8000), -0)).toBe(true);
    expect(halfToFloat(0x7c00)).toBe(Infinity);
    expect(halfToFloat(0x7e00)).toBeNaN();
  });

  it('round-trips all 65536 half patterns through floatToHalf (NaNs stay NaN)', () => {
    const all = halvesToFloat32(Uint16Array.from({ length: 65536 }, (_, i) => i));
    const bad: number[] = [];
    for (let i = 0; i < 65536; i++) {
      const v = all[i] as number;
      const ok = Number.isNaN(v) ? Number.isNaN(halfToFloat(floatToHalf(v))) : floatToHalf(v) === i;
      if (!ok) bad.push(i);
    }
    expect(bad).toEqual([]);
    expect(floatToHalf(1 + 2 ** -11)).toBe(0x3c00); // tie → even
    expect(floatToHalf(1e6)).toBe(0x7c00); // overflow → inf
  });

  it('reads bfloat16 as the top half of a float32', () => {
    expect([...bfloat16ToFloat32([0x3f80, 0xc040])]).toEqual([1, -3]);
  });
});

describe('readFloat32', () => {
  const expected = readFixtureJson<Expected>('kitchen-sink.expected.json');
  const graph = graphOf(decodeModel(readFixture('kitchen-sink.onnx')));

  it('reads FLOAT16 initializers from raw_data and from int32_data', () => {
    expect([...readFloat32(findInitializer(graph, 'w_fp16_raw'))]).toEqual(expected.fp16);
    expect([...readFloat32(findInitializer(graph, 'w_fp16_int32'))]).toEqual(expected.fp16);
  });

  it('reads float_data and raw_data FLOAT initializers', () => {
    expect([...readFloat32(findInitializer(graph, 'w_float_data'))]).toEqual([...Float32Array.from(expected.floatData)]);
    const t = floatTensor('t', [2, 2], [1, 2, 3, 4]);
    // Unaligned raw_data (a view at an odd offset into a bigger buffer) still reads.
    const shifted = new Uint8Array(17);
    shifted.set(t.rawData as Uint8Array, 1);
    expect([...readFloat32({ ...t, rawData: shifted.subarray(1) })]).toEqual([1, 2, 3, 4]);
  });

  it('dequantizes INT8 with a caller-given scale and zero point, and refuses without one', () => {
    const t = findInitializer(graph, 'w_int8');
    expect([...readFloat32(t, { dequantize: { scale: 0.5, zeroPoint: -1 } })]).toEqual(expected.int8.map((q) => (q + 1) * 0.5));
    expect(() => readFloat32(t)).toThrow(/INT8; reading it as float needs its scale/);
  });

  it('refuses other element types by name', () => {
    try {
      readFloat32(findInitializer(graph, 'w_int64'));
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(OnnxError);
      expect((e as OnnxError).code).toBe('ONNX_UNSUPPORTED_DTYPE');
      expect((e as OnnxError).message).toMatch(/w_int64 is INT64/);
    }
  });

  it('reads external data from the model folder, and says so when no folder is given', () => {
    const t = findInitializer(graph, 'w_external');
    expect([...readFloat32(t, { externalDataDir: onnxFixtureDir })]).toEqual(expected.external);
    expect(() => readFloat32(t)).toThrow(/external file "kitchen-sink.ext.bin"; pass externalDataDir/);
  });
});
