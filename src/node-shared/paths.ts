import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * The app's root folder (the one holding package.json, migrations/, resources/, dist/),
 * found by walking up from this file: works from src/ (tests, tsx), dist/ (bundles)
 * and inside a packaged app.
 */
export function appRoot(): string {
  let dir = path.dirname(fileURLToPath(import.meta.url));
  for (;;) {
    const pkg = path.join(dir, 'package.json');
    if (existsSync(pkg)) {
      try {
        if ((JSON.parse(readFileSync(pkg, 'utf8')) as { name?: string }).name === 'mistudio') return dir;
      } catch {
        // keep walking
      }
    }
    const parent = path.dirname(dir);
    if (parent === dir)
      throw new Error('miStudio app root (package.json named "mistudio") not found above ' + fileURLToPath(import.meta.url));
    dir = parent;
  }
}

export function appVersion(): string {
  return (JSON.parse(readFileSync(path.join(appRoot(), 'package.json'), 'utf8')) as { version: string }).version;
}

/** Folders under the data dir (docs/architecture.md, "Storage"). */
export function dataPaths(dataDir: string) {
  return {
    root: dataDir,
    db: path.join(dataDir, 'mistudio.db'),
    datasets: path.join(dataDir, 'datasets'),
    models: path.join(dataDir, 'models'),
    activations: path.join(dataDir, 'activations'),
    saes: path.join(dataDir, 'saes'),
    exports: path.join(dataDir, 'exports'),
    logs: path.join(dataDir, 'logs'),
    secrets: path.join(dataDir, 'secrets'),
  };
}

export const defaultPaths = {
  migrations: () => path.join(appRoot(), 'migrations'),
  worker: () => path.join(appRoot(), 'dist', 'compute', 'worker.js'),
  renderer: () => path.join(appRoot(), 'dist', 'renderer'),
  resources: () => path.join(appRoot(), 'resources'),
};
