import type { Handlers } from '../dispatch';
import type { SweepsService } from './service';

export function sweepsHandlers(s: SweepsService): Pick<Handlers, `sweeps.${string}` & keyof Handlers> {
  return {
    'sweeps.list': () => s.list(),
    'sweeps.get': ({ id }) => s.get(id),
    'sweeps.create': ({ name, base, points }) => s.create(base, points, name),
    'sweeps.stop': ({ id }) => s.stop(id),
    'sweeps.delete': ({ id, deleteRuns }) => s.delete(id, deleteRuns),
  };
}
