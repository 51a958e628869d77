import * as ort from 'onnxruntime-node';
import { describe, expect, it } from 'vitest';
import { decodeModel, encodeModel } from '../proto/codec';
import { readFixture, readFixtureJson } from '../proto/test-fixtures';
import { DataType } from '../proto/constants';
import type { ModelProto, NodeProto } from '../proto/types';
import { floatTensor, graph, model, node, tensorValueInfo } from './build';
import { addReadHooks, addWriteHook } from './hook-edit';
import { consumers, feedInputs, graphOf } from './inspect';

async function run(m: ModelProto, feeds: Record<string, { data: Float32Array; dims: number[] }>): Promise<Record<string, Float32Array>> {
  const session = await ort.InferenceSession.create(encodeModel(m));
  try {
    const inputs: Record<string, ort.Tensor> = {};
    for (const [k, v] of Object.entries(feeds)) inputs[k] = new ort.Tensor('float32', v.data, v.dims);
    const out = await session.run(inputs);
    return Object.fromEntries(Object.entries(out).map(([k, t]) => [k, t.data as Float32Array]));
  } finally {
    await session.release();
  }
}

function expectClose(actual: ArrayLike<number> | undefined, expected: ArrayLike<number>, tol = 1e-5): void {
  expect(actual?.length).toBe(expected.length);
  for (let i = 0; i < expected.length; i++) expect(Math.abs((actual?.[i] ?? NaN) - (expected[i] as number))).toBeLessThanOrEqual(tol);
}

/** y = x·W + b, with x [2, 3], W [3, 4], b [4]; h = x·W is an intermediate. */
function matMulAdd(): { m: ModelProto; x: Float32Array; w: number[]; b: number[] } {
  const w = Array.from({ length: 12 }, (_, i) => (i - 5) / 4);
  const b = [0.5, -1, 2, 0];
  const m = model({
    opset: 17,
    nodes: [node('MatMul', ['x', 'W'], ['h']), node('Add', ['h', 'b'], ['y'])],
    initializers: [floatTensor('W', [3, 4], w), floatTensor('b', [4], b)],
    inputs: [tensorValueInfo('x', 1, ['batch', 3])],
    outputs: [tensorValueInfo('y', 1, ['batch', 4])],
  });
  return { m, x: Float32Array.from([1, 2, 3, -1, 0.5, 0]), w, b };
}

/** Direct x·W (+ b + delta) in float64. */
function direct(x: Float32Array, w: number[], add: (j: number) => number): number[] {
  const out: number[] = [];
  for (let i = 0; i < 2; i++)
    for (let j = 0; j < 4; j++) {
      let s = 0;
      for (let k = 0; k < 3; k++) s += (x[i * 3 + k] as number) * (w[k * 4 + j] as number);
      out.push(s + add(j));
    }
  return out;
}

