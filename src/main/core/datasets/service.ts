import { existsSync, promises as fs } from 'node:fs';
import path from 'node:path';
import type Database from 'better-sqlite3';
import type { z } from 'zod';
import type { importOptionsSchema } from '../../../shared/contract/datasets';
import { ApiError } from '../../../shared/contract/errors';
import type { DatasetFormat, DatasetRecord, TokenizationSettings, TokenPreview } from '../../../shared/types/datasets';
import type { JobRecord } from '../../../shared/types/jobs';
import type { Db } from '../db/connection';
import type { EventBus } from '../events';
import type { JobService } from '../jobs/service';
import type { ModelsService } from '../models/service';
import { newId } from '../util/ids';
import type { Logger } from '../util/logger';
import { DatasetStore } from './store';
import type {
  DatasetStatisticsJobParams,
  DownloadDatasetParams,
  ImportDatasetJobParams,
  ImportOptions as ReaderImportOptions,
  TokenizeDatasetJobParams,
} from '../../../shared/jobs/datasets';
import { checkImportFile } from '../storage/import-source';

export type ImportOptions = z.output<typeof importOptionsSchema>;

/** Deleting at least this many samples compacts the search index and returns its pages to the disk (docs/security.md). */
const COMPACT_AFTER_SAMPLES = 1000;

const FORMATS: Record<string, DatasetFormat> = {
  '.txt': 'txt',
  '.jsonl': 'jsonl',
  '.json': 'jsonl',
  '.csv': 'csv',
  '.tsv': 'tsv',
  '.parquet': 'parquet',
};

/** Datasets (docs/datasets.md): rows + samples in SQLite, raw files and token shards under datasets/<id>/. */
export class DatasetsService {
  readonly store: DatasetStore;
  /** Set by the core: what (a training, an extraction) is reading this dataset now, if anything. */
  /** Set by the core: many rows were just deleted (their pages can go back to the disk). */
  afterLargeDelete: (what: string) => void = () => undefined;

  private refuseInUse(d: DatasetRecord, verb: string): void {
    const user = this.inUse(d.id);
    if (user) throw new ApiError('CONFLICT', `Cannot ${verb} ${d.name}: ${user} is using it; stop that first.`);
  }

  constructor(
    db: Db,
    sqlite: Database.Database,
    private readonly dbPath: string,
    private readonly jobs: JobService,
    private readonly events: EventBus,
    private readonly models: ModelsService,
    private readonly datasetsDir: string,
    private readonly log: Logger,
    private readonly hub: { cacheDir: () => string; endpoint: string | undefined; token: () => string | null },
    /** Who reads this dataset now (a training, an extraction), or null: deleting or re-tokenizing it is refused then. */
    private readonly inUse: (id: string) => string | null,
  ) {
    this.store = new DatasetStore(db, sqlite);
    jobs.onSettled('datasets.import', (j) => this.onImportSettled(j));
    jobs.onSettled('datasets.download', (j) => this.onImportSettled(j));
    jobs.onSettled('datasets.tokenize', (j) => this.onTokenizeSettled(j));
    jobs.onSettled('datasets.statistics', (j) => this.onStatisticsSettled(j));
  }

  private compactAfterDelete(what: string): void {
    try {
      this.store.compactSearchIndex();
    } catch (err) {
      this.log.warn(`could not compact the sample search index after ${what}: ${err instanceof Error ? err.message : String(err)}`);
    }
    this.afterLargeDelete(what);
  }

  private changed(id: string): void {
    this.events.emit('datasets.changed', { id });
  }

  get(id: string): DatasetRecord {
    const d = this.store.get(id);
    if (!d) throw new ApiError('NOT_FOUND', `No dataset with id ${id}`);
    return d;
  }

  dir(id: string): string {
    return path.join(this.datasetsDir, id);
  }

  /** Start-up: drop imports that never finished, reset interrupted tokenizations, register the demo corpus. */
  async reconcile(demoDir: string | null): Promise<void> {
    for (const d of this.store.list()) {
      if (d.status === 'importing') {
        this.store.delete(d.id);
        await fs.rm(this.dir(d.id), { recursive: true, force: true });
        this.log.warn(`removed dataset ${d.name}: its import did not finish`);
        this.compactAfterDelete(`unfinished import of ${d.name}`);
      } else if (d.status === 'tokenizing') {
        this.store.update(d.id, { status: d.tokenization ? 'tokenized' : 'ready' });
      }
    }
    if (!demoDir || !existsSync(path.join(demoDir, 'dataset.json'))) return;
    if (this.store.list().some((d) => d.source === 'bundled')) return;
    const manifest = JSON.parse(await fs.readFile(path.join(demoDir, 'dataset.json'), 'utf8')) as {
      name: string;
      description?: string;
      text_field?: string;
      splits: Record<string, { file: string }>;
    };
    const files = Object.entries(manifest.splits).map(([split, s]) => ({
      path: path.join(demoDir, s.file),
      format: 'jsonl' as const,
      split,
    }));
    this.startImport({
      name: manifest.name,
      description: manifest.description ?? null,
      source: 'bundled',
      sourceRef: demoDir,
      format: 'jsonl',
      files,
      options: { textField: manifest.text_field ?? 'text', splitMode: 'from-data' },
    });
  }

