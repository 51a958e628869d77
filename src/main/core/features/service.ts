import { existsSync, promises as fs } from 'node:fs';
import path from 'node:path';
import type Database from 'better-sqlite3';
import type { z } from 'zod';
import { ApiError } from '../../../shared/contract/errors';
import type { featurePassParamsSchema, FeatureListQuery } from '../../../shared/contract/features';
import type {
  FeatureDetail,
  FeatureExamples,
  FeatureListPage,
  FeaturePassRecord,
  FeatureSummary,
  ProbeResult,
} from '../../../shared/types/features';
import type { JobRecord } from '../../../shared/types/jobs';
import type { FeaturePassFeature } from '../../../compute/features/protocol';
import type { FeaturePassReport, FeaturePassTaskResult, ProbeTaskParams } from '../../../shared/jobs/features';
import { openFeaturePass } from '../../../compute/features/result-reader';
import type { Db } from '../db/connection';
import type { DatasetsService } from '../datasets/service';
import type { EventBus } from '../events';
import type { JobService } from '../jobs/service';
import type { ModelsService } from '../models/service';
import type { SaesService } from '../saes/service';
import type { SaeAnalysis } from '../saes/store';
import { newId } from '../util/ids';
import type { Logger } from '../util/logger';
import { FeatureBrowserQuery } from './browser-query';
import { FeatureStore } from './feature-store';
import { passJobParams, resolvePassParams } from './pass-params';
import { ACTIVE_PASS, PassStore, toPassRecord } from './pass-store';
import { PassResultsLoader } from './results-load';

export const FEATURE_PASS_JOB = 'features.pass';
type PassJob = JobRecord<typeof FEATURE_PASS_JOB>;

/**
 * Features of an SAE (docs/features.md): the feature pass as a durable gpu job whose result
 * folder is loaded into SQLite in one transaction, the browser query, the dashboard's reads,
 * the researcher's labels, and probe text.
 */
export class FeaturesService {
  readonly passes: PassStore;
  readonly store: FeatureStore;
  readonly loader: PassResultsLoader;
  private readonly browser: FeatureBrowserQuery;

  constructor(
    db: Db,
    private readonly sqlite: Database.Database,
    private readonly dbPath: string,
    private readonly jobs: JobService,
    private readonly events: EventBus,
    private readonly saes: SaesService,
    private readonly models: ModelsService,
    private readonly datasets: DatasetsService,
    private readonly log: Logger,
  ) {
    this.passes = new PassStore(db);
    this.store = new FeatureStore(sqlite);
    this.loader = new PassResultsLoader(sqlite);
    this.browser = new FeatureBrowserQuery(sqlite);
    saes.store.analysisOf = (id) => this.analysisOf(id);
    saes.busyReason = (id) => (this.passes.active(id) ? 'a feature pass is running on it; cancel it first' : null);
    jobs.onReport(FEATURE_PASS_JOB, (job, r) => this.onReport(job, r));
    jobs.onSettled(FEATURE_PASS_JOB, (job) => this.onSettled(job));
    events.onAny((event, payload) => {
      if (event !== 'job.updated') return;
      const job = payload as JobRecord;
      if (job.kind !== FEATURE_PASS_JOB || !ACTIVE_PASS.includes(job.status)) return;
      const pass = this.passOf(job);
      if (pass && pass.status !== job.status) {
        this.passes.update(pass.id, {
          status: job.status,
          ...(job.status === 'running' && !pass.startedAt ? { startedAt: Date.now() } : {}),
        });
        this.saes.changed(pass.saeId);
      }
    });
  }

  private analysisOf(saeId: string): SaeAnalysis {
    const last = this.passes.lastCompleted(saeId);
    const active = this.passes.active(saeId);
    return {
      featureCount: this.store.count(saeId),
      lastPass: last ? toPassRecord(last) : null,
      activePass: active ? toPassRecord(active) : null,
    };
  }

  passDir(saeId: string, passId: string): string {
    return path.join(this.saes.dir(saeId), 'passes', passId);
  }

  /**
   * Start-up (after the job service marked leftovers interrupted): a pass whose job completed
   * but whose results were not loaded yet (the app died in between) is loaded now; the others
   * are interrupted. Then every folder under passes/ goes: results live in SQLite.
   */
  async reconcile(): Promise<void> {
    for (const p of this.passes.unfinished()) {
      const job = p.jobId ? this.jobs.store.get(p.jobId) : null;
      const dir = this.passDir(p.saeId, p.id);
      if (job?.kind === FEATURE_PASS_JOB && job.status === 'completed' && job.result && existsSync(path.join(dir, 'manifest.json'))) {
        this.load(p.saeId, p.id, dir, job.result);
      } else {
        this.passes.update(p.id, {
          status: 'interrupted',
          error: 'miStudio stopped while this pass ran; the previous results are unchanged. Run the pass again.',
        });
      }
    }
    for (const id of this.saes.store.ids()) await fs.rm(path.join(this.saes.dir(id), 'passes'), { recursive: true, force: true });
  }

