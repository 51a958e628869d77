import type { Handlers } from '../dispatch';
import type { TrainingService } from '../training/service';
import type { ActivationsService } from './service';

export function activationsHandlers(as: ActivationsService, training: TrainingService): Pick<Handlers, `activations.${string}` & keyof Handlers> {
  return {
    'activations.list': () => as.store.list(),
    'activations.get': ({ id }) => as.get(id),
    'activations.extract': ({ config }) => as.extract(config),
    'activations.delete': ({ id }) => as.delete(id, (setId) => training.userOfActivationSet(setId)),
  };
}
