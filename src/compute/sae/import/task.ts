import { promises as fs } from 'node:fs';
import path from 'node:path';
import type { SaeArchitecture } from '../../../shared/types/saes';
import type { InspectSaeFolderParams, InspectSaeFolderResult, SaeFolderSummary } from '../../../shared/jobs/saes';
import { SAE_CFG_FILENAME } from '../saelens-format';
import { SaeImportError } from './errors';
import { readForeignSaeFolder } from './foreign-folder';
import { runnableSae, writeRunnableFolder } from './runnable';

export type { InspectSaeFolderParams, InspectSaeFolderResult, SaeFolderSummary } from '../../../shared/jobs/saes';

const KEPT = [
  'model_name',
  'hook_name',
  'hook_layer',
  'hook_point',
  'hook_point_layer',
  'context_size',
  'prepend_bos',
  'dataset_path',
  'normalize_activations',
  'apply_b_dec_to_input',
  'k',
  'expansion_factor',
  'num_latents',
] as const;

/**
 * Worker task `saes.inspectFolder`: reads and checks a SAELens / sparsify folder (the weights are
 * decoded whole, off the main thread) and, with a stageDir, writes the runnable folder plus the
 * source cfg verbatim as source-cfg.json. Nothing is written unless every check passed.
 */
export async function inspectSaeFolderTask(p: InspectSaeFolderParams): Promise<InspectSaeFolderResult> {
  try {
    const f = await readForeignSaeFolder(p.folder);
    const sae = runnableSae(f);
    const meta = (typeof f.cfg.metadata === 'object' && f.cfg.metadata !== null ? f.cfg.metadata : {}) as Record<string, unknown>;
    const saelens: SaeFolderSummary['saelens'] = {};
    for (const key of KEPT) {
      const v = f.cfg[key] ?? meta[key];
      if (v === null || ['string', 'number', 'boolean'].includes(typeof v)) saelens[key] = v as string | number | boolean | null;
    }
    if (p.stageDir) {
      if (!p.hook) throw new Error('inspectSaeFolder: a stageDir needs the hook');
      await writeRunnableFolder(p.stageDir, sae, p.hook);
      await fs.copyFile(path.join(p.folder, SAE_CFG_FILENAME), path.join(path.dirname(p.stageDir), 'source-cfg.json'));
    }
    return {
      ok: true,
      summary: {
        layout: f.layout,
        architecture: f.architecture,
        runsAs: sae.architecture as SaeArchitecture,
        dIn: f.dIn,
        dSae: f.dSae,
        k: f.k,
        dtype: f.dtype,
        folderHook: f.hook,
        files: f.files,
        sizeBytes: f.sizeBytes,
        saelens,
      },
    };
  } catch (err) {
    if (err instanceof SaeImportError) return { ok: false, code: err.code, message: err.message };
    throw err;
  }
}
