import { HubClient, abortOnCancel, isHubError, reportDownloadProgress } from '../hub';
import { scaledProgress, type TaskContext } from '../runtime/context';
import { TaskCancelledError } from '../runtime/protocol';
import type { ModelDtype } from '../../shared/types/models';
import { importModelTask, type DownloadModelParams, type ImportModelResult } from './tasks';

const PREFERENCE: ModelDtype[] = ['fp32', 'fp16', 'q8', 'q4'];

/**
 * Download a transformers.js model repo into the HF cache (resumable; reused offline),
 * then import it from there like a local folder (hard links, no second copy).
 */
export async function downloadModelTask(p: DownloadModelParams, ctx: TaskContext): Promise<ImportModelResult> {
  const client = new HubClient({
    cacheDir: p.cacheDir,
    ...(p.endpoint ? { endpoint: p.endpoint } : {}),
    ...(ctx.secrets.hfToken ? { token: ctx.secrets.hfToken } : {}),
  });
  const { signal, dispose } = abortOnCancel(ctx);
  try {
    let dtype = p.dtype;
    if (!dtype) {
      const offered = new Set((await client.modelDtypes(p.repoId, p.revision, signal)).map((o) => o.dtype));
      dtype = PREFERENCE.find((d) => offered.has(d));
      if (!dtype)
        throw Object.assign(new Error(`${p.repoId} has no fp32/fp16/q8/q4 ONNX file miStudio can run`), { code: 'DTYPE_UNAVAILABLE' });
    }
    ctx.log('info', `downloading ${p.repoId}@${p.revision} (${dtype})`);
    const got = await client.downloadModel(p.repoId, dtype, {
      revision: p.revision,
      signal,
      onProgress: reportDownloadProgress(scaledProgress(ctx, 0, 0.8)),
    });
    ctx.log('info', got.fromCache ? `using the cached copy (${got.sha})` : `downloaded ${p.repoId} at ${got.sha}`);
    return await importModelTask(
      { modelId: p.modelId, sourceDir: got.dir, targetDir: p.targetDir, dtype, link: true },
      scaledProgress(ctx, 0.8, 1),
    );
  } catch (err) {
    if (ctx.cancelled && isHubError(err, 'ABORTED')) throw new TaskCancelledError();
    throw err;
  } finally {
    dispose();
  }
}
