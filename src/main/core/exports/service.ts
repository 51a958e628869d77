import { randomBytes } from 'node:crypto';
import { existsSync, promises as fs } from 'node:fs';
import path from 'node:path';
import { ApiError } from '../../../shared/contract/errors';
import {
  EXPORT_LAYOUT,
  type ExportFormat,
  type ExportManifest,
  type ExportPart,
  type ExportRecord,
  type ScaleOutResult,
  type ScaleOutTarget,
} from '../../../shared/types/exports';
import type { JobRecord } from '../../../shared/types/jobs';
import type { SaeRecord } from '../../../shared/types/saes';
import { SAE_CFG_FILENAME } from '../../../compute/sae/saelens-format';
import type { ExportTaskParams } from '../../../shared/jobs/exports';
import type { DatasetsService } from '../datasets/service';
import type { EventBus } from '../events';
import type { FeaturesService } from '../features/service';
import type { JobService } from '../jobs/service';
import type { ModelsService } from '../models/service';
import type { SaesService } from '../saes/service';
import type { TrainingService } from '../training/service';
import { folderBytes } from '../util/folder-size';
import { newId } from '../util/ids';
import type { Logger } from '../util/logger';
import { IMPORTED_TRAINING } from './archive-import';
import { exportedCfg, exportedConfig, type ExportSources } from './export-config';
import { METRICS_CSV_HEADER, metricsCsvRow, parseMetricsCsv } from './metrics-csv';
import { writeScaleOut } from './scale-out-files';

export const EXPORT_JOB = 'exports.write';

/** A file or folder name from a researcher's name: letters, digits, dot, dash, underscore. */
export function slug(name: string): string {
  return (
    name
      .replace(/[^A-Za-z0-9._-]+/g, '-')
      .replace(/^-+|-+$/g, '')
      .slice(0, 80) || 'export'
  );
}

export interface ExportsDeps {
  jobs: JobService;
  events: EventBus;
  saes: SaesService;
  training: TrainingService;
  models: ModelsService;
  datasets: DatasetsService;
  features: FeaturesService;
  exportsDir: string;
  dbPath: string;
  appVersion: string;
  log: Logger;
}

/**
 * Exports of SAEs and trainings (docs/interop-export.md): each under exports/<id>/ with its
 * export.json record, written whole by the `exports.write` job (staged in exports/<id>.partial-*).
 */
export class ExportsService {
  constructor(private readonly d: ExportsDeps) {
    d.jobs.onSettled(EXPORT_JOB, (job) => {
      const owner = job.params.record.owner;
      d.events.emit('exports.changed', { ownerId: owner.id });
    });
  }

  private sources(sae: SaeRecord): ExportSources {
    const model = sae.modelId ? (this.d.models.store.get(sae.modelId) ?? null) : null;
    const training = sae.trainingId ? (this.d.training.store.get(sae.trainingId) ?? null) : null;
    const datasetId = training?.datasetId ?? sae.datasetId;
    const dataset = datasetId ? (this.d.datasets.store.get(datasetId) ?? null) : null;
    return { sae, model, training, dataset, bundledProvenance: null, appVersion: this.d.appVersion };
  }

  /** The SAE an export of this owner holds: the SAE itself, or a training's newest (final-checkpoint) SAE. */
  private ownerSae(owner: { saeId: string } | { trainingId: string }): { sae: SaeRecord; owner: ExportRecord['owner'] } {
    if ('saeId' in owner) {
      const sae = this.d.saes.get(owner.saeId);
      return { sae, owner: { kind: 'sae', id: sae.id, name: sae.name } };
    }
    const t = this.d.training.get(owner.trainingId);
    const sae = this.d.saes.store.list({ trainingId: t.id })[0];
    if (!sae)
      throw new ApiError('INVALID_STATE', `"${t.name}" has no SAE yet: it gets one when the run completes (or use "Use this checkpoint")`);
    return { sae, owner: { kind: 'training', id: t.id, name: t.name } };
  }

