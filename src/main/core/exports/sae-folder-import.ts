import { promises as fs } from 'node:fs';
import path from 'node:path';
import { ApiError } from '../../../shared/contract/errors';
import type { SaeRecord } from '../../../shared/types/saes';
import type { ModelsService } from '../models/service';
import { readSaeShape } from '../saes/cfg';
import type { SaesService } from '../saes/service';
import { folderBytes } from '../util/folder-size';
import { newId } from '../util/ids';
import { linkWeightsFolder } from '../saes/weights-folder';

/** What an archive import hands the SAE folder importer: a checked SAELens folder, the model, and a name. */
export interface SaeFolderImportRequest {
  folder: string;
  modelId: string;
  name: string;
  /** Shown as the SAE's provenance ("imported from <archive>"). */
  importedFrom: string;
  datasetId: string | null;
}

/**
 * The seam to the SAE folder import (docs/interop-export.md "Archives"): validate the folder against
 * the model (hook present, d_in = the model's width), then write the SAE record (source = import).
 * `ourFolderImporter` handles the layout our exports write (float32 SAELens, already checked whole by
 * archive-inspect.ts: safetensors headers against the bytes, shapes against cfg). The general
 * SAELens/sparsify importer (saes/import/import-folder.ts) is not used here: it converts foreign
 * layouts, which our archives never hold, and it refuses folders inside the data dir, where the
 * archive's stage lives.
 */
export type SaeFolderImporter = (req: SaeFolderImportRequest) => Promise<SaeRecord>;

export function ourFolderImporter(saes: SaesService, models: ModelsService): SaeFolderImporter {
  return async (req) => {
    const shape = await readSaeShape(req.folder);
    const m = models.get(req.modelId);
    if (m.status !== 'ready' || !m.architecture) throw new ApiError('INVALID_STATE', `${m.name} is not ready (${m.status})`);
    if (!m.hooks.some((h) => h.name === shape.hook)) {
      throw new ApiError(
        'VALIDATION',
        `${m.name} has no hook ${shape.hook} (it has ${m.hooks
          .slice(0, 4)
          .map((h) => h.name)
          .join(', ')}, …). Nothing was written.`,
      );
    }
    if (shape.dIn !== m.architecture.dModel)
      throw new ApiError(
        'VALIDATION',
        `the SAE reads d_in = ${shape.dIn} but ${m.name}'s ${shape.hook} is ${m.architecture.dModel} wide. Nothing was written.`,
      );
    const id = newId('sae');
    const weights = path.join(saes.dir(id), 'weights');
    await fs.mkdir(saes.dir(id), { recursive: true });
    try {
      await linkWeightsFolder(req.folder, weights);
      const now = Date.now();
      saes.store.insert({
        id,
        name: req.name,
        source: 'import',
        modelId: m.id,
        datasetId: req.datasetId,
        hook: shape.hook,
        dIn: shape.dIn,
        dSae: shape.dSae,
        architecture: shape.architecture,
        k: shape.k,
        hasThreshold: shape.hasThreshold,
        dtype: shape.dtype,
        weightsPath: weights,
        provenance: { createdBy: 'import', importedFrom: req.importedFrom, saelens: shape.saelens },
        sizeBytes: await folderBytes(weights),
        createdAt: now,
        updatedAt: now,
      });
    } catch (err) {
      await fs.rm(saes.dir(id), { recursive: true, force: true });
      throw err;
    }
    saes.changed(id);
    return saes.get(id);
  };
}
