import { createRequire } from 'node:module';
import path from 'node:path';
import type { BackendProbe } from '../../shared/types/system';

type Tf = typeof import('@tensorflow/tfjs');

/**
 * TensorFlow.js backend chosen at run time, fastest first (docs/training.md):
 * tfjs-node-gpu (CUDA) → tfjs-node (native CPU) → wasm → cpu. The native packages are
 * optionalDependencies whose install downloads libtensorflow; where that failed they
 * are absent and we say so.
 */
export interface TfjsBackendChoice {
  tf: Tf;
  selected: string;
  /** True for tfjs-node(-gpu): the backends that make tfjs competitive. */
  native: boolean;
  probes: BackendProbe[];
}

const require = createRequire(import.meta.url);

function reason(err: unknown): string {
  const msg = err instanceof Error ? err.message : String(err);
  if (/Cannot find (module|package)/.test(msg)) return 'not installed (its install step downloads libtensorflow; offline installs skip it)';
  return msg.split('\n')[0] ?? msg;
}

let cached: Promise<TfjsBackendChoice> | null = null;

/** Loads once per thread. `prefer` forces a backend (e.g. 'cpu' for bit-exact tests). */
export function loadTfjs(prefer?: 'wasm' | 'cpu'): Promise<TfjsBackendChoice> {
  if (prefer) return pick(prefer);
  cached ??= pick();
  return cached;
}

async function pick(prefer?: 'wasm' | 'cpu'): Promise<TfjsBackendChoice> {
  const probes: BackendProbe[] = [];
  if (!prefer) {
    for (const pkg of ['@tensorflow/tfjs-node-gpu', '@tensorflow/tfjs-node']) {
      try {
        const tf = (await import(pkg)) as Tf;
        await tf.ready();
        probes.push({ name: pkg, loaded: true, detail: `backend "${tf.getBackend()}"` });
        return { tf, selected: pkg, native: true, probes };
      } catch (err) {
        probes.push({ name: pkg, loaded: false, detail: reason(err) });
      }
    }
  }
  const tf = await import('@tensorflow/tfjs');
  if (prefer !== 'cpu') {
    try {
      const wasm = await import('@tensorflow/tfjs-backend-wasm');
      const dir = path.dirname(require.resolve('@tensorflow/tfjs-backend-wasm/package.json'));
      wasm.setWasmPaths(path.join(dir, 'dist') + path.sep);
      if (!(await tf.setBackend('wasm'))) throw new Error('setBackend("wasm") returned false');
      probes.push({ name: 'wasm', loaded: true, detail: 'WebAssembly, single thread (threaded build does not start in Node)' });
      return { tf, selected: 'wasm', native: false, probes };
    } catch (err) {
      probes.push({ name: 'wasm', loaded: false, detail: reason(err) });
    }
  }
  await tf.setBackend('cpu');
  probes.push({ name: 'cpu', loaded: true, detail: 'plain JavaScript (slow; last resort)' });
  return { tf, selected: 'cpu', native: false, probes };
}
