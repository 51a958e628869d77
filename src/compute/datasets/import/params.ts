import { ImportError } from './errors';
import type { ImportDatasetParams, ImportFile, ImportOptions } from '../../../shared/jobs/datasets';
import { checkRatios } from './splits';

export type { ImportDatasetParams, ImportFile, ImportOptions };

const bad = (reason: string) => new ImportError('INVALID_OPTIONS', '(import parameters)', null, reason);

/** Re-checks what the task relies on (main types it at JobService.start; the task also runs from benches and scripts). */
export function parseImportParams(p: ImportDatasetParams): ImportDatasetParams {
  if (p === null || typeof p !== 'object') throw bad('parameters must be an object');
  for (const key of ['datasetId', 'dbPath', 'datasetDir'] as const) {
    if (typeof p[key] !== 'string' || p[key] === '') throw bad(`"${key}" must be a non-empty string`);
  }
  if (!Array.isArray(p.files) || p.files.length === 0) throw bad('"files" must list at least one file');
  for (const f of p.files) if (!f || typeof f.path !== 'string' || f.path === '') throw bad('every file needs a "path"');
  const options = p.options ?? {};
  if (options.badRows !== undefined && options.badRows !== 'fail' && options.badRows !== 'skip') throw bad('"badRows" is "fail" or "skip"');
  if (options.splitMode !== undefined && options.splitMode !== 'data' && options.splitMode !== 'random')
    throw bad('"splitMode" is "data" or "random"');
  if (options.ratios) {
    const why = checkRatios(options.ratios);
    if (why) throw bad(why);
  }
  if (options.seed !== undefined && !Number.isInteger(options.seed)) throw bad('"seed" must be an integer');
  if (options.checkpointEvery !== undefined && !(options.checkpointEvery >= 1)) throw bad('"checkpointEvery" must be ≥ 1');
  return { ...p, options };
}
