import type { ImportDatasetParams } from '../../../compute/datasets/import';
import type { DatasetFormat, TokenizationSettings } from '../../../shared/types/datasets';

/** What main hands the dataset tasks and gets back (the tasks live in src/compute/datasets). */
export interface DatasetJobs {
  import: {
    datasetId: string;
    name: string;
    dbPath: string;
    files: { path: string; format: DatasetFormat; split?: string }[];
    options: ImportDatasetParams['options'];
    datasetDir: string;
  };
  importResult: { sampleCount: number; splits: Record<string, number>; sizeBytes: number; skipped?: Record<string, number>; format: DatasetFormat };
  download: {
    datasetId: string;
    name: string;
    dbPath: string;
    datasetDir: string;
    repoId: string;
    config: string;
    splits: string[];
    textColumn: string;
    cacheDir: string;
    endpoint: string | undefined;
  };
  tokenize: { datasetId: string; name: string; modelId: string; modelName: string; dbPath: string; modelDir: string; settings: TokenizationSettings; outDir: string };
  tokenizeResult: { path: string; totals: { rows: number; tokens: number; contentTokens: number; droppedTokens: number } };
  statistics: { datasetId: string; name: string; dbPath: string; modelDir: string };
}
