import type { Handlers } from '../dispatch';
import type { ModelsService } from './service';

export function modelsHandlers(models: ModelsService): Pick<Handlers, `models.${string}` & keyof Handlers> {
  return {
    'models.list': () => models.store.list(),
    'models.get': ({ id }) => models.get(id),
    'models.import': ({ path, name, dtype }) => models.importFolder(path, name, dtype),
    'models.download': ({ repoId, revision, dtype }) => models.download(repoId, revision, dtype),
    'models.delete': ({ id }) => models.delete(id),
    'models.generate': ({ modelId, prompt, options }) => models.generate(modelId, prompt, options),
  };
}
