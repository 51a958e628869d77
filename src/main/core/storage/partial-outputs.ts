import { existsSync, promises as fs } from 'node:fs';
import path from 'node:path';

/**
 * What a job writes before it is complete (docs/security.md, "Partial outputs"):
 * - `<name>.partial-<random>` (file or folder): tokenization shards, activation sets,
 *   model copies, feature passes — every job kind, by convention;
 * - `.<name>.<12 hex>.tmp`: atomic file writes and folder swaps (checkpoints/.step-N.….tmp,
 *   raw dataset copies, settings, hub cache files);
 * - `.<name>.<12 hex>.tmp.old` (checkpoint folders) and `<name>.old-<8 hex>` (token shard
 *   folders): the previous folder during a swap. If the swap was cut between its two
 *   renames, `<name>` is missing and this is the only complete copy: it is put back.
 */
const PARTIAL = /\.partial-/;
const TEMP = /^\..+\.[0-9a-f]{12}\.tmp$/;
const SWAPPED_OUT = [/^\.(.+)\.[0-9a-f]{12}\.tmp\.old$/, /^(.+)\.old-[0-9a-f]{8}$/];

export interface PartialCleanup {
  removed: string[];
  restored: string[];
  bytes: number;
}

/** Removes partial outputs under each root (recursively). Run at start-up, before any job starts. */
export async function removePartialOutputs(roots: readonly string[]): Promise<PartialCleanup> {
  const out: PartialCleanup = { removed: [], restored: [], bytes: 0 };
  const walk = async (dir: string): Promise<void> => {
    let entries;
    try {
      entries = await fs.readdir(dir, { withFileTypes: true });
    } catch {
      return;
    }
    for (const e of entries) {
      const p = path.join(dir, e.name);
      if (e.isSymbolicLink()) continue;
      const old = SWAPPED_OUT.map((re) => re.exec(e.name)).find((m) => m !== null);
      if (old) {
        const original = path.join(dir, old[1]!);
        if (!existsSync(original)) {
          await fs.rename(p, original);
          out.restored.push(original);
          continue;
        }
      }
      if (old || PARTIAL.test(e.name) || TEMP.test(e.name)) {
        out.bytes += await sizeOf(p);
        await fs.rm(p, { recursive: true, force: true });
        out.removed.push(p);
      } else if (e.isDirectory()) {
        await walk(p);
      }
    }
  };
  for (const root of roots) await walk(root);
  return out;
}

async function sizeOf(p: string): Promise<number> {
  const st = await fs.lstat(p);
  if (!st.isDirectory()) return st.size;
  let total = 0;
  for (const e of await fs.readdir(p, { withFileTypes: true, recursive: true })) {
    if (e.isFile()) total += (await fs.lstat(path.join(e.parentPath, e.name))).size;
  }
  return total;
}
