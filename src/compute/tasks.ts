/**
 * Every task kind the app runs off the main thread, by job kind. Each domain adds its
 * tasks here (extraction, training, tokenization, …); main registers the job kinds in
 * src/main/core/jobs/registry.ts.
 */
import { extractActivationsTask } from './activations/task';
import { exportTask } from './exports/task';
import { trainSaeTask } from './training/task';
import { downloadDatasetTask } from './datasets/download-task';
import { importDatasetTask } from './datasets/import';
import { previewTokensTask } from './datasets/preview';
import { computeDatasetStatisticsTask } from './datasets/stats';
import { tokenizeDatasetTask } from './datasets/tokenize';
import { ablationTask } from './analysis/ablation-task';
import { correlationTask } from './analysis/correlation-task';
import { featureMapTask } from './analysis/map-task';
import { featurePassTask } from './features/pass-task';
import { probeTextTask } from './features/probe-task';
import { inspectSaeFolderTask } from './sae/import/task';
import { importProbeTask } from './sae/import/probe-task';
import { downloadModelTask } from './model/download-task';
import { generateTask, importModelTask } from './model/tasks';
import type { TaskFn } from './runtime/harness';
import { computeProbes, selfTestTask } from './selftest/task';
import { steeringGenerateTask, steeringSweepTask } from './steering/task';

export const tasks: Record<string, TaskFn> = {
  'system.selftest': selfTestTask,
  'system.probes': () => computeProbes(),
  'models.import': importModelTask,
  'models.generate': generateTask,
  'models.download': downloadModelTask,
  'datasets.preview': previewTokensTask,
  'datasets.import': importDatasetTask,
  'datasets.download': downloadDatasetTask,
  'datasets.tokenize': tokenizeDatasetTask,
  'datasets.statistics': computeDatasetStatisticsTask,
  'activations.extract': extractActivationsTask,
  'training.run': trainSaeTask,
  'steering.generate': steeringGenerateTask,
  'steering.sweep': steeringSweepTask,
  'features.pass': featurePassTask,
  'features.probe': probeTextTask,
  'analysis.ablation': ablationTask,
  'analysis.correlations': correlationTask,
  'analysis.map': featureMapTask,
  'saes.inspectFolder': inspectSaeFolderTask,
  'saes.importProbe': importProbeTask,
  'exports.write': exportTask,
};