  importFile(file: string, name: string | undefined, options: Partial<ImportOptions>): JobRecord {
    // Regular files outside the data dir only (docs/security.md); links resolved.
    const p = checkImportFile(file, path.dirname(this.datasetsDir));
    const shown = path.resolve(file);
    const format = options.format ?? FORMATS[path.extname(shown).toLowerCase()] ?? FORMATS[path.extname(p).toLowerCase()];
    if (!format)
      throw new ApiError(
        'VALIDATION',
        `Cannot tell the format of ${path.basename(shown)}: use .txt, .jsonl, .csv, .tsv or .parquet (or pick a format)`,
      );
    return this.startImport({
      name: name ?? path.basename(shown),
      description: null,
      source: 'local',
      sourceRef: p,
      format,
      files: [{ path: p, format }],
      options,
    });
  }

  private startImport(o: {
    name: string;
    description: string | null;
    source: DatasetRecord['source'];
    sourceRef: string;
    format: DatasetFormat;
    files: { path: string; format: DatasetFormat; split?: string }[];
    options: Partial<ImportOptions>;
  }): JobRecord {
    const id = newId('ds');
    const now = Date.now();
    this.store.insert({
      id,
      name: o.name,
      description: o.description,
      source: o.source,
      sourceRef: o.sourceRef,
      format: o.format,
      status: 'importing',
      createdAt: now,
      updatedAt: now,
    });
    this.changed(id);
    const params: ImportDatasetJobParams = {
      datasetId: id,
      name: o.name,
      dbPath: this.dbPath,
      files: o.files,
      options: readerOptions(o.options),
      datasetDir: this.dir(id),
      ...(o.source === 'bundled' ? { bundled: true } : {}),
    };
    return this.jobs.start('datasets.import', params);
  }

  downloadHf(repoId: string, config: string, splits: string[], textColumn: string): JobRecord {
    const id = newId('ds');
    const now = Date.now();
    this.store.insert({
      id,
      name: `${repoId} (${splits.join(', ')})`,
      source: 'hf',
      sourceRef: `${repoId}/${config}`,
      format: 'parquet',
      status: 'importing',
      createdAt: now,
      updatedAt: now,
    });
    this.changed(id);
    const params: DownloadDatasetParams = {
      datasetId: id,
      name: repoId,
      dbPath: this.dbPath,
      datasetDir: this.dir(id),
      repoId,
      config,
      splits,
      textColumn,
      cacheDir: this.hub.cacheDir(),
      endpoint: this.hub.endpoint,
    };
    const token = this.hub.token();
    return this.jobs.start('datasets.download', params, token ? { hfToken: token } : undefined);
  }

  private onImportSettled(job: JobRecord<'datasets.import' | 'datasets.download'>): void {
    const { datasetId } = job.params;
    const r = job.result;
    if (job.status === 'completed' && r) {
      this.store.update(datasetId, {
        status: 'ready',
        sampleCount: r.sampleCount,
        splits: r.splits,
        sizeBytes: r.sizeBytes,
        error: null,
        skippedRows: r.skipped ?? {},
      });
      const skipped = Object.entries(r.skipped ?? {}).filter(([, n]) => n > 0);
      if (skipped.length) this.log.warn(`dataset ${datasetId}: skipped ${skipped.map(([k, n]) => `${n} ${k}`).join(', ')}`);
    } else {
      // All-or-nothing: the task rolled back its samples; the row and folder go too.
      this.store.delete(datasetId);
      void fs.rm(this.dir(datasetId), { recursive: true, force: true });
      this.compactAfterDelete(`import of ${datasetId} rolled back`);
    }
    this.changed(datasetId);
  }

