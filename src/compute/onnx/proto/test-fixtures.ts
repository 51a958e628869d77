import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** Paths to committed fixtures (fixtures/onnx, made by scripts/onnx-fixtures/make_fixtures.py). */
export const repoRoot = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..', '..');
export const onnxFixtureDir = join(repoRoot, 'fixtures', 'onnx');

export function readFixture(name: string): Uint8Array {
  return new Uint8Array(readFileSync(join(onnxFixtureDir, name)));
}

export function readFixtureJson<T>(name: string): T {
  return JSON.parse(readFileSync(join(onnxFixtureDir, name), 'utf8')) as T;
}