  startPass(input: z.output<typeof featurePassParamsSchema>): FeaturePassRecord {
    const sae = this.saes.get(input.saeId);
    const running = this.passes.active(sae.id);
    if (running) throw new ApiError('CONFLICT', `A feature pass of "${sae.name}" is already ${running.status}`);
    const resolved = resolvePassParams(input, sae, { models: this.models, datasets: this.datasets });
    const id = newId('fp');
    const now = Date.now();
    this.passes.insert({
      id,
      saeId: sae.id,
      status: 'queued',
      params: resolved.params,
      progress: { tokensDone: 0, tokensTotal: resolved.params.tokens, featuresSeen: 0 },
      createdAt: now,
    });
    const jobParams = passJobParams(sae, id, resolved, {
      dbPath: this.dbPath,
      outDir: this.passDir(sae.id, id),
      provider: this.models.provider(),
    });
    try {
      const job = this.jobs.start(FEATURE_PASS_JOB, jobParams);
      this.passes.update(id, { jobId: job.id });
    } catch (err) {
      this.passes.update(id, { status: 'failed', error: err instanceof Error ? err.message : String(err) });
      throw err;
    }
    this.saes.changed(sae.id);
    return this.pass(id);
  }

  private pass(id: string): FeaturePassRecord {
    const r = this.passes.row(id);
    if (!r) throw new ApiError('NOT_FOUND', `No feature pass with id ${id}`);
    return toPassRecord(r);
  }

  private passOf(job: PassJob) {
    const { passId } = job.params;
    const p = this.passes.row(passId);
    return p && p.jobId === job.id ? p : null;
  }

  passStatus(saeId: string): FeaturePassRecord | null {
    this.saes.get(saeId);
    return this.passes.list(saeId)[0] ?? null;
  }

  passList(saeId: string): FeaturePassRecord[] {
    this.saes.get(saeId);
    return this.passes.list(saeId);
  }

  cancelPass(saeId: string): FeaturePassRecord {
    const sae = this.saes.get(saeId);
    const p = this.passes.active(saeId);
    if (!p?.jobId) throw new ApiError('CONFLICT', `No feature pass of "${sae.name}" is running`);
    this.jobs.cancel(p.jobId);
    return this.pass(p.id);
  }

  private onReport(job: PassJob, r: FeaturePassReport): void {
    if (r.type !== 'progress') return;
    const p = this.passOf(job);
    if (!p) return;
    const progress = { tokensDone: r.tokensDone, tokensTotal: r.tokensTotal, featuresSeen: r.featuresSeen };
    this.passes.update(p.id, { progress });
    this.events.emit('features.passProgress', { saeId: p.saeId, passId: p.id, progress });
  }

  private onSettled(job: PassJob): void {
    const p = this.passOf(job);
    if (!p) return;
    const dir = this.passDir(p.saeId, p.id);
    if (job.status === 'completed' && job.result) this.load(p.saeId, p.id, dir, job.result);
    else {
      const status = job.status === 'cancelled' ? 'cancelled' : job.status === 'interrupted' ? 'interrupted' : 'failed';
      this.passes.update(p.id, { status, error: status === 'cancelled' ? null : (job.error?.message ?? status) });
      this.log.info(`feature pass ${p.id} ${status}; the previous results of SAE ${p.saeId} are unchanged`);
    }
    fs.rm(dir, { recursive: true, force: true }).catch(() => undefined);
    this.saes.changed(p.saeId);
  }

  /** The one transaction that swaps in a pass's results (or, on any error, leaves the old ones). */
  private load(saeId: string, passId: string, dir: string, r: FeaturePassTaskResult): void {
    const t0 = Date.now();
    try {
      const reader = openFeaturePass(dir);
      try {
        const summary = { tokens: r.tokens, dead: r.dead, ultraLow: r.ultraLow, normal: r.normal, dense: r.dense, seconds: r.seconds };
        this.loader.replace(saeId, passId, reader, summary);
        this.browser.invalidate();
      } finally {
        reader.close();
      }
      this.log.info(`feature pass ${passId}: ${r.dSae} features loaded in ${Date.now() - t0} ms`);
      this.events.emit('features.changed', { saeId, featureIndex: null });
    } catch (err) {
      const message = `Loading the results failed (${err instanceof Error ? err.message : String(err)}); the previous results are unchanged.`;
      this.log.error(`feature pass ${passId}: ${message}`);
      this.passes.update(passId, { status: 'failed', error: message });
    }
  }

