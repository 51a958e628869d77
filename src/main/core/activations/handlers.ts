import type { Handlers } from '../dispatch';
import type { ActivationsService } from './service';

/** `trainingOf` names the unfinished training that reads a set (deleting it is refused then). */
export function activationsHandlers(
  as: ActivationsService,
  trainingOf: (setId: string) => string | null,
): Pick<Handlers, `activations.${string}` & keyof Handlers> {
  return {
    'activations.list': () => as.store.list(),
    'activations.get': ({ id }) => as.get(id),
    'activations.extract': ({ config }) => as.extract(config),
    'activations.delete': ({ id }) => as.delete(id, trainingOf),
  };
}
