import { existsSync, promises as fs } from 'node:fs';
import path from 'node:path';
import { ApiError } from '../../../shared/contract/errors';
import type { JobRecord } from '../../../shared/types/jobs';
import type { GenerationOptions, ModelDtype, ModelRecord } from '../../../shared/types/models';
import type { DownloadModelParams, GenerateParams, ImportModelParams } from '../../../shared/jobs/models';
import type { Db } from '../db/connection';
import type { EventBus } from '../events';
import type { JobService } from '../jobs/service';
import type { SettingsService } from '../settings/service';
import { newId } from '../util/ids';
import type { Logger } from '../util/logger';
import { ModelStore } from './store';
import { checkImportFolder } from '../storage/import-source';

export const DEMO_MODEL_NAME = 'KJV GPT-2 (demo)';

/** Models (docs/models.md): rows in `models`, files under models/<id>/, work in jobs. */
export class ModelsService {
  /** Set by the core: what (a training, an extraction) is using this model now, if anything. */
  readonly store: ModelStore;
  private readonly pendingDiscards = new Set<Promise<void>>();

  constructor(
    db: Db,
    private readonly jobs: JobService,
    private readonly events: EventBus,
    private readonly settings: SettingsService,
    private readonly modelsDir: string,
    private readonly log: Logger,
    /** HF_ENDPOINT (tests point it at a loopback fake hub). */
    private readonly hubEndpoint: string | undefined,
    /** Who reads this model now (a training, an extraction), or null: deleting it is refused then. */
    private readonly inUse: (id: string) => string | null,
  ) {
    this.store = new ModelStore(db);
    jobs.onSettled('models.import', (job) => this.onImportSettled(job));
    jobs.onSettled('models.download', (job) => this.onImportSettled(job));
    jobs.onReport('models.generate', (job, t) => {
      this.events.emit('models.token', { jobId: job.id, modelId: job.params.modelId, ...t });
    });
  }

  private changed(id: string): void {
    this.events.emit('models.changed', { id });
  }

  get(id: string): ModelRecord {
    const m = this.store.get(id);
    if (!m) throw new ApiError('NOT_FOUND', `No model with id ${id}`);
    return m;
  }

  /**
   * At start-up: imports left half-done by a dead process are removed (row and partial
   * files), and the bundled demo model is registered (or re-pointed after an app move).
   */
  async reconcile(demoDir: string | null): Promise<void> {
    for (const m of this.store.list()) {
      if (m.status === 'importing' || m.status === 'downloading') {
        await this.discard(m.id);
        this.log.warn(`removed model ${m.name}: its import did not finish`);
      }
    }
    await this.removePartials();
    if (!demoDir || !existsSync(path.join(demoDir, 'onnx', 'model.onnx'))) return;
    const bundled = this.store.bundled();
    if (bundled?.status === 'ready' && bundled.path === demoDir) return;
    if (bundled) this.store.delete(bundled.id);
    this.startImport({ name: DEMO_MODEL_NAME, source: 'bundled', sourceDir: demoDir, copy: false });
  }

  private async removePartials(): Promise<void> {
    if (!existsSync(this.modelsDir)) return;
    for (const entry of await fs.readdir(this.modelsDir)) {
      if (entry.includes('.partial-')) await fs.rm(path.join(this.modelsDir, entry), { recursive: true, force: true });
    }
  }

  importFolder(folder: string, name?: string, dtype?: ModelDtype): JobRecord {
    // A folder of regular files outside the data dir only (docs/security.md); links resolved.
    const dir = checkImportFolder(folder, path.dirname(this.modelsDir));
    return this.startImport({ name: name ?? path.basename(path.resolve(folder)), source: 'local', sourceDir: dir, copy: true, dtype });
  }

  /** Also used by downloads once the files are in the hub cache. */
  startImport(o: {
    name: string;
    source: ModelRecord['source'];
    sourceDir: string;
    copy: boolean;
    dtype?: ModelDtype;
    repoId?: string;
    revision?: string;
  }): JobRecord {
    const now = Date.now();
    const id = newId('model');
    this.store.insert({
      id,
      name: o.name,
      source: o.source,
      repoId: o.repoId ?? (o.source === 'local' ? o.sourceDir : null),
      revision: o.revision ?? null,
      status: 'importing',
      createdAt: now,
      updatedAt: now,
    });
    this.changed(id);
    const params: ImportModelParams = {
      modelId: id,
      sourceDir: o.sourceDir,
      targetDir: o.copy ? path.join(this.modelsDir, id) : null,
      dtype: o.dtype,
    };
    return this.jobs.start('models.import', { ...params, name: o.name, ...(o.source === 'bundled' ? { bundled: true } : {}) });
  }

