/**
 * Job-side shapes of the analysis kinds (docs/analysis.md): what main sends `analysis.ablation`,
 * `analysis.correlations` and `analysis.map`, and what they report. Results are files under the
 * SAE's folder; the shapes they hold are in src/shared/types/analysis.ts.
 */
import type { AblationMode, ProjectionMethod } from '../types/analysis';
import type { ExecutionProvider } from '../types/settings';
import type { SplitFilter } from './features';

/** Which tokens a model-reading analysis streams (as the feature pass: shard folder + split filter + budget). */
export interface TokenSource {
  saeDir: string;
  modelDir: string;
  hook: string;
  tokensDir: string;
  datasetId: string;
  split: string;
  splitFilter: SplitFilter | null;
  maxTokens: number;
  /** Tokens per batch (whole windows). */
  batchTokens: number;
  provider?: ExecutionProvider;
}

export interface AblationTaskParams extends TokenSource {
  saeId: string;
  featureIndex: number;
  mode: AblationMode;
  /** Largest increases / decreases of next-token loss kept. */
  topChanges: number;
  /** Final JSON file (AblationResult), written atomically. */
  outFile: string;
}

export interface CorrelationTaskParams extends TokenSource {
  saeId: string;
  /** Features in the matrix: the most frequent ones (per the feature pass), at most this many. */
  features: number[];
  frequencies: number[];
  /** Partners kept per feature in the summary. */
  partners: number;
  /** Folder holding summary.json + r.f32 (the [m × m] float32 matrix) and partners.json. */
  outDir: string;
}

export interface MapTaskParams {
  saeId: string;
  saeDir: string;
  method: ProjectionMethod;
  seed: number;
  /** Final JSON file (FeatureMap). */
  outFile: string;
}

/** ctx.report of every analysis task: how far it is. */
export interface AnalysisProgressReport {
  type: 'progress';
  done: number;
  total: number;
  unit: 'tokens' | 'epochs' | 'iterations' | 'steps';
}

/** Every analysis job carries these besides its task params (main finds the SAE and titles the job). */
export interface AnalysisJobTag {
  name: string;
  saeId: string;
  featureIndex?: number;
}