  /** An archive import's features (src/main/core/exports/archive-import.ts): one transaction per batch, labels and notes included. */
  importFeatures(
    saeId: string,
    passId: string,
    rows: { feature: FeaturePassFeature; notes: { label: string | null; notes: string | null; isFavorite: boolean } }[],
    tokenTexts: Record<string, string>,
  ): void {
    this.sqlite.transaction(() => {
      for (const r of rows) {
        this.loader.writeFeature(saeId, passId, r.feature, tokenTexts);
        this.store.update(saeId, r.feature.featureIndex, r.notes);
      }
    })();
  }

  /** After an import loaded features: fresh planner statistics and browser cache, and the UI told. */
  afterImport(saeId: string): void {
    this.loader.analyze();
    this.browser.invalidate();
    this.events.emit('features.changed', { saeId, featureIndex: null });
  }

  list(q: FeatureListQuery): FeatureListPage {
    if (!this.saes.store.row(q.saeId)) throw new ApiError('NOT_FOUND', `No SAE with id ${q.saeId}`);
    return this.browser.run(q);
  }

  private requireFeature(saeId: string, featureIndex: number): void {
    const sae = this.saes.get(saeId);
    if (featureIndex >= sae.dSae) throw new ApiError('VALIDATION', `Feature ${featureIndex} is outside 0…${sae.dSae - 1} of "${sae.name}"`);
    if (sae.featureCount === 0) throw new ApiError('INVALID_STATE', `"${sae.name}" has no feature results yet: run the feature pass first`);
  }

  get(saeId: string, featureIndex: number): FeatureDetail {
    this.requireFeature(saeId, featureIndex);
    const last = this.passes.lastCompleted(saeId);
    const d = this.store.detail(saeId, featureIndex, last?.summary?.tokens ?? 0);
    if (!d) throw new ApiError('NOT_FOUND', `No results for feature ${featureIndex}`);
    return d;
  }

  /** The token texts of the newest pass only (a vocabulary-sized map: parsed once, not per call). */
  private tokenTexts: { passId: string; texts: Record<string, string> } | null = null;

  examples(saeId: string, featureIndex: number): FeatureExamples {
    this.requireFeature(saeId, featureIndex);
    const last = this.passes.lastCompleted(saeId);
    if (last && this.tokenTexts?.passId !== last.id) this.tokenTexts = { passId: last.id, texts: this.passes.tokenTexts(last.id) };
    return this.store.examples(saeId, featureIndex, last?.params.datasetId ?? '', this.tokenTexts?.texts ?? {});
  }

  update(
    saeId: string,
    featureIndex: number,
    patch: { label?: string | null; notes?: string | null; isFavorite?: boolean },
  ): FeatureSummary {
    this.requireFeature(saeId, featureIndex);
    const updated = this.store.update(saeId, featureIndex, patch);
    this.browser.invalidate();
    if (!updated) throw new ApiError('NOT_FOUND', `No results for feature ${featureIndex}`);
    this.events.emit('features.changed', { saeId, featureIndex });
    return this.store.summary(saeId, featureIndex)!;
  }

  async probe(saeId: string, text: string, topFeatures: number, featureIndex: number | undefined): Promise<ProbeResult> {
    const sae = this.saes.get(saeId);
    if (featureIndex !== undefined && featureIndex >= sae.dSae)
      throw new ApiError('VALIDATION', `Feature ${featureIndex} is outside 0…${sae.dSae - 1}`);
    if (!sae.modelId) throw new ApiError('INVALID_STATE', `The model of "${sae.name}" was deleted`);
    const m = this.models.get(sae.modelId);
    if (m.status !== 'ready' || !m.path) throw new ApiError('INVALID_STATE', `${m.name} is ${m.status}`);
    const params: ProbeTaskParams = {
      saeDir: sae.weightsPath,
      modelDir: m.path,
      hook: sae.hook,
      text,
      topFeatures,
      featureIndex: featureIndex ?? null,
      provider: this.models.provider(),
    };
    const r = await this.jobs.runEphemeral('features.probe', params);
    const labels = this.store.labels(saeId, [...new Set(r.tokens.flatMap((t) => t.top.map((f) => f.featureIndex)))]);
    return {
      saeId,
      featureIndex: featureIndex ?? null,
      tokens: r.tokens.map((t) => ({ ...t, top: t.top.map((f) => ({ ...f, label: labels.get(f.featureIndex) ?? null })) })),
      truncated: r.truncated,
    };
  }

  /** A running pass reads this model / dataset: refuse deleting or re-tokenizing it. */
  userOf(what: 'model' | 'dataset', id: string): string | null {
    for (const s of this.saes.store.list()) {
      const p = s.activePass;
      if (p && (what === 'model' ? s.modelId === id : p.params.datasetId === id)) return `the feature pass of "${s.name}"`;
    }
    return null;
  }
}
