import type { PoolName } from '../../../shared/types/jobs';

/** What main needs to know of a job kind: which pool runs it and its title. */
export interface JobKindSpec {
  pool: PoolName;
  title: (params: unknown) => string;
  /**
   * Cooperative only: a cancel never terminates the thread. For tasks inside ONNX Runtime
   * calls: terminating a worker thread mid-run makes onnxruntime-node throw a Napi::Error
   * during teardown, which aborts the whole process. These tasks check for cancel at every
   * step / batch, so they stop promptly anyway.
   */
  cooperativeCancel?: boolean;
}

/** Job kinds the app runs. Domains add theirs (models.download → io, training.run → gpu, …). */
export const jobKinds: Record<string, JobKindSpec> = {
  'system.selftest': { pool: 'cpu', title: () => 'Doctor self-test' },
  'models.import': { pool: 'io', title: (p) => `Import model ${name(p)}` },
  'models.download': { pool: 'io', title: (p) => `Download ${name(p)}` },
  'models.generate': { pool: 'cpu', title: (p) => `Generate with ${name(p)}`, cooperativeCancel: true },
  'datasets.import': { pool: 'cpu', title: (p) => `Import dataset ${name(p)}` },
  'datasets.download': { pool: 'io', title: (p) => `Download dataset ${name(p)}` },
  'datasets.tokenize': { pool: 'cpu', title: (p) => `Tokenize ${name(p)}` },
  'datasets.statistics': { pool: 'cpu', title: (p) => `Statistics of ${name(p)}` },
  'activations.extract': { pool: 'gpu', title: (p) => `Extract activations: ${name(p)}`, cooperativeCancel: true },
  'training.run': { pool: 'gpu', title: (p) => `Train SAE: ${name(p)}`, cooperativeCancel: true },
  'steering.generate': { pool: 'cpu', title: (p) => `Steer with ${name(p)}`, cooperativeCancel: true },
  'steering.sweep': { pool: 'cpu', title: (p) => `Steering sweep: ${name(p)}`, cooperativeCancel: true },
  'features.pass': { pool: 'gpu', title: (p) => `Feature pass: ${name(p)}`, cooperativeCancel: true },
  'analysis.ablation': { pool: 'gpu', title: (p) => `Ablation: ${name(p)}`, cooperativeCancel: true },
  'analysis.correlations': { pool: 'gpu', title: (p) => `Feature correlations: ${name(p)}`, cooperativeCancel: true },
  'analysis.map': { pool: 'cpu', title: (p) => `Feature map: ${name(p)}`, cooperativeCancel: true },
  'exports.write': { pool: 'io', title: (p) => `Export ${name(p)}` },
};

function name(params: unknown): string {
  const n = (params as { name?: unknown } | null)?.name;
  return typeof n === 'string' ? n : '';
}