  async delete(id: string): Promise<{ freedBytes: number }> {
    const d = this.get(id);
    if (d.source === 'bundled') throw new ApiError('CONFLICT', 'The bundled demo dataset ships with the app and cannot be deleted.');
    if (d.status === 'importing' || d.status === 'tokenizing')
      throw new ApiError('CONFLICT', `${d.name} is busy (${d.status}); cancel its job first.`);
    this.refuseInUse(d, 'delete');
    const dir = this.dir(id);
    let freedBytes = 0;
    if (existsSync(dir))
      for (const e of await fs.readdir(dir, { recursive: true, withFileTypes: true }))
        if (e.isFile()) freedBytes += (await fs.stat(path.join(e.parentPath, e.name))).size;
    this.store.delete(id);
    await fs.rm(dir, { recursive: true, force: true });
    // The index rebuild costs ∝ what is left; worth it only when many samples went.
    if (d.sampleCount >= COMPACT_AFTER_SAMPLES) this.compactAfterDelete(`deleted dataset ${d.name}`);
    this.changed(id);
    return { freedBytes };
  }

  async previewTokens(modelId: string, text: string, addSpecialTokens: boolean): Promise<TokenPreview> {
    const m = this.models.get(modelId);
    if (m.status !== 'ready' || !m.path) throw new ApiError('INVALID_STATE', `${m.name} is ${m.status}`);
    return this.jobs.runEphemeral('datasets.preview', { modelDir: m.path, text, addSpecialTokens });
  }

  tokenize(id: string, modelId: string, settings: TokenizationSettings): JobRecord {
    const d = this.get(id);
    if (d.status !== 'ready' && d.status !== 'tokenized')
      throw new ApiError('INVALID_STATE', `${d.name} is ${d.status}; wait for it to be ready.`);
    this.refuseInUse(d, 're-tokenize');
    const m = this.models.get(modelId);
    if (m.status !== 'ready' || !m.path) throw new ApiError('INVALID_STATE', `${m.name} is ${m.status}`);
    this.store.update(id, { status: 'tokenizing' });
    this.changed(id);
    const params: TokenizeDatasetJobParams = {
      datasetId: id,
      name: d.name,
      modelId,
      modelName: m.name,
      dbPath: this.dbPath,
      modelDir: m.path,
      settings,
      outDir: path.join(this.dir(id), 'tokens', modelId),
    };
    return this.jobs.start('datasets.tokenize', params);
  }

  private onTokenizeSettled(job: JobRecord<'datasets.tokenize'>): void {
    const p = job.params;
    const d = this.store.get(p.datasetId);
    if (!d) return;
    const r = job.result;
    if (job.status !== 'completed' || !r) {
      this.store.update(p.datasetId, { status: d.tokenization ? 'tokenized' : 'ready' });
      this.changed(p.datasetId);
      return;
    }
    this.store.update(p.datasetId, {
      status: 'tokenized',
      // Every text token, including those a window or truncation left out.
      tokenCount: r.totals.contentTokens + r.totals.droppedTokens,
      tokenizerModelId: p.modelId,
      tokenization: {
        modelId: p.modelId,
        modelName: p.modelName,
        settings: p.settings,
        path: r.path,
        totalTokens: r.totals.tokens,
        rows: r.totals.rows,
        createdAt: Date.now(),
      },
    });
    this.changed(p.datasetId);
    const stats: DatasetStatisticsJobParams = { datasetId: p.datasetId, name: d.name, dbPath: this.dbPath, modelDir: p.modelDir };
    this.jobs.start('datasets.statistics', stats);
  }

  private onStatisticsSettled(job: JobRecord<'datasets.statistics'>): void {
    const { datasetId } = job.params;
    if (job.status === 'completed' && job.result && this.store.get(datasetId)) {
      this.store.update(datasetId, { statistics: job.result });
      this.changed(datasetId);
    }
  }
}

/** The contract's import options → the import task's (one field name serves JSONL fields and CSV/Parquet columns). */
function readerOptions(o: Partial<ImportOptions>): ReaderImportOptions {
  return {
    ...(o.txtMode ? { txtMode: o.txtMode } : {}),
    ...(o.textField ? { textField: o.textField, textColumn: o.textField } : {}),
    ...(o.splitField ? { splitField: o.splitField, splitColumn: o.splitField } : {}),
    splitMode: o.splitMode === 'random' ? 'random' : 'data',
    ...(o.ratios ? { ratios: o.ratios } : {}),
    ...(o.seed !== undefined ? { seed: o.seed } : {}),
    ...(o.badRows ? { badRows: o.badRows } : {}),
    ...(o.maxLineBytes ? { maxLineBytes: o.maxLineBytes } : {}),
  };
}
