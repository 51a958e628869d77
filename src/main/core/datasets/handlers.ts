import { importOptionsSchema } from '../../../shared/contract/datasets';
import type { Handlers } from '../dispatch';
import type { DatasetsService } from './service';

export function datasetsHandlers(ds: DatasetsService): Pick<Handlers, `datasets.${string}` & keyof Handlers> {
  return {
    'datasets.list': () => ds.store.list(),
    'datasets.get': ({ id }) => ds.get(id),
    'datasets.importFile': ({ path, name, options }) => ds.importFile(path, name, options ?? importOptionsSchema.parse({})),
    'datasets.downloadHf': ({ repoId, config, splits, textColumn }) => ds.downloadHf(repoId, config, splits, textColumn),
    'datasets.delete': ({ id }) => ds.delete(id),
    'datasets.samples': (q) => (ds.get(q.id), ds.store.samples(q)),
    'datasets.previewTokens': ({ modelId, text, addSpecialTokens }) => ds.previewTokens(modelId, text, addSpecialTokens),
    'datasets.tokenize': ({ id, modelId, settings }) => ds.tokenize(id, modelId, settings),
  };
}
