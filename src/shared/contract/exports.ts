import { z } from 'zod';
import { method } from './define';
import type { SaeRecord } from '../types/saes';
import type { JobRecord } from '../types/jobs';
import {
  EXPORT_FORMATS,
  EXPORT_PARTS,
  SCALE_OUT_TARGETS,
  type ArchiveInspection,
  type ExportRecord,
  type ScaleOutResult,
} from '../types/exports';

const id = z.string().min(1).max(64);
/** An archive on this machine: absolute, no NUL (checked again against the file system). */
const archivePath = z
  .string()
  .min(1)
  .max(4096)
  .refine((p) => !p.includes('\0'), 'path contains a NUL byte');

const owner = z.union([z.object({ saeId: id }).strict(), z.object({ trainingId: id }).strict()]);

export const exportsMethods = {
  /**
   * Export an SAE (or a training's final SAE) as a job: the SAELens folder, features, metrics CSV and
   * config, as a folder, .zip or .tar.gz. The export is listed once the job completes.
   */
  'exports.start': method<JobRecord>()(
    z
      .object({
        owner,
        format: z.enum(EXPORT_FORMATS),
        parts: z.array(z.enum(EXPORT_PARTS)).min(1).max(EXPORT_PARTS.length),
      })
      .strict(),
  ),
  /** Finished exports of an SAE or training, newest first, with their sizes. */
  'exports.list': method<ExportRecord[]>()(z.object({ saeId: id.optional(), trainingId: id.optional() }).strict()),
  'exports.delete': method<{ freedBytes: number }>()(z.object({ id }).strict()),
  /** "Export as a SAELens training script" / "as a sparsify command" for a run. */
  'exports.scaleOut': method<ScaleOutResult>()(z.object({ trainingId: id, target: z.enum(SCALE_OUT_TARGETS) }).strict()),
  /** Reads an archive end to end and says what it holds, writing nothing. */
  'exports.inspectArchive': method<ArchiveInspection>()(z.object({ path: archivePath }).strict()),
  /** Imports an archive of ours as a new SAE on a model (with its features and training metrics when present). */
  'exports.importArchive': method<SaeRecord>()(
    z.object({ path: archivePath, modelId: id, name: z.string().trim().min(1).max(200).optional() }).strict(),
  ),
  /** Training metrics and config an imported archive brought (null when it had none). */
  'exports.importedTraining': method<{ config: unknown; metrics: Record<string, number | null>[] } | null>()(
    z.object({ saeId: id }).strict(),
  ),
};
