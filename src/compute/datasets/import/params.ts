import { ImportError } from './errors';
import { checkRatios, type SplitRatios } from './splits';
import type { BadRowPolicy, DatasetFormat, ReaderOptions } from './types';

export interface ImportFile {
  path: string;
  /** Defaults to the extension's format. */
  format?: DatasetFormat;
  /** Split for every sample of this file (else the data's, the file name's, or "train"). */
  split?: string;
}

export interface ImportOptions extends ReaderOptions {
  /** `fail` (default): the first bad row aborts; `skip`: bad rows are counted and dropped. */
  badRows?: BadRowPolicy;
  /** `data` (default): splits from the split field/column or file; `random`: seeded by ratios. */
  splitMode?: 'data' | 'random';
  /** For `random`; default { train: 0.9, validation: 0.05, test: 0.05 }. */
  ratios?: SplitRatios;
  /** For `random`; default 0. */
  seed?: number;
  /** Samples between pause/cancel checks. Default 1000. */
  checkpointEvery?: number;
}

export interface ImportDatasetParams {
  datasetId: string;
  /** The app's SQLite file; the task opens its own connection. */
  dbPath: string;
  files: ImportFile[];
  options: ImportOptions;
  /** `<dataDir>/datasets/<id>`; raw copies go under `raw/`. */
  datasetDir: string;
}

const bad = (reason: string) => new ImportError('INVALID_OPTIONS', '(import parameters)', null, reason);

/** Checks the shape of what main sent (params cross a thread boundary untyped). */
export function parseImportParams(raw: unknown): ImportDatasetParams {
  if (raw === null || typeof raw !== 'object') throw bad('parameters must be an object');
  const p = raw as Partial<ImportDatasetParams>;
  for (const key of ['datasetId', 'dbPath', 'datasetDir'] as const) {
    if (typeof p[key] !== 'string' || p[key] === '') throw bad(`"${key}" must be a non-empty string`);
  }
  if (!Array.isArray(p.files) || p.files.length === 0) throw bad('"files" must list at least one file');
  for (const f of p.files) if (!f || typeof f.path !== 'string' || f.path === '') throw bad('every file needs a "path"');
  const options = p.options ?? {};
  if (options.badRows !== undefined && options.badRows !== 'fail' && options.badRows !== 'skip') throw bad('"badRows" is "fail" or "skip"');
  if (options.splitMode !== undefined && options.splitMode !== 'data' && options.splitMode !== 'random') throw bad('"splitMode" is "data" or "random"');
  if (options.ratios) {
    const why = checkRatios(options.ratios);
    if (why) throw bad(why);
  }
  if (options.seed !== undefined && !Number.isInteger(options.seed)) throw bad('"seed" must be an integer');
  if (options.checkpointEvery !== undefined && !(options.checkpointEvery >= 1)) throw bad('"checkpointEvery" must be ≥ 1');
  return { ...(p as ImportDatasetParams), options };
}