describe('built models in onnxruntime-node', () => {
  it('MatMul + Add computes x·W + b', async () => {
    const { m, x, w, b } = matMulAdd();
    const out = await run(m, { x: { data: x, dims: [2, 3] } });
    expectClose(
      out.y,
      direct(x, w, (j) => b[j] as number),
    );
  });

  it('a read hook returns the intermediate; a write hook adds delta (zero delta ⇒ identical)', async () => {
    const { m, x, w, b } = matMulAdd();
    addReadHooks(m, ['h']);
    const read = await run(m, { x: { data: x, dims: [2, 3] } });
    expectClose(
      read.h,
      direct(x, w, () => 0),
    );

    const hook = addWriteHook(m, 'h', { shape: [4] });
    expect(feedInputs(graphOf(m)).map((v) => v.name)).toEqual(['x', hook.deltaName]);
    expect(hook.renamedOutputs).toEqual({ h: hook.hookedName });
    const zero = await run(m, { x: { data: x, dims: [2, 3] }, [hook.deltaName]: { data: new Float32Array(4), dims: [4] } });
    expect(zero.y).toEqual(read.y);
    const delta = [1, -2, 0.25, 10];
    const steered = await run(m, { x: { data: x, dims: [2, 3] }, [hook.deltaName]: { data: Float32Array.from(delta), dims: [4] } });
    expectClose(
      steered.y,
      direct(x, w, (j) => (b[j] as number) + (delta[j] as number)),
    );
    // The graph output that was h now shows the hooked value.
    expectClose(
      steered[hook.hookedName],
      direct(x, w, (j) => delta[j] as number),
    );
  });

  it('a write hook reaches consumers inside If branches (outer-scope reads)', async () => {
    const { m, x, w } = matMulAdd();
    const g = graphOf(m);
    const branch = (op: string, out: string) =>
      graph({ name: out, nodes: [node(op, ['h'], [out])], inputs: [], outputs: [tensorValueInfo(out, 1, ['batch', 4])] });
    g.node = [
      g.node[0] as NodeProto,
      node('If', ['cond'], ['z'], { attrs: { then_branch: branch('Identity', 't'), else_branch: branch('Neg', 'e') } }),
    ];
    g.input.push(tensorValueInfo('cond', DataType.BOOL, []));
    g.output = [tensorValueInfo('z', 1, ['batch', 4])];
    const hook = addWriteHook(m, 'h', { shape: [4] });
    const delta = Float32Array.from([1, 2, 3, 4]);
    const session = await ort.InferenceSession.create(encodeModel(m));
    for (const cond of [true, false]) {
      const out = await session.run({
        x: new ort.Tensor('float32', x, [2, 3]),
        cond: new ort.Tensor('bool', [cond], []),
        [hook.deltaName]: new ort.Tensor('float32', delta, [4]),
      });
      const sign = cond ? 1 : -1;
      expectClose(
        out.z?.data as Float32Array,
        direct(x, w, (j) => delta[j] as number).map((v) => sign * v),
      );
    }
    await session.release();
  });

  it('a write hook delta is a required input: running without it fails', async () => {
    const { m, x } = matMulAdd();
    addWriteHook(m, 'h', { shape: ['batch', 4], deltaName: 'steer' });
    await expect(run(m, { x: { data: x, dims: [2, 3] } })).rejects.toThrow(/steer/);
  });
});

interface MlpReference {
  hiddenTensor: string;
  x: number[];
  xShape: number[];
  hidden: number[];
  y: number[];
  delta: number[];
  yDelta: number[];
}

describe('torch-exported MLP (fixtures/onnx/mlp.onnx)', () => {
  const ref = readFixtureJson<MlpReference>('mlp.reference.json');
  const x = { data: Float32Array.from(ref.x), dims: ref.xShape };

  it('runs after decode → encode and matches torch', async () => {
    const out = await run(decodeModel(readFixture('mlp.onnx')), { x });
    expectClose(out.y, ref.y);
  });

  it('read hook on the ReLU output matches torch activations', async () => {
    const m = decodeModel(readFixture('mlp.onnx'));
    addReadHooks(m, [ref.hiddenTensor]);
    const out = await run(m, { x });
    expectClose(out[ref.hiddenTensor], ref.hidden);
    expectClose(out.y, ref.y);
  });

  it('write hook: zero delta gives identical outputs, a delta matches torch fc2(h + delta)', async () => {
    const m = decodeModel(readFixture('mlp.onnx'));
    const before = consumers(graphOf(m)).get(ref.hiddenTensor)?.length ?? 0;
    const hook = addWriteHook(m, ref.hiddenTensor, { shape: ['batch', ref.delta.length] });
    const g = graphOf(m);
    expect(
      consumers(g)
        .get(ref.hiddenTensor)
        ?.map((n) => n.opType),
    ).toEqual(['Add']);
    expect(consumers(g).get(hook.hookedName)?.length).toBe(before);
    const plain = await run(decodeModel(readFixture('mlp.onnx')), { x });
    const batch = ref.xShape[0] as number;
    const zero = await run(m, {
      x,
      [hook.deltaName]: { data: new Float32Array(batch * ref.delta.length), dims: [batch, ref.delta.length] },
    });
    expect(zero.y).toEqual(plain.y);
    const tiled = Float32Array.from({ length: batch * ref.delta.length }, (_, i) => ref.delta[i % ref.delta.length] as number);
    const steered = await run(m, { x, [hook.deltaName]: { data: tiled, dims: [batch, ref.delta.length] } });
    expectClose(steered.y, ref.yDelta);
  });
});
