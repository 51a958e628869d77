import type { PoolName } from '../../../shared/types/jobs';

/** What main needs to know of a job kind: which pool runs it and its title. */
export interface JobKindSpec {
  pool: PoolName;
  title: (params: unknown) => string;
}

/** Job kinds the app runs. Domains add theirs (models.download → io, training.run → gpu, …). */
export const jobKinds: Record<string, JobKindSpec> = {
  'system.selftest': { pool: 'cpu', title: () => 'Doctor self-test' },
  'models.import': { pool: 'io', title: (p) => `Import model ${name(p)}` },
  'models.download': { pool: 'io', title: (p) => `Download ${name(p)}` },
  'models.generate': { pool: 'cpu', title: (p) => `Generate with ${name(p)}` },
  'datasets.import': { pool: 'cpu', title: (p) => `Import dataset ${name(p)}` },
  'datasets.download': { pool: 'io', title: (p) => `Download dataset ${name(p)}` },
  'datasets.tokenize': { pool: 'cpu', title: (p) => `Tokenize ${name(p)}` },
  'datasets.statistics': { pool: 'cpu', title: (p) => `Statistics of ${name(p)}` },
};

function name(params: unknown): string {
  const n = (params as { name?: unknown } | null)?.name;
  return typeof n === 'string' ? n : '';
}
