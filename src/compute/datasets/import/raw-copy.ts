import { randomBytes } from 'node:crypto';
import { createReadStream, createWriteStream } from 'node:fs';
import { mkdir, open, rename, rm } from 'node:fs/promises';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import { fsyncDir } from '../../../node-shared/fs/atomic';

/**
 * Copies source files into `<datasetDir>/raw/` so a crash never leaves a half copy that
 * looks whole: each is streamed to a hidden temp name and fsynced; `publish()` renames
 * them all; `discard()` removes temps and anything already published.
 */
export class RawCopies {
  private readonly staged: { tmp: string; final: string }[] = [];
  private readonly published: string[] = [];
  readonly rawDir: string;

  constructor(datasetDir: string) {
    this.rawDir = path.join(datasetDir, 'raw');
  }

  /** Streams `source` to a temp file beside its final name; returns the final name. */
  async stage(source: string, name: string): Promise<string> {
    await mkdir(this.rawDir, { recursive: true, mode: 0o700 });
    const final = path.join(this.rawDir, name);
    const tmp = path.join(this.rawDir, `.${name}.${randomBytes(6).toString('hex')}.tmp`);
    this.staged.push({ tmp, final });
    // 0600: a copy is as private as the researcher's data, whatever the source's mode (docs/security.md).
    await pipeline(createReadStream(source), createWriteStream(tmp, { mode: 0o600 }));
    const handle = await open(tmp, 'r+');
    try {
      await handle.sync();
    } finally {
      await handle.close();
    }
    return final;
  }

  async publish(): Promise<void> {
    for (const { tmp, final } of this.staged) {
      await rename(tmp, final);
      this.published.push(final);
    }
    this.staged.length = 0;
    await fsyncDir(this.rawDir);
  }

  async discard(): Promise<void> {
    for (const f of [...this.staged.map((s) => s.tmp), ...this.published]) await rm(f, { force: true });
    this.staged.length = 0;
    this.published.length = 0;
  }
}

/** Distinct names under raw/: the file's own name, prefixed by its index on a clash. */
export function rawNames(paths: readonly string[]): string[] {
  const seen = new Set<string>();
  return paths.map((p, i) => {
    let name = path.basename(p);
    if (seen.has(name)) name = `${i}-${name}`;
    seen.add(name);
    return name;
  });
}
