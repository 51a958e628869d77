import type { BackendProbe } from '../../shared/types/system';
import { matMulModel } from './tiny-onnx';

type Ort = typeof import('onnxruntime-node');

/** Install hints for providers whose libraries are not in the npm package. */
const HINTS: Record<string, string> = {
  cuda: 'not installed: reinstall with ONNXRUNTIME_NODE_INSTALL=cuda12 (needs internet and CUDA 12)',
  tensorrt: 'not installed: needs the CUDA add-on and TensorRT',
  dml: 'DirectML exists only on Windows builds',
  coreml: 'CoreML exists only on macOS builds',
};

/**
 * Which ONNX Runtime execution providers load here, each checked by opening a real
 * session on a one-node model (a provider can be "bundled" yet find no device).
 */
export async function probeExecutionProviders(): Promise<{ version: string | null; providers: BackendProbe[] }> {
  let ort: Ort;
  try {
    ort = await import('onnxruntime-node');
  } catch (err) {
    return { version: null, providers: [{ name: 'onnxruntime-node', loaded: false, detail: String(err) }] };
  }
  const model = matMulModel(2, 2, 2);
  const providers: BackendProbe[] = [];
  const listed = ort.listSupportedBackends();
  for (const { name, bundled } of listed) {
    if (!bundled) {
      providers.push({ name, loaded: false, detail: HINTS[name] ?? 'not bundled with this build' });
      continue;
    }
    try {
      const session = await ort.InferenceSession.create(model, { executionProviders: [name] });
      await session.release();
      providers.push({ name, loaded: true, detail: 'session created' });
    } catch (err) {
      providers.push({ name, loaded: false, detail: shortReason(err) });
    }
  }
  for (const name of ['dml', 'coreml']) {
    if (!listed.some((b) => b.name === name)) providers.push({ name, loaded: false, detail: HINTS[name] ?? 'not in this build' });
  }
  return { version: ort.env.versions.node ?? null, providers };
}

/** ORT errors start with a C++ source location; keep the sentence a researcher can act on. */
function shortReason(err: unknown): string {
  const first = (err instanceof Error ? err.message : String(err)).split('\n')[0] ?? '';
  const tail = first.split(' was false. ').pop() ?? first;
  return tail.length > 300 ? `${tail.slice(0, 300)}…` : tail;
}
