import type { Handlers } from '../dispatch';
import type { ArchiveInspection } from '../../../shared/types/exports';
import { importArchive, type ArchiveImportDeps } from './archive-import';
import { inspectArchive } from './archive-inspect';
import type { ExportsService } from './service';

export function exportsHandlers(es: ExportsService, imports: ArchiveImportDeps): Pick<Handlers, `exports.${string}` & keyof Handlers> {
  return {
    'exports.start': ({ owner, format, parts }) => es.start(owner, format, parts),
    'exports.list': (filter) => es.list(filter),
    'exports.delete': ({ id }) => es.delete(id),
    'exports.scaleOut': ({ trainingId, target }) => es.scaleOut(trainingId, target),
    'exports.inspectArchive': async ({ path }) => {
      const { path: p, kind, sizeBytes, unpackedBytes, entries, parts, manifest, sae }: ArchiveInspection = await inspectArchive(path);
      return { path: p, kind, sizeBytes, unpackedBytes, entries, parts, manifest, sae };
    },
    'exports.importArchive': ({ path, modelId, name }) => importArchive(imports, path, modelId, name),
    'exports.importedTraining': ({ saeId }) => es.importedTraining(saeId),
  };
}
