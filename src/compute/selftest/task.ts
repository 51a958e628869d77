import type { TaskContext } from '../runtime/context';
import type { ComputeProbes, SelfTestResult } from '../../shared/types/system';
import { loadTfjs } from '../tfjs/backend';
import { probeExecutionProviders } from './ort-providers';
import { matMulDirect, matMulModel } from './tiny-onnx';
import { tokenizerEngineCheck } from './tokenizer-check';

type Check = SelfTestResult['checks'][number];

/** Deterministic test matrix: values in [-1, 1) from a small LCG so runs are comparable. */
function testMatrix(size: number, seed: number): Float32Array {
  const out = new Float32Array(size);
  let s = seed >>> 0;
  for (let i = 0; i < size; i++) {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    out[i] = s / 2 ** 31 - 1;
  }
  return out;
}

function maxAbsDiff(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs((a[i] ?? 0) - (b[i] ?? 0)));
  return m;
}

async function timed(name: string, fn: () => Promise<{ passed: boolean; detail: string }>): Promise<Check> {
  const t0 = performance.now();
  try {
    const r = await fn();
    return { name, ...r, millis: performance.now() - t0 };
  } catch (err) {
    return { name, passed: false, detail: err instanceof Error ? err.message : String(err), millis: performance.now() - t0 };
  }
}

/** Probes only (for `system.doctor`): which backends and providers load. */
export async function computeProbes(): Promise<ComputeProbes> {
  const choice = await loadTfjs();
  const ort = await probeExecutionProviders();
  return {
    tfjs: { selected: choice.selected, probes: choice.probes },
    onnxRuntime: { version: ort.version, executionProviders: ort.providers },
  };
}

// Sizes: a 64×96 by 96×48 product — enough to exercise real kernels, fast everywhere.
const M = 64;
const K = 96;
const N = 48;
const TOLERANCE = 1e-4;

/**
 * The doctor self-test job: small real computations on each engine, each checked
 * against a direct computation in float64. Pausable/cancellable between checks.
 */
export async function selfTestTask(_params: unknown, ctx: TaskContext): Promise<SelfTestResult> {
  const a = testMatrix(M * K, 1);
  const b = testMatrix(K * N, 2);
  const expected = matMulDirect(a, b, M, K, N);
  const checks: Check[] = [];

  ctx.progress(0.05, 'Probing compute backends');
  const probes = await computeProbes();
  ctx.log(
    'info',
    `tfjs backend: ${probes.tfjs.selected}; ORT providers: ${probes.onnxRuntime.executionProviders
      .filter((p) => p.loaded)
      .map((p) => p.name)
      .join(', ')}`,
  );
  await ctx.checkpoint();

  ctx.progress(0.3, 'tfjs matmul');
  checks.push(
    await timed(`tfjs matmul ${M}×${K}·${K}×${N} (${probes.tfjs.selected})`, async () => {
      const { tf } = await loadTfjs();
      const y = tf.tidy(() => tf.matMul(tf.tensor2d(a, [M, K]), tf.tensor2d(b, [K, N])));
      const err = maxAbsDiff(await y.data(), expected);
      y.dispose();
      return { passed: err <= TOLERANCE, detail: `max |error| ${err.toExponential(2)} (tolerance ${TOLERANCE})` };
    }),
  );
  await ctx.checkpoint();

  ctx.progress(0.55, 'tfjs gradient');
  checks.push(
    await timed('tfjs gradient d/dx Σx² = 2x', async () => {
      const { tf } = await loadTfjs();
      const x = tf.tensor1d(a.subarray(0, 256));
      const g = tf.grad((t) => tf.sum(tf.square(t)))(x);
      const got = await g.data();
      tf.dispose([x, g]);
      const err = maxAbsDiff(
        got,
        Array.from(a.subarray(0, 256), (v) => 2 * v),
      );
      return { passed: err <= 1e-6, detail: `max |error| ${err.toExponential(2)}` };
    }),
  );
  await ctx.checkpoint();

  ctx.progress(0.8, 'ONNX Runtime matmul');
  checks.push(
    await timed(`ONNX Runtime matmul ${M}×${K}·${K}×${N} (cpu)`, async () => {
      const ort = await import('onnxruntime-node');
      const session = await ort.InferenceSession.create(matMulModel(M, K, N), { executionProviders: ['cpu'] });
      const out = await session.run({ A: new ort.Tensor('float32', a, [M, K]), B: new ort.Tensor('float32', b, [K, N]) });
      await session.release();
      const y = out.Y?.data as Float32Array;
      const err = maxAbsDiff(y, expected);
      return { passed: err <= TOLERANCE, detail: `max |error| ${err.toExponential(2)} (tolerance ${TOLERANCE})` };
    }),
  );
  await ctx.checkpoint();

  ctx.progress(0.9, 'Dataset tokenizer');
  checks.push(await timed('dataset tokenization engine (demo tokenizer)', async () => tokenizerEngineCheck()));
  for (const c of checks) ctx.log(c.passed ? 'info' : 'error', `${c.passed ? 'PASS' : 'FAIL'} ${c.name}: ${c.detail}`);
  ctx.progress(1, 'Done');
  return { ...probes, checks, passed: checks.every((c) => c.passed) };
}
