import { readdirSync, realpathSync, statSync, type Stats } from 'node:fs';
import path from 'node:path';
import { ApiError } from '../../../shared/contract/errors';

/**
 * What an import may read (docs/security.md): a regular file (or a folder of them) outside
 * the data dir. The data dir holds the app's database, settings and the Hugging Face token;
 * importing from it would hand them back through the API (samples, a copy under raw/).
 * Devices, FIFOs and sockets never end (/dev/zero) or block forever (a FIFO): refused too.
 * Symlinks are resolved first, so a link cannot point an import into the data dir.
 */

function kindOf(st: Stats): string {
  if (st.isDirectory()) return 'a folder';
  if (st.isFIFO()) return 'a named pipe (FIFO)';
  if (st.isCharacterDevice() || st.isBlockDevice()) return 'a device';
  if (st.isSocket()) return 'a socket';
  return 'not a regular file';
}

function realPath(p: string, what: string): string {
  try {
    return realpathSync(p);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') throw new ApiError('VALIDATION', `${what} not found: ${p}`);
    throw new ApiError('VALIDATION', `Cannot read ${p}: ${(err as Error).message}`);
  }
}

function refuseInsideDataDir(real: string, shown: string, dataDir: string): void {
  let root: string;
  try {
    root = realpathSync(dataDir);
  } catch {
    root = path.resolve(dataDir);
  }
  if (real === root || real.startsWith(root + path.sep)) {
    throw new ApiError(
      'VALIDATION',
      `${shown} is inside miStudio's data dir (${root}), which holds the app's database, settings and secrets; import from a folder outside it.`,
    );
  }
}

/** A dataset source file: returns its real path, or throws a VALIDATION error naming it. */
export function checkImportFile(file: string, dataDir: string): string {
  const shown = path.resolve(file);
  const real = realPath(shown, 'File');
  refuseInsideDataDir(real, shown, dataDir);
  const st = statSync(real);
  if (st.isDirectory())
    throw new ApiError('VALIDATION', `${shown} is a folder, not a file: pick a .txt, .jsonl, .csv, .tsv or .parquet file inside it.`);
  if (!st.isFile())
    throw new ApiError('VALIDATION', `${shown} is ${kindOf(st)}, not a regular file; miStudio imports datasets from regular files only.`);
  return real;
}

/**
 * A model folder (or, with `expected`, another kind of folder, e.g. an SAE's): it and every file
 * in it (and in onnx/) regular and outside the data dir.
 */
export function checkImportFolder(
  folder: string,
  dataDir: string,
  expected = "the model's folder (config.json, tokenizer.json, onnx/model.onnx)",
): string {
  const shown = path.resolve(folder);
  const real = realPath(shown, 'Folder');
  refuseInsideDataDir(real, shown, dataDir);
  const st = statSync(real);
  if (!st.isDirectory()) {
    throw new ApiError('VALIDATION', `${shown} is ${st.isFile() ? 'a file' : kindOf(st)}, not a folder: pick ${expected}.`);
  }
  for (const sub of ['', 'onnx']) {
    const dir = path.join(real, sub);
    let names: string[];
    try {
      names = readdirSync(dir);
    } catch {
      continue; // no onnx/: the import's own checks say what is missing
    }
    for (const name of names) {
      const entry = path.join(dir, name);
      if (sub === '' && name === 'onnx') continue;
      let target: string;
      try {
        target = realpathSync(entry);
      } catch {
        continue; // a dangling link: not one of the files the import reads
      }
      refuseInsideDataDir(target, entry, dataDir);
      const est = statSync(target);
      if (!est.isFile() && !est.isDirectory())
        throw new ApiError(
          'VALIDATION',
          `${entry} is ${kindOf(est)}, not a regular file; a ${expected.startsWith('the model') ? 'model folder' : 'folder to import'} holds regular files only.`,
        );
    }
  }
  return real;
}