  async start(owner: { saeId: string } | { trainingId: string }, format: ExportFormat, partsIn: ExportPart[]): Promise<JobRecord> {
    const { sae, owner: who } = this.ownerSae(owner);
    const parts = [...new Set(partsIn)];
    const s = this.sources(sae);
    if (existsSync(path.join(sae.weightsPath, 'provenance.json')))
      s.bundledProvenance = JSON.parse(await fs.readFile(path.join(sae.weightsPath, 'provenance.json'), 'utf8')) as Record<string, unknown>;
    if (parts.includes('features') && sae.featureCount === 0)
      throw new ApiError('INVALID_STATE', `"${sae.name}" has no features yet: run the feature pass first, or export without features`);
    if (parts.includes('metrics') && !s.training && !existsSync(this.importedFile(sae.id, EXPORT_LAYOUT.metrics)))
      throw new ApiError(
        'INVALID_STATE',
        `"${sae.name}" has no training metrics here (it was not trained in miStudio); export without metrics`,
      );
    const id = newId('exp');
    const stageDir = path.join(this.d.exportsDir, `${id}.partial-${randomBytes(6).toString('hex')}`);
    const content = path.join(stageDir, 'content');
    try {
      await fs.mkdir(content, { recursive: true, mode: 0o700 });
      if (parts.includes('sae')) {
        const cfg = JSON.parse(await fs.readFile(path.join(sae.weightsPath, SAE_CFG_FILENAME), 'utf8')) as Record<string, unknown>;
        await fs.mkdir(path.join(content, EXPORT_LAYOUT.sae));
        await fs.writeFile(path.join(content, EXPORT_LAYOUT.sae, SAE_CFG_FILENAME), JSON.stringify(exportedCfg(cfg, s), null, 2));
      }
      if (parts.includes('config'))
        await fs.writeFile(path.join(content, EXPORT_LAYOUT.config), JSON.stringify(exportedConfig(s), null, 2));
      if (parts.includes('metrics')) await this.writeMetrics(sae, path.join(content, EXPORT_LAYOUT.metrics));
      if (parts.includes('features')) await this.writePass(sae, path.join(content, EXPORT_LAYOUT.featurePass));
      const model = s.model?.repoId ?? s.model?.name ?? sae.modelName ?? 'unknown model';
      const manifest: ExportManifest = {
        format: 'mistudio-export',
        version: 1,
        parts,
        owner: who,
        model: { name: s.model?.name ?? sae.modelName ?? model, hubId: s.model?.repoId ?? null },
        hook: sae.hook,
        dIn: sae.dIn,
        dSae: sae.dSae,
        features: parts.includes('features') ? sae.featureCount : 0,
        exportedAt: Date.now(),
        appVersion: this.d.appVersion,
      };
      await fs.writeFile(path.join(content, EXPORT_LAYOUT.manifest), JSON.stringify(manifest, null, 2));
      const params: ExportTaskParams = {
        name: sae.name,
        stageDir,
        contentName: slug(sae.name),
        finalDir: path.join(this.d.exportsDir, id),
        format,
        weightsFile: parts.includes('sae') ? path.join(sae.weightsPath, 'sae_weights.safetensors') : null,
        features: parts.includes('features')
          ? { dbPath: this.d.dbPath, saeId: sae.id, modelId: model, hook: sae.hook, count: sae.featureCount }
          : null,
        record: { id, owner: who, format, parts, createdAt: Date.now() },
      };
      return this.d.jobs.start(EXPORT_JOB, params);
    } catch (err) {
      await fs.rm(stageDir, { recursive: true, force: true });
      throw err;
    }
  }

  private importedFile(saeId: string, name: string): string {
    return path.join(this.d.saes.dir(saeId), IMPORTED_TRAINING, name);
  }

