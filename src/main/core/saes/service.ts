import { existsSync, promises as fs } from 'node:fs';
import path from 'node:path';
import { ApiError } from '../../../shared/contract/errors';
import type { SaeProvenance, SaeRecord } from '../../../shared/types/saes';
import type { CheckpointInfo, TrainingRecord } from '../../../shared/types/training';
import type { Db } from '../db/connection';
import type { DatasetsService } from '../datasets/service';
import type { EventBus } from '../events';
import type { ModelsService } from '../models/service';
import type { TrainingService } from '../training/service';
import { folderBytes, removePartials } from '../util/folder-size';
import { newId } from '../util/ids';
import type { Logger } from '../util/logger';
import { readSaeShape } from './cfg';
import { SaeStore } from './store';
import { linkWeightsFolder } from './weights-folder';

export const DEMO_SAE_NAME = 'KJV demo SAE (layer 2 residual, 2,048 features)';

/**
 * SAE records (docs/features.md): the unit features, feature passes and steering hang off.
 * Made from a training's checkpoint (automatically for a run's final checkpoint, or "Use this
 * checkpoint"), registered from the bundled demo folder at start-up, imported later.
 */
export class SaesService {
  readonly store: SaeStore;
  /** Set by the core: a running feature pass of this SAE blocks deleting it. */
  busyReason: (saeId: string) => string | null = () => null;
  private readonly startedAt = Date.now();
  private readonly autoCreated = new Set<string>();

  constructor(
    db: Db,
    private readonly events: EventBus,
    private readonly models: ModelsService,
    private readonly datasets: DatasetsService,
    private readonly training: TrainingService,
    private readonly saesDir: string,
    private readonly log: Logger,
  ) {
    this.store = new SaeStore(db);
    // A run that completes gets an SAE for its final checkpoint (once per completion).
    events.onAny((event, payload) => {
      if (event !== 'training.changed') return;
      const t = training.store.get((payload as { id: string }).id);
      if (t?.status !== 'completed' || (t.completedAt ?? 0) < this.startedAt) return;
      const cp = training.lastCheckpoint(t.id);
      if (!cp || this.autoCreated.has(cp.id) || this.store.byCheckpoint(cp.id)) return;
      this.autoCreated.add(cp.id);
      this.fromCheckpoint(cp, t, undefined, 'training-completed').catch((err: unknown) =>
        this.log.error(
          `could not make an SAE from the final checkpoint of "${t.name}": ${err instanceof Error ? err.message : String(err)}`,
        ),
      );
    });
  }

  changed(id: string): void {
    this.events.emit('saes.changed', { id });
  }

  get(id: string): SaeRecord {
    const s = this.store.get(id);
    if (!s) throw new ApiError('NOT_FOUND', `No SAE with id ${id}`);
    return s;
  }

  /** The SAE's own folder under the data dir: weights/ and passes/ (not used by bundled SAEs' weights). */
  dir(id: string): string {
    return path.join(this.saesDir, id);
  }

  /**
   * Start-up: drop folders of SAEs whose row never got written (a crash between the two),
   * and register the bundled demo SAE against the bundled model and dataset.
   */
  async reconcile(demoDir: string | null): Promise<void> {
    const ids = this.store.ids();
    for (const name of await fs.readdir(this.saesDir).catch(() => [] as string[])) {
      if (name.startsWith('sae_') && !ids.has(name)) await fs.rm(path.join(this.saesDir, name), { recursive: true, force: true });
    }
    for (const id of ids) await removePartials(path.join(this.dir(id), 'weights'));
    if (!demoDir || !existsSync(path.join(demoDir, 'cfg.json'))) return;
    const model = this.models.store.bundled();
    const dataset = this.datasets.store.list().find((d) => d.source === 'bundled') ?? null;
    const existing = this.store.bundled();
    if (existing) {
      if (existing.weightsPath !== demoDir || existing.modelId !== (model?.id ?? null) || existing.datasetId !== (dataset?.id ?? null)) {
        this.store.update(existing.id, { weightsPath: demoDir, modelId: model?.id ?? null, datasetId: dataset?.id ?? null });
      }
      return;
    }
    const shape = await readSaeShape(demoDir);
    const now = Date.now();
    const id = newId('sae');
    // provenance.json (scripts/demo-sae) holds every setting; the record keeps the provenance fields.
    const made = JSON.parse(await fs.readFile(path.join(demoDir, 'provenance.json'), 'utf8').catch(() => '{}')) as SaeProvenance;
    const provenance: SaeProvenance = {
      trainingName: made.trainingName,
      step: made.step,
      explainedVariance: made.explainedVariance ?? null,
      ceLossRecovered: made.ceLossRecovered ?? null,
    };
    this.store.insert({
      id,
      name: DEMO_SAE_NAME,
      source: 'bundled',
      modelId: model?.id ?? null,
      datasetId: dataset?.id ?? null,
      ...shapeColumns(shape),
      weightsPath: demoDir,
      provenance: { ...provenance, createdBy: 'bundled', importedFrom: demoDir, saelens: shape.saelens },
      sizeBytes: await folderBytes(demoDir),
      createdAt: now,
      updatedAt: now,
    });
    this.changed(id);
  }

