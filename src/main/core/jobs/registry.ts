import type { JobKind, JobParams, JobPool } from '../../../shared/jobs/kinds';

/** What main needs to know of a job kind: which pool runs it and its title. */
export interface JobKindSpec<K extends JobKind> {
  pool: JobPool<K>;
  title: (params: JobParams<K>) => string;
  /**
   * Cooperative only: a cancel never terminates the thread. For tasks inside ONNX Runtime
   * calls: terminating a worker thread mid-run makes onnxruntime-node throw a Napi::Error
   * during teardown, which aborts the whole process. These tasks check for cancel at every
   * step / batch, so they stop promptly anyway.
   */
  cooperativeCancel?: boolean;
}

/** Every kind of src/shared/jobs/kinds.ts, and nothing else (`satisfies` makes either a compile error). */
export type JobKindRegistry = { [K in JobKind]: JobKindSpec<K> };

/** Job kinds the app runs. Ephemeral kinds (no job row) carry a title too; it is never shown. */
export const jobKinds = {
  'system.selftest': { pool: 'cpu', title: () => 'Doctor self-test' },
  'system.probes': { pool: 'cpu', title: () => 'Compute probes' },
  'models.import': { pool: 'io', title: (p) => `Import model ${p.name}` },
  'models.download': { pool: 'io', title: (p) => `Download ${p.name}` },
  'models.generate': { pool: 'cpu', title: (p) => `Generate with ${p.name}`, cooperativeCancel: true },
  'datasets.preview': { pool: 'cpu', title: () => 'Token preview' },
  'datasets.import': { pool: 'cpu', title: (p) => `Import dataset ${p.name}` },
  'datasets.download': { pool: 'io', title: (p) => `Download dataset ${p.name}` },
  'datasets.tokenize': { pool: 'cpu', title: (p) => `Tokenize ${p.name}` },
  'datasets.statistics': { pool: 'cpu', title: (p) => `Statistics of ${p.name}` },
  'activations.extract': { pool: 'gpu', title: (p) => `Extract activations: ${p.name}`, cooperativeCancel: true },
  'training.run': { pool: 'gpu', title: (p) => `Train SAE: ${p.name}`, cooperativeCancel: true },
  'steering.generate': { pool: 'cpu', title: (p) => `Steer with ${p.name ?? ''}`, cooperativeCancel: true },
  'steering.sweep': { pool: 'cpu', title: (p) => `Steering sweep: ${p.name ?? ''}`, cooperativeCancel: true },
  'features.pass': { pool: 'gpu', title: (p) => `Feature pass: ${p.name}`, cooperativeCancel: true },
  'features.probe': { pool: 'cpu', title: () => 'Probe text', cooperativeCancel: true },
  'analysis.ablation': { pool: 'gpu', title: (p) => `Ablation: ${p.name}`, cooperativeCancel: true },
  'analysis.correlations': { pool: 'gpu', title: (p) => `Feature correlations: ${p.name}`, cooperativeCancel: true },
  'analysis.map': { pool: 'cpu', title: (p) => `Feature map: ${p.name}`, cooperativeCancel: true },
  'saes.inspectFolder': { pool: 'cpu', title: () => 'Read an SAE folder' },
  'saes.importProbe': { pool: 'cpu', title: () => 'Measure an imported SAE' },
  'exports.write': { pool: 'io', title: (p) => `Export ${p.name}` },
} satisfies JobKindRegistry;
