/** Job-side shapes of `exports.write` (docs/interop-export.md "Export"). */
import type { ExportFormat, ExportRecord } from '../types/exports';

/** What main hands the export job (src/main/core/exports/service.ts prepares the stage). */
export interface ExportTaskParams {
  name: string;
  /** `exports/<id>.partial-<hex>`: main wrote `content/` (cfg.json, config.json, metrics.csv, the manifest) into it. */
  stageDir: string;
  /** File or folder name of the export (a slug of the SAE's name). */
  contentName: string;
  /** `exports/<id>`: appears whole by one rename, holding the export and export.json. */
  finalDir: string;
  format: ExportFormat;
  /** sae_weights.safetensors to copy byte for byte into content/sae/ (null: no SAE part). */
  weightsFile: string | null;
  features: { dbPath: string; saeId: string; modelId: string; hook: string; count: number } | null;
  record: Omit<ExportRecord, 'path' | 'sizeBytes'>;
}