  private async writeMetrics(sae: SaeRecord, file: string): Promise<void> {
    if (!sae.trainingId) return fs.copyFile(this.importedFile(sae.id, EXPORT_LAYOUT.metrics), file);
    const h = await fs.open(file, 'w', 0o600);
    try {
      await h.write(`${METRICS_CSV_HEADER}\n`);
      // Written in chunks of rows so a long run's history is never one string.
      const points = this.d.training.store.metrics(sae.trainingId, -1);
      for (let i = 0; i < points.length; i += 5000)
        await h.write(
          `${points
            .slice(i, i + 5000)
            .map(metricsCsvRow)
            .join('\n')}\n`,
        );
    } finally {
      await h.close();
    }
  }

  private async writePass(sae: SaeRecord, file: string): Promise<void> {
    const last = this.d.features.passes.lastCompleted(sae.id);
    if (!last) throw new ApiError('INVALID_STATE', `"${sae.name}" has no completed feature pass`);
    const pass = {
      params: last.params,
      progress: last.progress,
      summary: last.summary,
      tokenTexts: this.d.features.passes.tokenTexts(last.id),
      completedAt: last.completedAt,
    };
    await fs.writeFile(file, JSON.stringify(pass));
  }

  async list(filter: { saeId?: string; trainingId?: string }): Promise<ExportRecord[]> {
    const out: ExportRecord[] = [];
    for (const name of await fs.readdir(this.d.exportsDir).catch(() => [] as string[])) {
      if (!name.startsWith('exp_') || name.includes('.partial-')) continue;
      const rec = await fs.readFile(path.join(this.d.exportsDir, name, 'export.json'), 'utf8').then(
        (t) => JSON.parse(t) as ExportRecord,
        () => null,
      );
      if (!rec) continue;
      const ownerId = rec.owner.id;
      if (filter.saeId && !(rec.owner.kind === 'sae' && ownerId === filter.saeId)) continue;
      if (filter.trainingId && !(rec.owner.kind === 'training' && ownerId === filter.trainingId)) continue;
      out.push(rec);
    }
    return out.sort((a, b) => b.createdAt - a.createdAt);
  }

  async delete(id: string): Promise<{ freedBytes: number }> {
    if (!/^exp_[A-Za-z0-9_-]+$/.test(id)) throw new ApiError('VALIDATION', `"${id}" is not an export id`);
    const dir = path.join(this.d.exportsDir, id);
    const rec = await fs.readFile(path.join(dir, 'export.json'), 'utf8').then(
      (t) => JSON.parse(t) as ExportRecord,
      () => null,
    );
    if (!rec) throw new ApiError('NOT_FOUND', `No export with id ${id}`);
    const freedBytes = await folderBytes(dir);
    await fs.rm(dir, { recursive: true, force: true });
    this.d.events.emit('exports.changed', { ownerId: rec.owner.id });
    return { freedBytes };
  }

  async scaleOut(trainingId: string, target: ScaleOutTarget): Promise<ScaleOutResult> {
    const t = this.d.training.get(trainingId);
    const id = newId('exp');
    const r = await writeScaleOut({
      training: t,
      target,
      id,
      exportsDir: this.d.exportsDir,
      models: this.d.models,
      datasets: this.d.datasets,
    });
    this.d.events.emit('exports.changed', { ownerId: t.id });
    return r;
  }

  /** Training metrics and config an imported archive brought along. */
  async importedTraining(saeId: string): Promise<{ config: unknown; metrics: Record<string, number | null>[] } | null> {
    this.d.saes.get(saeId);
    const metrics = this.importedFile(saeId, EXPORT_LAYOUT.metrics);
    const config = this.importedFile(saeId, EXPORT_LAYOUT.config);
    if (!existsSync(metrics) && !existsSync(config)) return null;
    return {
      config: existsSync(config) ? (JSON.parse(await fs.readFile(config, 'utf8')) as unknown) : null,
      metrics: existsSync(metrics) ? parseMetricsCsv(await fs.readFile(metrics, 'utf8')) : [],
    };
  }
}
