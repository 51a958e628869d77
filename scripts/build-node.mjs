// Bundles the Node-side entry points with esbuild (our code only: every npm package
// stays external and is resolved from node_modules at run time, so native addons and
// wasm files load from their own folders).
//   dist/main/electron.js   Electron main process
//   dist/main/cli.js        `mistudio serve|doctor|...` (headless core)
//   dist/preload/preload.cjs  contextBridge (sandboxed preloads must be CommonJS)
//   dist/compute/worker.js  piscina worker (all task kinds)
import { build } from 'esbuild';
import { fileURLToPath } from 'node:url';
import path from 'node:path';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

export async function buildNode({ quiet = false, testWorker = false } = {}) {
  const common = {
    bundle: true,
    platform: 'node',
    target: 'node20',
    sourcemap: true,
    packages: 'external',
    logLevel: quiet ? 'error' : 'info',
    absWorkingDir: root,
  };
  await Promise.all([
    build({
      ...common,
      format: 'esm',
      entryPoints: {
        'main/electron': './src/main/electron/app.ts',
        'main/cli': './src/main/cli/index.ts',
        'compute/worker': './src/compute/worker.ts',
      },
      outdir: 'dist',
      outExtension: { '.js': '.js' },
      banner: {
        // esbuild ESM output: give bundled CommonJS-style code a require().
        js: "import { createRequire as __mistudioCreateRequire } from 'node:module'; const require = __mistudioCreateRequire(import.meta.url);",
      },
    }),
    build({
      ...common,
      format: 'cjs',
      entryPoints: { 'preload/preload': './src/preload/index.ts' },
      outdir: 'dist',
      outExtension: { '.js': '.cjs' },
    }),
  ]);
  if (testWorker) {
    // Test-only worker tasks (exercise the job machinery with controllable work).
    await build({
      ...common,
      format: 'esm',
      entryPoints: { 'test/job-test-worker': './test/job-test-worker.ts' },
      outdir: 'dist',
    }).catch((err) => {
      console.warn('test worker not built:', err.message);
    });
  }
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  await buildNode();
}
