import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildGraph, findCycles, importsOf, sourceFiles, type Graph } from './graph';

const ROOT = path.resolve(__dirname, '../..');
const rel = (f: string) => path.relative(ROOT, f).split(path.sep).join('/');
const files = sourceFiles(path.join(ROOT, 'src'));
/** Tests (and their helpers) may build the whole core from inside a folder: product code may not. */
const productFiles = files.filter((f) => !/\.test\.tsx?$|test-support\.ts$/.test(f));

/** A folder of src/main/core is one node; a file directly in core (index.ts, events.ts, …) is its own. */
function coreFolderOf(file: string): string | null {
  const m = /^src\/main\/core\/([^/]+)(\/.*)?$/.exec(rel(file));
  if (!m) return null;
  return m[2] ? `core/${m[1]}/` : `core/${m[1]}`;
}

describe('import graph (docs/architecture.md "Import rules")', () => {
  it('has no circle between files of src/shared', () => {
    const g = buildGraph(files, (f) => (rel(f).startsWith('src/shared/') ? rel(f) : null));
    expect(g.size).toBeGreaterThan(20);
    expect(findCycles(g)).toEqual([]);
  });

  it('has no circle between folders of src/main/core', () => {
    const g = buildGraph(productFiles, coreFolderOf);
    expect(g.get('core/training/')?.has('core/activations/')).toBe(true);
    expect(findCycles(g)).toEqual([]);
  });

  it('finds a circle when there is one, and reads every import form', () => {
    const g: Graph = new Map([
      ['a', new Set(['b'])],
      ['b', new Set(['c'])],
      ['c', new Set(['a', 'd'])],
      ['d', new Set()],
    ]);
    expect(findCycles(g)).toEqual([['a', 'b', 'c']]);
    const here = path.join(ROOT, 'scripts/imports/graph.test.ts');
    const text = [
      "import type { X } from './graph';",
      "export { y } from './graph';",
      "import {\n  z,\n} from './graph';",
      "const m = import('./graph');",
      "import 'vitest';",
    ].join('\n');
    expect(importsOf(here, text)).toEqual([path.join(ROOT, 'scripts/imports/graph.ts')]);
  });
});
