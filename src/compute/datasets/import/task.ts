import { stat } from 'node:fs/promises';
import type { TaskContext } from '../../runtime/context';
import { ImportError } from './errors';
import { parseImportParams, type ImportDatasetParams } from './params';
import { RawCopies, rawNames } from './raw-copy';
import { BadRowTally, detectFormat, readSamples } from './read';
import { SampleWriter } from './sample-writer';
import { DEFAULT_RATIOS, normaliseSplit, seededSplit, splitFromFileName } from './splits';
import type { ImportDatasetResult } from '../../../shared/jobs/datasets';
import type { DatasetFormat } from './types';

export type { ImportDatasetResult };

/** Share of progress for reading + inserting; the rest is copying the raw files. */
const READ_SHARE = 0.85;
const PROGRESS_INTERVAL_MS = 250;

/**
 * Worker task `datasets.import`: streams every file through its reader, assigns splits,
 * and inserts the samples in short transactions on its own connection (see SampleWriter);
 * copies the sources to `<datasetDir>/raw/`. All or nothing: on any error or cancel the
 * rows written are deleted and the copies removed. The `datasets` row is the caller's (main's) business.
 */
export async function importDatasetTask(raw: ImportDatasetParams, ctx: TaskContext): Promise<ImportDatasetResult> {
  const params: ImportDatasetParams = parseImportParams(raw);
  const { options } = params;
  const formats = params.files.map((f) => detectFormat(f.path, f.format));
  const format = formats[0] as DatasetFormat;
  if (formats.some((f) => f !== format)) {
    throw new ImportError(
      'INVALID_OPTIONS',
      params.files[1]?.path ?? '',
      null,
      `one format per dataset; got ${[...new Set(formats)].join(', ')}`,
    );
  }
  const sizes: number[] = [];
  for (const f of params.files) {
    const st = await stat(f.path);
    // A device or FIFO never ends (/dev/zero) or blocks forever; main refuses them too, this is the worker's own guard.
    if (!st.isFile())
      throw new ImportError(
        'NOT_A_FILE',
        f.path,
        null,
        st.isDirectory() ? 'this is a folder, not a file' : 'this is not a regular file (a device, FIFO or socket)',
      );
    const size = st.size;
    if (size === 0) throw new ImportError('EMPTY_FILE', f.path, null, 'the file is empty (0 bytes)');
    sizes.push(size);
  }
  const totalBytes = sizes.reduce((a, b) => a + b, 0);
  const tally = new BadRowTally(options.badRows ?? 'fail');
  const ratios = options.ratios ?? DEFAULT_RATIOS;
  const seed = options.seed ?? 0;
  const every = options.checkpointEvery ?? 1000;
  const splits: Record<string, number> = {};
  const writer = new SampleWriter(params.dbPath, params.datasetId);
  const copies = new RawCopies(params.datasetDir);
  let bytesRead = 0;
  let lastReport = 0;
  const report = (fraction: number, message: string, force = false) => {
    const now = Date.now();
    if (!force && now - lastReport < PROGRESS_INTERVAL_MS) return;
    lastReport = now;
    ctx.progress(fraction, message);
  };
  try {
    writer.begin();
    let ordinal = 0;
    for (const [i, file] of params.files.entries()) {
      const fileSplit = file.split ? normaliseSplit(file.split) : splitFromFileName(file.path);
      const hooks = tally.hooks((n) => {
        bytesRead += n;
        report((READ_SHARE * bytesRead) / totalBytes, `Reading ${i + 1}/${params.files.length}: ${ordinal} samples`);
      });
      for await (const sample of readSamples({ path: file.path }, format, options, hooks)) {
        const split =
          options.splitMode === 'random' ? seededSplit(seed, ordinal, ratios) : normaliseSplit(sample.split ?? fileSplit ?? 'train');
        writer.add({ ordinal, split, text: sample.text, metadata: sample.metadata });
        splits[split] = (splits[split] ?? 0) + 1;
        ordinal++;
        if (ordinal % every === 0) await ctx.checkpoint();
      }
      await ctx.checkpoint();
    }
    if (ordinal === 0) {
      throw new ImportError('EMPTY_FILE', params.files[0]?.path ?? '', null, `no samples to import; ${tally.total} bad rows skipped`);
    }
    const names = rawNames(params.files.map((f) => f.path));
    for (const [i, file] of params.files.entries()) {
      report(READ_SHARE + ((1 - READ_SHARE) * i) / params.files.length, `Copying ${names[i]}`, true);
      await copies.stage(file.path, names[i] ?? `file-${i}`);
      await ctx.checkpoint();
    }
    await copies.publish();
    writer.commit();
    if (tally.total > 0) ctx.log('warn', `skipped ${tally.total} bad rows: ${tally.examples.join('; ')}`);
    report(1, `Imported ${ordinal} samples`, true);
    return { sampleCount: ordinal, splits, sizeBytes: totalBytes, skipped: { ...tally.counts }, format };
  } catch (err) {
    writer.rollback();
    await copies.discard();
    throw err;
  } finally {
    writer.close();
  }
}
