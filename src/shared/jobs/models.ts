/**
 * Job-side shapes of the model kinds (docs/models.md): what main hands `models.import`,
 * `models.download` and `models.generate`, what they report and return.
 */
import type { GenerationOptions, HookPointInfo, ModelArchitecture, ModelDtype, ModelFile } from '../types/models';
import type { ExecutionProvider } from '../types/settings';

export interface ImportModelParams {
  modelId: string;
  sourceDir: string;
  /** Where the copy goes (models/<id>); null registers the folder in place (bundled demo). */
  targetDir: string | null;
  dtype?: ModelDtype;
  /** Hard-link instead of copying (hub cache files, which nothing edits in place). */
  link?: boolean;
}

/** `models.import` as main starts it: the task's params plus the job title's name. */
/** `bundled`: the app's own demo import at start-up (the renderer does not toast it). */
export type ImportModelJobParams = ImportModelParams & { name: string; bundled?: boolean };

export interface ImportModelResult {
  path: string;
  architecture: ModelArchitecture;
  hooks: HookPointInfo[];
  hookNotes: string[];
  files: ModelFile[];
  sizeBytes: number;
}

export interface DownloadModelParams {
  modelId: string;
  name: string;
  repoId: string;
  revision: string;
  dtype?: ModelDtype;
  cacheDir: string;
  endpoint?: string;
  targetDir: string;
}

export interface GenerateParams {
  modelId: string;
  modelDir: string;
  prompt: string;
  options: GenerationOptions;
  provider?: ExecutionProvider;
}

export type GenerateJobParams = GenerateParams & { name: string };

/** One generated token, reported as it is sampled (main re-emits it as `models.token`). */
export interface GeneratedTokenReport {
  index: number;
  tokenId: number;
  text: string;
}
