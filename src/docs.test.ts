import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { appRoot } from './main/core/paths';

/**
 * The design lives in the repo's docs/ (CONTRIBUTING.md): these checks keep the docs and the
 * comments that cite them honest as files move — every file a page names exists, every cited
 * page and section exists, and nothing cites a document the repo does not hold.
 */

const ROOT = appRoot();
const CODE_DIRS = ['src', 'test', 'e2e', 'scripts', 'bench'];
const SKIP_DIRS = new Set(['node_modules', 'dist']);
const THIS_FILE = path.join('src', 'docs.test.ts');

/** Repo-relative paths of the files under `dir` whose names pass `keep`. */
function walk(dir: string, keep: (name: string) => boolean): string[] {
  const out: string[] = [];
  for (const entry of readdirSync(path.join(ROOT, dir), { withFileTypes: true })) {
    const rel = path.join(dir, entry.name);
    if (entry.isDirectory()) {
      if (!SKIP_DIRS.has(entry.name)) out.push(...walk(rel, keep));
    } else if (keep(entry.name)) out.push(rel);
  }
  return out;
}

const read = (rel: string) => readFileSync(path.join(ROOT, rel), 'utf8');

/** Every markdown page of the repo: docs/, the READMEs, CONTRIBUTING.md. */
function markdownPages(): string[] {
  const top = ['README.md', 'CONTRIBUTING.md'].filter((f) => existsSync(path.join(ROOT, f)));
  return [...top, ...walk('docs', (n) => n.endsWith('.md')), ...CODE_DIRS.flatMap((d) => walk(d, (n) => n.endsWith('.md')))];
}

const codeFiles = () => CODE_DIRS.flatMap((d) => walk(d, (n) => /\.(ts|tsx|mts|mjs|js|py)$/.test(n)));

/**
 * Repo paths a page names: `src/…`, `test/…`, `docs/…` and the other top-level folders, not
 * inside a longer path (`scripts/fixtures/x` is one path, not `fixtures/x`). Templates such as
 * `saes/<id>/` or globs (`*.partial-*`) are not file names and are skipped.
 */
function namedPaths(text: string): string[] {
  const re = /(?<![\w./-])((?:src|test|e2e|scripts|bench|docs|resources|fixtures|migrations)\/[\w./-]*[\w/])/g;
  const found = new Set<string>();
  for (const m of text.matchAll(re)) {
    const p = m[1]!;
    if (/[<*…{]/.test(text.slice(m.index!, m.index! + p.length + 1))) continue;
    found.add(p);
  }
  return [...found];
}

/** `docs/<page>.md, "Heading"` (or CONTRIBUTING.md) citations: the page, and the quoted section when there is one. */
function docCitations(text: string): { page: string; section: string | null }[] {
  return [...text.matchAll(/(?<![\w./-])((?:docs\/[\w-]+|CONTRIBUTING)\.md)`?(?:, "([^"\n]+)")?/g)].map((m) => ({
    page: m[1]!,
    section: m[2] ?? null,
  }));
}

/** References to documents outside the repo: the design notes by section, the product plan by step. */
const OUTSIDE_REFERENCE = new RegExp(['DES' + 'IGN', '[Ss]eed [0-9]+\\.[0-9]', '[Ss]eed [Pp]hase', "[Ss]eed's", '[Ss]eed mock'].join('|'));

const headings = (page: string) =>
  read(page)
    .split('\n')
    .filter((l) => /^#{1,6} /.test(l))
    .map((l) => l.replace(/^#+ /, '').toLowerCase());

describe('the docs match the code', () => {
  it('finds paths as a page writes them (the helpers themselves)', () => {
    expect(namedPaths('see `src/main/core/paths.ts`, scripts/fixtures/hfarch.py and saes/<id>/ or docs/models.md.')).toEqual([
      'src/main/core/paths.ts',
      'scripts/fixtures/hfarch.py',
      'docs/models.md',
    ]);
    expect(namedPaths('removes `*.partial-*` and src/compute/<kind>/ leftovers')).toEqual([]);
    expect(docCitations('(docs/training.md, "The loop"; docs/models.md; CONTRIBUTING.md, "Add a tab")')).toEqual([
      { page: 'docs/training.md', section: 'The loop' },
      { page: 'docs/models.md', section: null },
      { page: 'CONTRIBUTING.md', section: 'Add a tab' },
    ]);
    expect(OUTSIDE_REFERENCE.test('split seed 1234')).toBe(false);
    expect(OUTSIDE_REFERENCE.test(['(seed', '4.2)'].join(' '))).toBe(true); // split, so grepping the tree for such references finds none
  });

  it('every file a markdown page names exists', () => {
    const missing = markdownPages().flatMap((page) =>
      namedPaths(read(page))
        .filter((p) => !existsSync(path.join(ROOT, p)))
        .map((p) => `${page}: ${p}`),
    );
    expect(missing).toEqual([]);
  });

  it('every docs/ page (and CONTRIBUTING.md) and section a comment or page cites exists', () => {
    const broken: string[] = [];
    for (const file of [...codeFiles(), ...markdownPages()]) {
      for (const { page, section } of docCitations(read(file))) {
        if (!existsSync(path.join(ROOT, page))) broken.push(`${file}: ${page} does not exist`);
        else if (section && !headings(page).some((h) => h.includes(section.toLowerCase())))
          broken.push(`${file}: ${page} has no section "${section}"`);
      }
    }
    expect(broken).toEqual([]);
  });

  it('no code cites a document outside the repo (design notes by section, the product plan by step)', () => {
    const hits = [...codeFiles(), ...markdownPages()]
      .filter((f) => f !== THIS_FILE)
      .flatMap((f) =>
        read(f)
          .split('\n')
          .map((line, i) => ({ line, i }))
          .filter(({ line }) => OUTSIDE_REFERENCE.test(line))
          .map(({ line, i }) => `${f}:${i + 1}: ${line.trim()}`),
      );
    expect(hits).toEqual([]);
  });
});