  /** "Use this checkpoint": idempotent per checkpoint. */
  async createFromCheckpoint(checkpointId: string, name?: string): Promise<SaeRecord> {
    const cp = this.training.store.checkpoint(checkpointId);
    if (!cp) throw new ApiError('NOT_FOUND', `No checkpoint with id ${checkpointId}`);
    return this.fromCheckpoint(cp, this.training.get(cp.trainingId), name, 'use-checkpoint');
  }

  private async fromCheckpoint(
    cp: CheckpointInfo,
    t: TrainingRecord,
    name: string | undefined,
    createdBy: SaeProvenance['createdBy'],
  ): Promise<SaeRecord> {
    const existing = this.store.byCheckpoint(cp.id);
    if (existing) return this.get(existing.id);
    if (!existsSync(path.join(cp.path, 'cfg.json'))) throw new ApiError('NOT_FOUND', `The checkpoint folder ${cp.path} is gone`);
    const shape = await readSaeShape(cp.path);
    const id = newId('sae');
    const weights = path.join(this.dir(id), 'weights');
    await fs.mkdir(this.dir(id), { recursive: true });
    await linkWeightsFolder(cp.path, weights);
    const point = this.training.store.metrics(t.id, cp.step - 1).find((m) => m.step === cp.step);
    const now = Date.now();
    try {
      // Two awaits could interleave two calls for one checkpoint; the unique index settles it.
      if (this.store.byCheckpoint(cp.id)) throw new ApiError('CONFLICT', 'made meanwhile');
      this.store.insert({
        id,
        name: name ?? `${t.name} · step ${cp.step}`,
        source: 'checkpoint',
        modelId: t.modelId,
        trainingId: t.id,
        checkpointId: cp.id,
        datasetId: t.datasetId,
        ...shapeColumns(shape),
        weightsPath: weights,
        provenance: {
          trainingName: t.name,
          step: cp.step,
          createdBy,
          saelens: shape.saelens,
          explainedVariance: point?.explainedVariance ?? null,
          ceLossRecovered: point?.eval?.ceLossRecovered ?? null,
        },
        sizeBytes: cp.sizeBytes,
        createdAt: now,
        updatedAt: now,
      });
    } catch (err) {
      await fs.rm(this.dir(id), { recursive: true, force: true });
      const again = this.store.byCheckpoint(cp.id);
      if (again) return this.get(again.id);
      throw err;
    }
    this.log.info(`SAE "${name ?? t.name}" made from checkpoint step ${cp.step} of "${t.name}"`);
    this.changed(id);
    return this.get(id);
  }

  rename(id: string, name: string): SaeRecord {
    this.get(id);
    this.store.update(id, { name });
    this.changed(id);
    return this.get(id);
  }

  async delete(id: string): Promise<{ freedBytes: number }> {
    const s = this.get(id);
    const busy = this.busyReason(id);
    if (busy) throw new ApiError('CONFLICT', `"${s.name}" is in use: ${busy}`);
    const freedBytes = await folderBytes(this.dir(id));
    this.store.delete(id);
    await fs.rm(this.dir(id), { recursive: true, force: true });
    this.changed(id);
    return { freedBytes };
  }
}

function shapeColumns(s: Awaited<ReturnType<typeof readSaeShape>>) {
  return { hook: s.hook, dIn: s.dIn, dSae: s.dSae, architecture: s.architecture, k: s.k, hasThreshold: s.hasThreshold, dtype: s.dtype };
}
