import path from 'node:path';
import type Database from 'better-sqlite3';
import type { z } from 'zod';
import { ApiError } from '../../../shared/contract/errors';
import type { ablationParamsSchema, correlationParamsSchema, heatmapQuerySchema, mapParamsSchema } from '../../../shared/contract/analysis';
import { featurePassParamsSchema } from '../../../shared/contract/features';
import type {
  AblationMode,
  AblationResult,
  CorrelationHeatmap,
  CorrelationPartner,
  CorrelationSummary,
  FeatureMap,
  FeatureMapView,
  ProjectionMethod,
} from '../../../shared/types/analysis';
import { isJobOf, type JobRecord } from '../../../shared/types/jobs';
import type { SaeRecord } from '../../../shared/types/saes';
import { CORRELATION_FILES } from '../../../compute/analysis/correlation-task';
import { ABLATION_TASK, CORRELATION_TASK, MAP_TASK } from '../../../compute/analysis/protocol';
import type { AblationTaskParams, AnalysisJobTag, CorrelationTaskParams, MapTaskParams, TokenSource } from '../../../shared/jobs/analysis';
import type { DatasetsService } from '../datasets/service';
import type { EventBus } from '../events';
import type { FeaturesService } from '../features/service';
import { resolvePassParams } from '../features/pass-params';
import type { JobService } from '../jobs/service';
import type { ModelsService } from '../models/service';
import type { SaesService } from '../saes/service';
import { AnalysisFiles, readFloat32, readJson } from './files';

export const ANALYSIS_JOBS = [ABLATION_TASK, CORRELATION_TASK, MAP_TASK] as const;
const KIND_OF = { [ABLATION_TASK]: 'ablation', [CORRELATION_TASK]: 'correlations', [MAP_TASK]: 'map' } as const;

type AnalysisKind = (typeof ANALYSIS_JOBS)[number];

/**
 * Feature analysis of an SAE (docs/analysis.md): measured ablation, activation correlations and
 * the feature map, each a durable job whose result is a file under the SAE's folder. Reads the
 * features team's tables (read-only) for frequencies, labels and the last pass's token source.
 */
export class AnalysisService {
  readonly files: AnalysisFiles;
  private readonly summaries: Database.Statement;

  constructor(
    sqlite: Database.Database,
    private readonly dbPath: string,
    private readonly jobs: JobService,
    private readonly events: EventBus,
    private readonly saes: SaesService,
    private readonly features: FeaturesService,
    private readonly models: ModelsService,
    private readonly datasets: DatasetsService,
  ) {
    this.files = new AnalysisFiles((saeId) => saes.dir(saeId));
    this.summaries = sqlite.prepare(
      'SELECT feature_index AS i, frequency AS f, proxy AS p, density_bucket AS d, COALESCE(label, suggested_label) AS l FROM features WHERE sae_id = ? ORDER BY feature_index',
    );
    for (const kind of ANALYSIS_JOBS) {
      jobs.onSettled<AnalysisKind>(kind, (job) => {
        const tag = job.params;
        if (job.status === 'completed')
          this.events.emit('analysis.changed', { saeId: tag.saeId, kind: KIND_OF[kind], featureIndex: tag.featureIndex ?? null });
      });
    }
  }

  /** Model, tokens and split of the text an analysis reads, checked as the feature pass checks its own. */
  private tokenSource(
    sae: SaeRecord,
    o: { datasetId?: string | undefined; split: string; tokens: number; batchTokens: number },
  ): TokenSource {
    const input = featurePassParamsSchema.parse({
      saeId: sae.id,
      ...(o.datasetId ? { datasetId: o.datasetId } : {}),
      split: o.split,
      tokens: o.tokens,
      batchTokens: o.batchTokens,
    });
    const r = resolvePassParams(input, sae, { models: this.models, datasets: this.datasets });
    const p = r.params;
    return {
      saeDir: sae.weightsPath,
      modelDir: r.modelDir,
      hook: sae.hook,
      tokensDir: r.tokensDir,
      datasetId: p.datasetId,
      split: p.split,
      splitFilter: p.split === 'all' ? null : { dbPath: this.dbPath, datasetId: p.datasetId, splits: [p.split] },
      maxTokens: p.tokens,
      batchTokens: p.batchTokens,
      provider: this.models.provider(),
    };
  }

