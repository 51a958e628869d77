import type { Handlers } from '../dispatch';
import type { SaeImportMethod } from './import/handlers';
import type { SaesService } from './service';

export function saesHandlers(ss: SaesService): Pick<Handlers, Exclude<`saes.${string}` & keyof Handlers, SaeImportMethod>> {
  return {
    'saes.list': (filter) => ss.store.list(filter),
    'saes.get': ({ id }) => ss.get(id),
    'saes.createFromCheckpoint': ({ checkpointId, name }) => ss.createFromCheckpoint(checkpointId, name),
    'saes.rename': ({ id, name }) => ss.rename(id, name),
    'saes.delete': ({ id }) => ss.delete(id),
  };
}
