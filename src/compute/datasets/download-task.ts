import type { DownloadDatasetParams } from '../../shared/jobs/datasets';
import { HubClient, abortOnCancel, isHubError, reportDownloadProgress } from '../hub';
import { scaledProgress, type TaskContext } from '../runtime/context';
import { TaskCancelledError } from '../runtime/protocol';
import { importDatasetTask, type ImportDatasetResult } from './import';

/**
 * A Hugging Face dataset split: its auto-converted parquet shards downloaded into the HF
 * cache (resumable, reused offline), then imported like local parquet files, one split
 * per shard set.
 */
export async function downloadDatasetTask(p: DownloadDatasetParams, ctx: TaskContext): Promise<ImportDatasetResult> {
  const client = new HubClient({
    cacheDir: p.cacheDir,
    ...(p.endpoint ? { endpoint: p.endpoint } : {}),
    ...(ctx.secrets.hfToken ? { token: ctx.secrets.hfToken } : {}),
  });
  const { signal, dispose } = abortOnCancel(ctx);
  try {
    const files: { path: string; format: 'parquet'; split: string }[] = [];
    for (const [i, split] of p.splits.entries()) {
      const part = scaledProgress(ctx, (0.6 * i) / p.splits.length, (0.6 * (i + 1)) / p.splits.length);
      const got = await client.downloadParquetSplit(p.repoId, p.config, split, { signal, onProgress: reportDownloadProgress(part) });
      ctx.log(
        'info',
        `${p.repoId} ${p.config}/${split}: ${Object.keys(got.files).length} parquet file(s)${got.fromCache ? ' (from the cache)' : ''}`,
      );
      for (const file of Object.values(got.files)) files.push({ path: file, format: 'parquet', split });
    }
    return await importDatasetTask(
      {
        datasetId: p.datasetId,
        dbPath: p.dbPath,
        datasetDir: p.datasetDir,
        files,
        options: { textColumn: p.textColumn, textField: p.textColumn, splitMode: 'data' },
      },
      scaledProgress(ctx, 0.6, 1),
    );
  } catch (err) {
    if (ctx.cancelled && isHubError(err, 'ABORTED')) throw new TaskCancelledError();
    throw err;
  } finally {
    dispose();
  }
}