  private onImportSettled(job: JobRecord<'models.import' | 'models.download'>): void {
    const { params, result: r } = job;
    if (job.status === 'completed' && r) {
      this.store.update(params.modelId, {
        status: 'ready',
        path: r.path,
        architecture: r.architecture.family,
        dtype: r.architecture.dtype,
        config: r.architecture,
        hooks: r.hooks,
        hookNotes: r.hookNotes,
        files: r.files,
        sizeBytes: r.sizeBytes,
        error: null,
      });
      this.changed(params.modelId);
      return;
    }
    // Failed, cancelled or interrupted: nothing half-imported stays (the task removed its partial copy).
    // Tracked so that closing the core waits for it instead of racing the DB's close.
    const pending = this.discard(params.modelId).finally(() => this.pendingDiscards.delete(pending));
    this.pendingDiscards.add(pending);
  }

  /** Waits for clean-ups started by settled jobs (called by the core's close before the DB closes). */
  async settle(): Promise<void> {
    await Promise.allSettled([...this.pendingDiscards]);
  }

  private async discard(id: string): Promise<void> {
    const m = this.store.get(id);
    if (!m) return;
    if (m.source !== 'bundled') await fs.rm(path.join(this.modelsDir, id), { recursive: true, force: true });
    this.store.delete(id);
    this.changed(id);
  }

  async delete(id: string): Promise<{ freedBytes: number }> {
    const m = this.get(id);
    if (m.source === 'bundled') throw new ApiError('CONFLICT', 'The bundled demo model ships with the app and cannot be deleted.');
    if (m.status === 'importing' || m.status === 'downloading')
      throw new ApiError('CONFLICT', `${m.name} is still being imported; cancel its job first.`);
    const user = this.inUse(id);
    if (user) throw new ApiError('CONFLICT', `Cannot delete ${m.name}: ${user} is using it; stop that first.`);
    const dir = path.join(this.modelsDir, id);
    const freedBytes = existsSync(dir) ? await folderSize(dir) : 0;
    await fs.rm(dir, { recursive: true, force: true });
    this.store.delete(id);
    this.log.info(`deleted model ${m.name} (${freedBytes} bytes)`);
    this.changed(id);
    return { freedBytes };
  }

  /**
   * Download from the hub into the HF cache (resumable, reusable offline), then import
   * from there. The token travels to the worker as a secret, never in the job's params.
   */
  download(repoId: string, revision: string | undefined, dtype: ModelDtype | undefined): JobRecord {
    const now = Date.now();
    const id = newId('model');
    this.store.insert({
      id,
      name: repoId,
      source: 'hf',
      repoId,
      revision: revision ?? 'main',
      status: 'downloading',
      createdAt: now,
      updatedAt: now,
    });
    this.changed(id);
    const params: DownloadModelParams = {
      modelId: id,
      name: repoId,
      repoId,
      revision: revision ?? 'main',
      dtype,
      cacheDir: this.settings.settings.hfCacheDir,
      endpoint: this.hubEndpoint,
      targetDir: path.join(this.modelsDir, id),
    };
    const token = this.settings.hfToken();
    return this.jobs.start('models.download', params, token ? { hfToken: token } : undefined);
  }

  /** The ONNX execution provider to use: "CPU only" in Settings wins over the provider choice. */
  provider(): GenerateParams['provider'] {
    const s = this.settings.settings;
    return s.computeDevice === 'cpu' ? 'cpu' : s.executionProvider;
  }

  generate(modelId: string, prompt: string, options: GenerationOptions): JobRecord {
    const m = this.get(modelId);
    if (m.status !== 'ready' || !m.path) throw new ApiError('INVALID_STATE', `${m.name} is ${m.status}; wait until it is ready.`);
    const params: GenerateParams = { modelId, modelDir: m.path, prompt, options, provider: this.provider() };
    return this.jobs.start('models.generate', { ...params, name: m.name });
  }
}

async function folderSize(dir: string): Promise<number> {
  let total = 0;
  for (const e of await fs.readdir(dir, { withFileTypes: true, recursive: true })) {
    if (e.isFile()) total += (await fs.stat(path.join(e.parentPath, e.name))).size;
  }
  return total;
}
