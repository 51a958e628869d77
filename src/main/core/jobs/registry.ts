import type { PoolName } from '../../../shared/types/jobs';

/** What main needs to know of a job kind: which pool runs it and its title. */
export interface JobKindSpec {
  pool: PoolName;
  title: (params: unknown) => string;
}

/** Job kinds the app runs. Domains add theirs (models.download → io, training.run → gpu, …). */
export const jobKinds: Record<string, JobKindSpec> = {
  'system.selftest': { pool: 'cpu', title: () => 'Doctor self-test' },
};
