import type { Handlers } from '../dispatch';
import type { JobService } from './service';

export function jobsHandlers(jobs: JobService): Pick<Handlers, `jobs.${string}` & keyof Handlers> {
  return {
    'jobs.list': ({ statuses, limit }) => jobs.store.list(statuses, limit ?? 200),
    'jobs.get': ({ id }) => jobs.get(id),
    'jobs.logs': ({ id, limit }) => (jobs.get(id), jobs.store.logs(id, limit ?? 1000)),
    'jobs.cancel': ({ id }) => jobs.cancel(id),
    'jobs.pause': ({ id }) => jobs.pause(id),
    'jobs.resume': ({ id }) => jobs.resume(id),
  };
}
