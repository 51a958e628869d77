import type { Handlers } from '../../dispatch';
import { importSaeFolder, inspectSaeFolder, type SaeImportContext } from './import-folder';
import { startImportProbe } from './probe';

export type SaeImportMethod = 'saes.inspectFolder' | 'saes.importFolder' | 'saes.probeImport';

export function saeImportHandlers(ctx: SaeImportContext): Pick<Handlers, SaeImportMethod> {
  return {
    'saes.inspectFolder': (args) => inspectSaeFolder(ctx, args),
    'saes.importFolder': (args) => importSaeFolder(ctx, args),
    'saes.probeImport': ({ id, datasetId }) => startImportProbe(ctx, id, datasetId),
  };
}
