import { ApiError } from '../../../shared/contract/errors';
import type { Handlers } from '../dispatch';

// Transitional: the features/SAE services land in the next commits of this branch.
const pending = (): never => {
  throw new ApiError('INTERNAL', 'Features are being built on this branch');
};

export function featuresHandlers(): Pick<Handlers, (`features.${string}` | `saes.${string}`) & keyof Handlers> {
  return {
    'saes.list': pending,
    'saes.get': pending,
    'saes.createFromCheckpoint': pending,
    'saes.rename': pending,
    'saes.delete': pending,
    'features.startPass': pending,
    'features.passStatus': pending,
    'features.passes': pending,
    'features.cancelPass': pending,
    'features.list': pending,
    'features.get': pending,
    'features.examples': pending,
    'features.update': pending,
    'features.probe': pending,
  };
}
