import { randomBytes } from 'node:crypto';
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { ApiError } from '../../../../shared/contract/errors';
import type { ModelRecord } from '../../../../shared/types/models';
import type { SaeFolderPreview, SaeRecord } from '../../../../shared/types/saes';
import { matchHook } from '../../../../compute/sae/import/hook-names';
import type { InspectSaeFolderParams, SaeFolderSummary } from '../../../../shared/jobs/saes';
import type { DatasetsService } from '../../datasets/service';
import type { JobService } from '../../jobs/service';
import type { ModelsService } from '../../models/service';
import { checkImportFolder } from '../../storage/import-source';
import { folderBytes } from '../../util/folder-size';
import { newId } from '../../util/ids';
import type { Logger } from '../../util/logger';
import type { SaesService } from '../service';
import { probeDatasetFor, startImportProbe } from './probe';

/** What importing an SAE folder needs from the core (the archive import passes the same). */
export interface SaeImportContext {
  saes: SaesService;
  models: ModelsService;
  datasets: DatasetsService;
  jobs: JobService;
  dataDir: string;
  log: Logger;
}

export interface ImportSaeFolderInput {
  folder: string;
  modelId: string;
  name?: string;
  /** The model's hook to read, when the folder names none or names it wrongly. */
  hook?: string;
}

const FOLDER_WHAT = 'an SAE folder (cfg.json with sae_weights.safetensors or sae.safetensors)';

async function inspectInWorker(ctx: SaeImportContext, params: InspectSaeFolderParams): Promise<SaeFolderSummary> {
  const r = await ctx.jobs.runEphemeral('saes.inspectFolder', params);
  if (!r.ok) throw new ApiError('VALIDATION', r.message, { code: r.code });
  return r.summary;
}

/** The model's side of the checks: its hook for the folder's, and its width. */
function fitToModel(
  s: SaeFolderSummary,
  model: ModelRecord,
  chosenHook: string | undefined,
): Pick<SaeFolderPreview, 'hook' | 'hookHow' | 'refusals'> {
  const refusals: string[] = [];
  if (model.status !== 'ready' || !model.path) refusals.push(`${model.name} is ${model.status}; import onto a ready model.`);
  const match = matchHook(
    s.folderHook,
    model.hooks.map((h) => h.name),
    model.name,
    chosenHook,
  );
  const width = model.architecture?.dModel;
  if (width !== undefined && width !== s.dIn) {
    refusals.push(
      `The SAE reads d_in ${s.dIn} values per token but ${model.name}'s hooks are ${width} wide; it was trained on a different model.`,
    );
  }
  if ('refusal' in match) {
    refusals.push(match.refusal);
    return { hook: null, hookHow: null, refusals };
  }
  return { hook: match.hook, hookHow: match.how, refusals };
}

/** "Import SAE folder…" preview: what the folder holds and whether it fits the model; writes nothing. */
export async function inspectSaeFolder(
  ctx: SaeImportContext,
  input: { folder: string; modelId?: string; hook?: string },
): Promise<SaeFolderPreview> {
  const folder = checkImportFolder(input.folder, ctx.dataDir, FOLDER_WHAT);
  const s = await inspectInWorker(ctx, { folder, stageDir: null, hook: null });
  const { saelens: _kept, ...shown } = s;
  const fit = input.modelId ? fitToModel(s, ctx.models.get(input.modelId), input.hook) : { hook: null, hookHow: null, refusals: [] };
  return { folder, ...shown, ...fit };
}

function defaultName(folder: string, s: SaeFolderSummary): string {
  const base = path.basename(folder);
  const named = s.layout === 'sparsify' ? `${path.basename(path.dirname(folder))}/${base}` : base;
  return `${named} (imported ${s.architecture})`;
}

/**
 * Imports a SAELens or sparsify folder onto a model as an SAE record (docs/interop.md "Import").
 * Every check runs first (path, cfg, tensors against cfg and the file size, architecture,
 * hook, width); on a refusal nothing is written. The runnable float32 folder is staged as
 * `<saes>/<id>.partial-<hex>` (swept at start-up) and renamed to `<saes>/<id>` before the row
 * is inserted, so a crash leaves either nothing or a folder start-up removes.
 */
export async function importSaeFolder(ctx: SaeImportContext, input: ImportSaeFolderInput): Promise<SaeRecord> {
  const folder = checkImportFolder(input.folder, ctx.dataDir, FOLDER_WHAT);
  const model = ctx.models.get(input.modelId);
  const summary = await inspectInWorker(ctx, { folder, stageDir: null, hook: null });
  const fit = fitToModel(summary, model, input.hook);
  if (fit.refusals.length || !fit.hook) throw new ApiError('VALIDATION', fit.refusals.join(' '));
  const id = newId('sae');
  const finalDir = ctx.saes.dir(id);
  const stage = `${finalDir}.partial-${randomBytes(6).toString('hex')}`;
  await fs.mkdir(stage, { recursive: true });
  let inserted = false;
  try {
    // The worker reads the folder again and writes only if it still passes every check.
    const written = await inspectInWorker(ctx, { folder, stageDir: path.join(stage, 'weights'), hook: fit.hook });
    await fs.rename(stage, finalDir);
    await syncDir(path.dirname(finalDir));
    const now = Date.now();
    ctx.saes.store.insert({
      id,
      name: input.name?.trim() || defaultName(folder, written),
      source: 'import',
      modelId: model.id,
      datasetId: probeDatasetFor(ctx, model.id)?.id ?? null,
      hook: fit.hook,
      dIn: written.dIn,
      dSae: written.dSae,
      architecture: written.runsAs,
      k: written.k,
      hasThreshold: written.runsAs === 'jumprelu',
      dtype: written.dtype,
      weightsPath: path.join(finalDir, 'weights'),
      provenance: {
        createdBy: 'import',
        importedFrom: folder,
        saelens: written.saelens,
        imported: { layout: written.layout, architecture: written.architecture, dtype: written.dtype, folderHook: written.folderHook },
      },
      sizeBytes: await folderBytes(finalDir),
      createdAt: now,
      updatedAt: now,
    });
    inserted = true;
  } catch (err) {
    await fs.rm(stage, { recursive: true, force: true });
    if (!inserted) await fs.rm(finalDir, { recursive: true, force: true });
    throw err;
  }
  ctx.log.info(
    `SAE imported from ${folder} onto ${model.name} at ${fit.hook} (${summary.layout} ${summary.architecture}, ${summary.dtype})`,
  );
  ctx.saes.changed(id);
  startImportProbe(ctx, id);
  return ctx.saes.get(id);
}

async function syncDir(dir: string): Promise<void> {
  const h = await fs.open(dir, 'r');
  try {
    await h.sync();
  } catch {
    // Some filesystems (Windows) cannot fsync a directory; the rename is still atomic.
  } finally {
    await h.close();
  }
}
