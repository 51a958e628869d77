/**
 * Worker-side contract of the analysis tasks (docs/analysis.md): what main sends and what each
 * task returns (defined in src/shared/jobs/analysis.ts, re-exported here). Results are files
 * under the SAE's folder; the shapes they hold are in src/shared/types/analysis.ts.
 */
import type {
  AblationTaskParams,
  AnalysisJobTag,
  AnalysisProgressReport,
  CorrelationTaskParams,
  MapTaskParams,
  TokenSource,
} from '../../shared/jobs/analysis';

export const ABLATION_TASK = 'analysis.ablation';
export const CORRELATION_TASK = 'analysis.correlations';
export const MAP_TASK = 'analysis.map';

export type { AblationTaskParams, AnalysisJobTag, AnalysisProgressReport, CorrelationTaskParams, MapTaskParams, TokenSource };
