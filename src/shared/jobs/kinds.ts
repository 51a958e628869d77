/**
 * Every job kind, typed end to end (docs/architecture.md "Job kinds"): the job-side twin of the
 * contract. For each kind: the params main sends the worker, the reports the task streams with
 * ctx.report, the result it returns, and the pool that runs it. The task registry
 * (src/compute/tasks.ts) and main's registry (src/main/core/jobs/registry.ts) are checked
 * against this map, so a kind missing on either side does not compile.
 */
import type { AblationResult, CorrelationSummary, FeatureMap } from '../types/analysis';
import type { TokenPreview } from '../types/datasets';
import type { GenerationResult } from '../types/models';
import type { SteeringGenerateReport, SteeringGenerateResult, SteeringSweepReport, SteeringSweepResult } from '../types/steering';
import type { ComputeProbes, SelfTestResult } from '../types/system';
import type { ExtractActivationsResult, ExtractJobParams } from './activations';
import type { AblationTaskParams, AnalysisJobTag, AnalysisProgressReport, CorrelationTaskParams, MapTaskParams } from './analysis';
import type {
  DatasetStatisticsJobParams,
  DatasetStatisticsResult,
  DownloadDatasetParams,
  ImportDatasetJobParams,
  ImportDatasetResult,
  PreviewParams,
  TokenizeDatasetJobParams,
  TokenizeDatasetJobResult,
} from './datasets';
import type { FeaturePassJobParams, FeaturePassReport, FeaturePassTaskResult, ProbeTaskParams, ProbeTaskResult } from './features';
import type { DownloadModelParams, GeneratedTokenReport, GenerateJobParams, ImportModelJobParams, ImportModelResult } from './models';
import type { ExportRecord } from '../types/exports';
import type { ExportTaskParams } from './exports';
import type { ImportProbeParams, ImportProbeResult, InspectSaeFolderParams, InspectSaeFolderResult } from './saes';
import type { SteeringGenerateJobParams, SteeringSweepJobParams } from './steering';
import type { TrainingReport, TrainJobParams, TrainSaeResult } from './training';

/** Which worker pool runs a job kind: gpu = one at a time (training, extraction), io = downloads, cpu = N. */
export type PoolName = 'gpu' | 'io' | 'cpu';

/** `report: never` = the task streams nothing (progress and logs only). */
interface Kind<Params, Report, Result, Pool extends PoolName> {
  params: Params;
  report: Report;
  result: Result;
  pool: Pool;
}

export interface JobKinds {
  'system.selftest': Kind<Record<string, never>, never, SelfTestResult, 'cpu'>;
  /** Ephemeral (no job row): what the doctor asks the worker about tfjs and ONNX Runtime. */
  'system.probes': Kind<null, never, ComputeProbes, 'cpu'>;
  'models.import': Kind<ImportModelJobParams, never, ImportModelResult, 'io'>;
  'models.download': Kind<DownloadModelParams, never, ImportModelResult, 'io'>;
  'models.generate': Kind<GenerateJobParams, GeneratedTokenReport, GenerationResult, 'cpu'>;
  /** Ephemeral: the tokenizer preview of the Datasets tab. */
  'datasets.preview': Kind<PreviewParams, never, TokenPreview, 'cpu'>;
  'datasets.import': Kind<ImportDatasetJobParams, never, ImportDatasetResult, 'cpu'>;
  'datasets.download': Kind<DownloadDatasetParams, never, ImportDatasetResult, 'io'>;
  'datasets.tokenize': Kind<TokenizeDatasetJobParams, never, TokenizeDatasetJobResult, 'cpu'>;
  'datasets.statistics': Kind<DatasetStatisticsJobParams, never, DatasetStatisticsResult, 'cpu'>;
  'activations.extract': Kind<ExtractJobParams, never, ExtractActivationsResult, 'gpu'>;
  'training.run': Kind<TrainJobParams, TrainingReport, TrainSaeResult, 'gpu'>;
  'steering.generate': Kind<SteeringGenerateJobParams, SteeringGenerateReport, SteeringGenerateResult, 'cpu'>;
  'steering.sweep': Kind<SteeringSweepJobParams, SteeringSweepReport, SteeringSweepResult, 'cpu'>;
  'features.pass': Kind<FeaturePassJobParams, FeaturePassReport, FeaturePassTaskResult, 'gpu'>;
  /** Ephemeral: probe a text with an SAE (Features tab). */
  'features.probe': Kind<ProbeTaskParams, never, ProbeTaskResult, 'cpu'>;
  'analysis.ablation': Kind<AblationTaskParams & AnalysisJobTag, AnalysisProgressReport, AblationResult, 'gpu'>;
  'analysis.correlations': Kind<CorrelationTaskParams & AnalysisJobTag, AnalysisProgressReport, CorrelationSummary, 'gpu'>;
  'analysis.map': Kind<MapTaskParams & AnalysisJobTag, AnalysisProgressReport, FeatureMap, 'cpu'>;
  /** Ephemeral: read and check an SAE folder (and write its runnable copy) off the main thread. */
  'saes.inspectFolder': Kind<InspectSaeFolderParams, never, InspectSaeFolderResult, 'cpu'>;
  /** Ephemeral: explained variance and L0 of a just-imported SAE on a few hundred tokens. */
  'saes.importProbe': Kind<ImportProbeParams, never, ImportProbeResult, 'cpu'>;
  'exports.write': Kind<ExportTaskParams, never, ExportRecord, 'io'>;
}

export type JobKind = keyof JobKinds;
export type JobParams<K extends JobKind> = JobKinds[K]['params'];
export type JobReport<K extends JobKind> = JobKinds[K]['report'];
export type JobResult<K extends JobKind> = JobKinds[K]['result'];
export type JobPool<K extends JobKind> = JobKinds[K]['pool'];
