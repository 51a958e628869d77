import { existsSync, promises as fs } from 'node:fs';
import path from 'node:path';
import { ApiError } from '../../../shared/contract/errors';
import type { ExtractionConfig } from '../../../shared/contract/activations';
import type { ActivationSetRecord } from '../../../shared/types/activations';
import type { JobRecord } from '../../../shared/types/jobs';
import type { ExtractJobParams } from '../../../shared/jobs/activations';
import type { Db } from '../db/connection';
import type { DatasetsService } from '../datasets/service';
import type { EventBus } from '../events';
import type { JobService } from '../jobs/service';
import type { ModelsService } from '../models/service';
import { folderBytes, removePartials } from '../util/folder-size';
import { newId } from '../util/ids';
import type { Logger } from '../util/logger';
import { ActivationSetStore } from './store';

/** The splits splice evaluations read (validation, test) that this dataset has: held out of training data. */
export function evalSplitsOf(splits: Record<string, number>): string[] {
  return ['validation', 'test'].filter((s) => (splits[s] ?? 0) > 0);
}

export type { ExtractJobParams };

/** Activation sets (docs/activations.md): rows in SQLite, shards + manifest under activations/<id>/. */
export class ActivationsService {
  readonly store: ActivationSetStore;

  constructor(
    db: Db,
    private readonly jobs: JobService,
    private readonly events: EventBus,
    private readonly models: ModelsService,
    private readonly datasets: DatasetsService,
    private readonly activationsDir: string,
    private readonly dbPath: string,
    private readonly log: Logger,
  ) {
    this.store = new ActivationSetStore(db);
    jobs.onSettled('activations.extract', (j) => void this.onSettled(j));
  }

  private changed(id: string): void {
    this.events.emit('activations.changed', { id });
  }

  dir(id: string): string {
    return path.join(this.activationsDir, id);
  }

  get(id: string): ActivationSetRecord {
    const s = this.store.get(id);
    if (!s) throw new ApiError('NOT_FOUND', `No activation set with id ${id}`);
    return s;
  }

  /** Start-up: an extraction that was running when the app stopped left no usable set. */
  async reconcile(): Promise<void> {
    for (const s of this.store.list()) {
      if (s.status !== 'extracting') continue;
      this.store.update(s.id, { status: 'interrupted', error: 'miStudio stopped while this extraction ran; extract again.' });
      await removePartials(this.dir(s.id));
    }
  }

  /** Hook names for layers × hook types, checked against the model's discovered hooks. */
  hooksFor(modelId: string, layers: number[], hookTypes: string[]): string[] {
    const m = this.models.get(modelId);
    const known = new Set(m.hooks.map((h) => h.name));
    const nLayers = m.architecture?.nLayers ?? 0;
    const bad = layers.filter((l) => l >= nLayers);
    if (bad.length) throw new ApiError('VALIDATION', `${m.name} has ${nLayers} layers (0–${nLayers - 1}); no layer ${bad.join(', ')}`);
    const hooks = [...new Set(layers)].sort((a, b) => a - b).flatMap((l) => hookTypes.map((t) => `blocks.${l}.${t}`));
    const missing = hooks.filter((h) => !known.has(h));
    if (missing.length)
      throw new ApiError('VALIDATION', `${m.name} has no ${missing.join(', ')} (its graph exposes ${m.hooks.length} hooks)`);
    return hooks;
  }