  /** Queued, running or paused jobs (an analysis already under way is returned instead of a second one). */
  private activeJobs(): JobRecord[] {
    return this.jobs.store.list(['queued', 'running', 'paused'], 200);
  }

  startAblation(input: z.output<typeof ablationParamsSchema>): JobRecord {
    const sae = this.saes.get(input.saeId);
    if (input.featureIndex >= sae.dSae)
      throw new ApiError('VALIDATION', `Feature ${input.featureIndex} is outside 0…${sae.dSae - 1} of "${sae.name}"`);
    const running = this.activeJobs().find(
      (j) =>
        isJobOf(j, ABLATION_TASK) &&
        j.params.saeId === sae.id &&
        j.params.featureIndex === input.featureIndex &&
        j.params.mode === input.mode,
    );
    if (running) return running;
    const params: AblationTaskParams & AnalysisJobTag = {
      ...this.tokenSource(sae, input),
      name: `${sae.name} #${input.featureIndex} (${input.mode === 'sae' ? 'SAE spliced' : 'error preserved'})`,
      saeId: sae.id,
      featureIndex: input.featureIndex,
      mode: input.mode,
      topChanges: input.topChanges,
      outFile: path.resolve(this.files.ablation(sae.id, input.featureIndex, input.mode)),
    };
    return this.jobs.start(ABLATION_TASK, params);
  }

  ablation(saeId: string, featureIndex: number, mode: AblationMode): AblationResult | null {
    this.saes.get(saeId);
    return readJson<AblationResult>(this.files.ablation(saeId, featureIndex, mode));
  }

  startCorrelations(input: z.output<typeof correlationParamsSchema>): JobRecord {
    const sae = this.saes.get(input.saeId);
    const last = this.features.passes.lastCompleted(sae.id);
    if (!last)
      throw new ApiError('INVALID_STATE', `"${sae.name}" has no feature pass yet: correlations read the pass's tokens and frequencies`);
    const running = this.activeJobs().find((j) => isJobOf(j, CORRELATION_TASK) && j.params.saeId === sae.id);
    if (running) return running;
    const live = (this.summaries.all(sae.id) as { i: number; f: number }[])
      .filter((r) => r.f > 0)
      .sort((a, b) => b.f - a.f || a.i - b.i)
      .slice(0, input.maxFeatures);
    if (live.length < 2) throw new ApiError('INVALID_STATE', `"${sae.name}" has fewer than two features that fired in its last pass`);
    const p = last.params;
    const params: CorrelationTaskParams & AnalysisJobTag = {
      ...this.tokenSource(sae, { datasetId: p.datasetId, split: p.split, tokens: p.tokens, batchTokens: p.batchTokens }),
      name: sae.name,
      saeId: sae.id,
      features: live.map((r) => r.i),
      frequencies: live.map((r) => r.f),
      partners: input.partners,
      outDir: path.resolve(this.files.correlations(sae.id)),
    };
    return this.jobs.start(CORRELATION_TASK, params);
  }

  private labels(saeId: string, indices: number[]): Map<number, string> {
    return this.features.store.labels(saeId, indices);
  }

  partners(
    saeId: string,
    featureIndex: number,
  ): { summary: CorrelationSummary | null; partners: (CorrelationPartner & { label: string | null })[] | null } {
    this.saes.get(saeId);
    const dir = this.files.correlations(saeId);
    const summary = readJson<CorrelationSummary>(path.join(dir, CORRELATION_FILES.summary));
    if (!summary) return { summary: null, partners: null };
    const at = summary.features.indexOf(featureIndex);
    if (at < 0) return { summary, partners: null };
    const all = readJson<CorrelationPartner[][]>(path.join(dir, CORRELATION_FILES.partners)) ?? [];
    const mine = all[at] ?? [];
    const labels = this.labels(
      saeId,
      mine.map((q) => q.featureIndex),
    );
    return { summary, partners: mine.map((q) => ({ ...q, label: labels.get(q.featureIndex) ?? null })) };
  }

