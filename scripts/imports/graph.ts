/**
 * The source import graph, for the checks that keep the arrows one way (docs/architecture.md
 * "Import rules"): which files a file imports (relative specifiers only, `import type` included —
 * a type-only circle still ties two modules together for whoever reads them), grouped into
 * nodes, and the circles between nodes. Plain text parsing: good enough for our own code, which
 * never builds specifiers at run time.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';

const SPECIFIER = /(?:^|[\s;}])(?:import|export)\s(?:[^'"`;]*?\sfrom\s*)?['"]([^'"]+)['"]|import\(\s*['"]([^'"]+)['"]\s*\)/g;
const EXTENSIONS = ['.ts', '.tsx', '/index.ts', '/index.tsx'];

/** Every .ts/.tsx file under `dir` (tests included), as absolute paths. */
export function sourceFiles(dir: string): string[] {
  const out: string[] = [];
  for (const name of readdirSync(dir)) {
    const full = path.join(dir, name);
    if (statSync(full).isDirectory()) out.push(...sourceFiles(full));
    else if (/\.tsx?$/.test(name) && !name.endsWith('.d.ts')) out.push(full);
  }
  return out;
}

/** The files `file` imports that exist on disk (bare package specifiers are left out). */
export function importsOf(file: string, text = readFileSync(file, 'utf8')): string[] {
  const found = new Set<string>();
  for (const m of text.matchAll(SPECIFIER)) {
    const spec = m[1] ?? m[2];
    if (!spec?.startsWith('.')) continue;
    const base = path.resolve(path.dirname(file), spec);
    const hit = [base, ...EXTENSIONS.map((e) => base + e)].find((p) => /\.tsx?$/.test(p) && exists(p));
    if (hit) found.add(hit);
  }
  return [...found];
}

function exists(p: string): boolean {
  try {
    return statSync(p).isFile();
  } catch {
    return false;
  }
}

/** node → the nodes it imports; `nodeOf` maps a file to its node (null: not part of this graph). */
export type Graph = Map<string, Set<string>>;

export function buildGraph(files: string[], nodeOf: (file: string) => string | null, read: (file: string) => string[] = importsOf): Graph {
  const g: Graph = new Map();
  for (const f of files) {
    const from = nodeOf(f);
    if (from === null) continue;
    const edges = g.get(from) ?? new Set<string>();
    g.set(from, edges);
    for (const to of read(f).map(nodeOf)) if (to !== null && to !== from) edges.add(to);
  }
  return g;
}

/** Circles of the graph: each strongly connected component of more than one node, sorted (Tarjan). */
export function findCycles(g: Graph): string[][] {
  let counter = 0;
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const out: string[][] = [];
  const visit = (v: string): void => {
    index.set(v, counter);
    low.set(v, counter);
    counter++;
    stack.push(v);
    onStack.add(v);
    for (const w of g.get(v) ?? []) {
      if (!index.has(w)) {
        visit(w);
        low.set(v, Math.min(low.get(v)!, low.get(w)!));
      } else if (onStack.has(w)) low.set(v, Math.min(low.get(v)!, index.get(w)!));
    }
    if (low.get(v) === index.get(v)) {
      const scc: string[] = [];
      let w: string;
      do {
        w = stack.pop()!;
        onStack.delete(w);
        scc.push(w);
      } while (w !== v);
      if (scc.length > 1) out.push(scc.sort());
    }
  };
  for (const v of g.keys()) if (!index.has(v)) visit(v);
  return out;
}
