import { extname } from 'node:path';
import { readCsv } from './csv';
import { ImportError } from './errors';
import { readJsonl } from './jsonl';
import { readParquet } from './parquet';
import { readTxt } from './txt';
import { sourceName } from './types';
import type { BadRowPolicy, ByteSource, DatasetFormat, RawSample, ReadHooks, ReaderOptions } from './types';

const BY_EXTENSION: Record<string, DatasetFormat> = {
  '.txt': 'txt',
  '.text': 'txt',
  '.jsonl': 'jsonl',
  '.ndjson': 'jsonl',
  '.csv': 'csv',
  '.tsv': 'tsv',
  '.parquet': 'parquet',
};

/** The format named, or the one the extension implies; anything else is UNSUPPORTED_FORMAT. */
export function detectFormat(file: string, format?: string): DatasetFormat {
  const named = format?.toLowerCase();
  if (named) {
    if (Object.values(BY_EXTENSION).includes(named as DatasetFormat)) return named as DatasetFormat;
    throw new ImportError('UNSUPPORTED_FORMAT', file, null, `format "${format}" is not one of txt, jsonl, csv, tsv, parquet`);
  }
  const found = BY_EXTENSION[extname(file).toLowerCase()];
  if (!found) {
    throw new ImportError(
      'UNSUPPORTED_FORMAT',
      file,
      null,
      `cannot tell the format from "${extname(file) || 'no extension'}"; use .txt, .jsonl, .csv, .tsv or .parquet, or name the format`,
    );
  }
  return found;
}

/** Streams the samples of one source in its format. */
export function readSamples(src: ByteSource, format: DatasetFormat, opts: ReaderOptions, hooks: ReadHooks): AsyncGenerator<RawSample> {
  switch (format) {
    case 'txt':
      return readTxt(src, opts, hooks);
    case 'jsonl':
      return readJsonl(src, opts, hooks);
    case 'csv':
    case 'tsv':
      return readCsv(src, { ...opts, delimiter: opts.delimiter ?? (format === 'tsv' ? '\t' : ',') }, hooks);
    case 'parquet':
      if (!('path' in src))
        throw new ImportError('UNSUPPORTED_FORMAT', sourceName(src), null, 'parquet needs a file (it is read by ranges, not as a stream)');
      return readParquet(src.path, opts, hooks);
  }
}

/**
 * The bad-row policy: under `fail` the first bad row throws; under `skip` it is counted by
 * reason and a few are kept as examples for the report. File-level errors always throw.
 */
export class BadRowTally {
  readonly counts: Record<string, number> = {};
  readonly examples: string[] = [];
  total = 0;

  constructor(
    readonly policy: BadRowPolicy,
    private readonly maxExamples = 5,
  ) {}

  readonly onBadRow = (err: ImportError): void => {
    if (this.policy === 'fail' || !err.rowLevel) throw err;
    this.counts[err.code] = (this.counts[err.code] ?? 0) + 1;
    this.total++;
    if (this.examples.length < this.maxExamples) this.examples.push(err.message);
  };

  hooks(onBytes?: (n: number) => void): ReadHooks {
    return onBytes ? { onBadRow: this.onBadRow, onBytes } : { onBadRow: this.onBadRow };
  }
}
