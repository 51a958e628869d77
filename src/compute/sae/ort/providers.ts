import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import * as ort from 'onnxruntime-node';

/**
 * Execution providers for the SAE step (docs/models.md, "Execution providers" — as the model runtime): CPU always;
 * CUDA / DirectML / CoreML when this onnxruntime-node build lists them and a session
 * actually opens with them (a listed EP can still fail to load its libraries).
 */
const ACCELERATED: { ep: string; backend: string }[] = [
  { ep: 'cuda', backend: 'cuda' },
  { ep: 'dml', backend: 'dml' },
  { ep: 'coreml', backend: 'coreml' },
];

export function candidateProviders(): string[] {
  const usable = new Set(
    ort
      .listSupportedBackends()
      .filter((b) => b.bundled || providerLibraryPresent(b.name))
      .map((b) => b.name),
  );
  return [...ACCELERATED.filter((a) => usable.has(a.backend)).map((a) => a.ep), 'cpu'];
}

/**
 * A non-bundled EP (CUDA on Linux/Windows) is listed whether or not its shared library was
 * installed; trying it without the library only logs an error, so look for the file first.
 */
function providerLibraryPresent(name: string): boolean {
  try {
    const entry = createRequire(import.meta.url).resolve('onnxruntime-node');
    const dir = path.join(path.dirname(entry), '..', 'bin', 'napi-v6', process.platform, process.arch);
    const file = process.platform === 'win32' ? `onnxruntime_providers_${name}.dll` : `libonnxruntime_providers_${name}.so`;
    return existsSync(path.join(dir, file));
  } catch {
    return false;
  }
}

export interface OpenedSession {
  session: ort.InferenceSession;
  provider: string;
}

/** Opens `modelBytes` with the first provider that works; `forced` tries only that one (then cpu). */
export async function openSession(modelBytes: Uint8Array, opts: { forced?: string; threads?: number } = {}): Promise<OpenedSession> {
  const order = opts.forced ? [opts.forced, ...(opts.forced === 'cpu' ? [] : ['cpu'])] : candidateProviders();
  const errors: string[] = [];
  for (const provider of order) {
    try {
      const session = await ort.InferenceSession.create(modelBytes, {
        executionProviders: provider === 'cpu' ? ['cpu'] : [provider, 'cpu'],
        graphOptimizationLevel: 'all',
        ...(opts.threads ? { intraOpNumThreads: opts.threads } : {}),
      });
      return { session, provider };
    } catch (e) {
      errors.push(`${provider}: ${e instanceof Error ? e.message : String(e)}`);
    }
  }
  throw new Error(`no ONNX Runtime execution provider could open the SAE step graph (${errors.join('; ')})`);
}