  extract(config: ExtractionConfig): { set: ActivationSetRecord; job: JobRecord } {
    const m = this.models.get(config.modelId);
    if (m.status !== 'ready' || !m.path) throw new ApiError('INVALID_STATE', `${m.name} is ${m.status}`);
    const d = this.datasets.get(config.datasetId);
    const tok = d.tokenization;
    if (!tok || tok.modelId !== m.id || d.status === 'tokenizing') {
      throw new ApiError(
        'INVALID_STATE',
        `${d.name} is not tokenized for ${m.name}: tokenize it for this model on the Datasets tab first.`,
      );
    }
    const window = tok.settings.mode === 'concat_chunk' ? tok.settings.contextSize : tok.settings.maxLength;
    if (config.contextSize !== null && config.contextSize > window) {
      throw new ApiError(
        'VALIDATION',
        `Context size ${config.contextSize} is longer than the tokenized windows (${window} tokens); pick ≤ ${window} or tokenize again with longer windows.`,
      );
    }
    const hooks = this.hooksFor(m.id, config.layers, config.hookTypes);
    const heldOutSplits = config.holdOutEvalSplits ? evalSplitsOf(d.splits) : [];
    const id = newId('act');
    const now = Date.now();
    const layerText =
      config.layers.length === m.architecture?.nLayers ? 'all layers' : `L${[...config.layers].sort((a, b) => a - b).join(',')}`;
    const name = config.name ?? `${m.name} · ${d.name} · ${layerText} ${config.hookTypes.map((t) => t.replace('hook_', '')).join('+')}`;
    this.store.insert({
      id,
      name,
      modelId: m.id,
      datasetId: d.id,
      hooks,
      dtype: config.dtype,
      dModel: m.architecture?.dModel ?? 0,
      status: 'extracting',
      config: {
        batchSize: config.batchSize,
        maxTokens: config.maxTokens,
        contextSize: config.contextSize,
        layers: config.layers,
        hookTypes: config.hookTypes,
        heldOutSplits,
      },
      createdAt: now,
      updatedAt: now,
    });
    const params: ExtractJobParams = {
      setId: id,
      name,
      modelDir: m.path,
      tokensDir: tok.path,
      hooks,
      batchSize: config.batchSize,
      maxTokens: config.maxTokens,
      contextSize: config.contextSize,
      dtype: config.dtype,
      outDir: this.dir(id),
      holdOut: heldOutSplits.length ? { dbPath: this.dbPath, datasetId: d.id, splits: heldOutSplits } : null,
    };
    const job = this.jobs.start('activations.extract', params);
    this.store.update(id, { jobId: job.id });
    this.changed(id);
    return { set: this.get(id), job };
  }

  private async onSettled(job: JobRecord<'activations.extract'>): Promise<void> {
    const { setId } = job.params;
    if (!this.store.get(setId)) return;
    const r = job.result;
    if (job.status === 'completed' && r) {
      this.store.update(setId, {
        status: 'ready',
        tokenCount: r.totalRows,
        dModel: r.dModel,
        tokensPerSecond: r.tokensPerSecond,
        sizeBytes: await folderBytes(this.dir(setId)),
        error: null,
      });
    } else if (job.status === 'cancelled') {
      this.store.delete(setId);
      await fs.rm(this.dir(setId), { recursive: true, force: true });
    } else {
      this.store.update(setId, {
        status: job.status === 'interrupted' ? 'interrupted' : 'failed',
        error: job.error?.message ?? job.status,
      });
      await removePartials(this.dir(setId));
      this.log.warn(`activation set ${setId}: extraction ${job.status}`);
    }
    this.changed(setId);
  }

  /** Refused while a training that has not finished reads it. */
  async delete(id: string, inUse: (setId: string) => string | null): Promise<{ freedBytes: number }> {
    const s = this.get(id);
    if (s.status === 'extracting') throw new ApiError('CONFLICT', `${s.name} is being extracted; cancel its job first.`);
    const user = inUse(id);
    if (user) throw new ApiError('CONFLICT', `${s.name} is used by the training "${user}"; delete or finish that run first.`);
    const dir = this.dir(id);
    const freedBytes = await folderBytes(dir);
    this.store.delete(id);
    if (existsSync(dir)) await fs.rm(dir, { recursive: true, force: true });
    await removePartials(dir);
    this.changed(id);
    return { freedBytes };
  }
}
