import { existsSync, promises as fs } from 'node:fs';
import path from 'node:path';

/** Bytes of every file under `dir` (0 when it does not exist). */
export async function folderBytes(dir: string): Promise<number> {
  if (!existsSync(dir)) return 0;
  let total = 0;
  for (const e of await fs.readdir(dir, { recursive: true, withFileTypes: true }))
    if (e.isFile()) total += (await fs.stat(path.join(e.parentPath, e.name))).size;
  return total;
}

/** Removes `<dir>.partial-*` siblings a killed task left behind. */
export async function removePartials(dir: string): Promise<void> {
  const parent = path.dirname(dir);
  const base = path.basename(dir);
  for (const name of await fs.readdir(parent).catch(() => [] as string[])) {
    if (name.startsWith(`${base}.partial-`)) await fs.rm(path.join(parent, name), { recursive: true, force: true });
  }
}