  heatmap(q: z.output<typeof heatmapQuerySchema>): CorrelationHeatmap | null {
    this.saes.get(q.saeId);
    const dir = this.files.correlations(q.saeId);
    const summary = readJson<CorrelationSummary>(path.join(dir, CORRELATION_FILES.summary));
    if (!summary) return null;
    const slot = new Map(summary.features.map((f, i) => [f, i]));
    const chosen = q.features ?? summary.features.slice(0, q.top); // matrix order is most frequent first
    const missing = chosen.filter((f) => !slot.has(f));
    if (missing.length)
      throw new ApiError(
        'VALIDATION',
        `Features ${missing.slice(0, 5).join(', ')} are not in the correlation matrix (it holds the ${summary.features.length} most frequent)`,
      );
    const m = summary.features.length;
    const full = readFloat32(path.join(dir, CORRELATION_FILES.matrix));
    const k = chosen.length;
    const r: number[] = new Array<number>(k * k);
    const pairs: CorrelationHeatmap['pairs'] = [];
    for (let a = 0; a < k; a++) {
      for (let b = 0; b < k; b++) {
        const v = full[slot.get(chosen[a]!)! * m + slot.get(chosen[b]!)!]!;
        r[a * k + b] = v;
        if (b > a && Math.abs(v) >= q.threshold) pairs.push({ a: chosen[a]!, b: chosen[b]!, r: v });
      }
    }
    pairs.sort((x, y) => Math.abs(y.r) - Math.abs(x.r) || x.a - y.a || x.b - y.b);
    const labels = this.labels(q.saeId, chosen);
    return {
      saeId: q.saeId,
      features: chosen,
      labels: chosen.map((f) => labels.get(f) ?? null),
      r,
      pairs: pairs.slice(0, 200),
      tokens: summary.tokens,
    };
  }

  startMap(input: z.output<typeof mapParamsSchema>): JobRecord {
    const sae = this.saes.get(input.saeId);
    const running = this.activeJobs().find((j) => isJobOf(j, MAP_TASK) && j.params.saeId === sae.id && j.params.method === input.method);
    if (running) return running;
    const params: MapTaskParams & AnalysisJobTag = {
      name: `${sae.name} (${input.method.toUpperCase()})`,
      saeId: sae.id,
      saeDir: sae.weightsPath,
      method: input.method,
      seed: input.seed,
      outFile: path.resolve(this.files.map(sae.id, input.method)),
    };
    return this.jobs.start(MAP_TASK, params);
  }

  map(saeId: string, method: ProjectionMethod): FeatureMapView | null {
    const sae = this.saes.get(saeId);
    const m = readJson<FeatureMap>(this.files.map(saeId, method));
    if (!m) return null;
    const n = sae.dSae;
    const view: FeatureMapView = {
      ...m,
      frequency: new Array<number>(n).fill(0),
      proxy: new Array<number | null>(n).fill(null),
      densityBucket: new Array<string>(n).fill('unknown'),
      label: new Array<string | null>(n).fill(null),
    };
    for (const r of this.summaries.all(saeId) as { i: number; f: number; p: number | null; d: string; l: string | null }[]) {
      if (r.i >= n) continue;
      view.frequency[r.i] = r.f;
      view.proxy[r.i] = r.p;
      view.densityBucket[r.i] = r.d;
      view.label[r.i] = r.l;
    }
    return view;
  }

  active(saeId: string): JobRecord[] {
    this.saes.get(saeId);
    return this.jobs.store
      .list(['queued', 'running', 'paused'], 200)
      .filter((j) => isJobOf(j, ...ANALYSIS_JOBS) && j.params.saeId === saeId);
  }
}
