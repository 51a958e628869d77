import type { Handlers } from '../dispatch';
import type { SaesService } from './service';

export function saesHandlers(ss: SaesService): Pick<Handlers, `saes.${string}` & keyof Handlers> {
  return {
    'saes.list': (filter) => ss.store.list(filter),
    'saes.get': ({ id }) => ss.get(id),
    'saes.createFromCheckpoint': ({ checkpointId, name }) => ss.createFromCheckpoint(checkpointId, name),
    'saes.rename': ({ id, name }) => ss.rename(id, name),
    'saes.delete': ({ id }) => ss.delete(id),
  };
}
