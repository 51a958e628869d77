import type { InferenceSession } from 'onnxruntime-node';
import * as ort from 'onnxruntime-node';
import type { ExecutionProvider } from '../../shared/types/settings';

export type ProviderSetting = ExecutionProvider;

/** Accelerated providers `auto` tries, in order, before CPU. WebGPU only when asked. */
const AUTO_ORDER = ['cuda', 'dml', 'coreml'];

/**
 * Opens a session on the requested execution provider; `auto` tries the accelerators
 * this build has, then CPU. Returns which one it got, so the UI can say so.
 */
export async function createSession(
  model: Uint8Array | string,
  setting: ProviderSetting = 'auto',
): Promise<{ session: InferenceSession; provider: string }> {
  const options: InferenceSession.SessionOptions = { graphOptimizationLevel: 'all', logSeverityLevel: 3 };
  const create = (ep: string) =>
    typeof model === 'string'
      ? ort.InferenceSession.create(model, { ...options, executionProviders: [ep] })
      : ort.InferenceSession.create(model, { ...options, executionProviders: [ep] });
  if (setting !== 'auto') return { session: await create(setting), provider: setting };
  const bundled = new Set(
    ort
      .listSupportedBackends()
      .filter((b) => b.bundled)
      .map((b) => b.name),
  );
  for (const ep of AUTO_ORDER) {
    if (!bundled.has(ep)) continue;
    try {
      return { session: await create(ep), provider: ep };
    } catch {
      // not usable here (no device / driver): fall through to the next
    }
  }
  return { session: await create('cpu'), provider: 'cpu' };
}
