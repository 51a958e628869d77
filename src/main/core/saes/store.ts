import { and, desc, eq, type SQL } from 'drizzle-orm';
import type { Db } from '../db/connection';
import { models, saes, type SaeRow } from '../db/schema';
import type { FeaturePassRecord } from '../../../shared/types/features';
import type { SaeRecord } from '../../../shared/types/saes';

/** What the features domain adds to an SAE record (set by the core: features depend on SAEs, not the reverse). */
export interface SaeAnalysis {
  featureCount: number;
  lastPass: FeaturePassRecord | null;
  activePass: FeaturePassRecord | null;
}
export type AnalysisOf = (saeId: string) => SaeAnalysis;
const NO_ANALYSIS: SaeAnalysis = { featureCount: 0, lastPass: null, activePass: null };

export function toSaeRecord(r: SaeRow, modelName: string | null, analysis: SaeAnalysis): SaeRecord {
  return {
    id: r.id,
    name: r.name,
    source: r.source,
    modelId: r.modelId,
    modelName,
    hook: r.hook,
    dIn: r.dIn,
    dSae: r.dSae,
    architecture: r.architecture,
    k: r.k,
    hasThreshold: r.hasThreshold,
    dtype: r.dtype,
    weightsPath: r.weightsPath,
    trainingId: r.trainingId,
    checkpointId: r.checkpointId,
    datasetId: r.datasetId,
    provenance: r.provenance,
    ...analysis,
    sizeBytes: r.sizeBytes,
    createdAt: r.createdAt,
    updatedAt: r.updatedAt,
  };
}

export class SaeStore {
  analysisOf: AnalysisOf = () => NO_ANALYSIS;

  constructor(private readonly db: Db) {}

  private query(where?: SQL) {
    const q = this.db.select({ s: saes, modelName: models.name }).from(saes).leftJoin(models, eq(models.id, saes.modelId));
    return where ? q.where(where) : q;
  }

  list(filter: { trainingId?: string; modelId?: string } = {}): SaeRecord[] {
    const conds = [
      filter.trainingId ? eq(saes.trainingId, filter.trainingId) : undefined,
      filter.modelId ? eq(saes.modelId, filter.modelId) : undefined,
    ].filter((c) => c !== undefined);
    return this.query(conds.length ? and(...conds) : undefined)
      .orderBy(desc(saes.createdAt))
      .all()
      .map((r) => toSaeRecord(r.s, r.modelName, this.analysisOf(r.s.id)));
  }

  get(id: string): SaeRecord | null {
    const r = this.query(eq(saes.id, id)).get();
    return r ? toSaeRecord(r.s, r.modelName, this.analysisOf(id)) : null;
  }

  row(id: string): SaeRow | null {
    return this.db.select().from(saes).where(eq(saes.id, id)).get() ?? null;
  }

  byCheckpoint(checkpointId: string): SaeRow | null {
    return this.db.select().from(saes).where(eq(saes.checkpointId, checkpointId)).get() ?? null;
  }

  bundled(): SaeRow | null {
    return this.db.select().from(saes).where(eq(saes.source, 'bundled')).get() ?? null;
  }

  ids(): Set<string> {
    return new Set(
      this.db
        .select({ id: saes.id })
        .from(saes)
        .all()
        .map((r) => r.id),
    );
  }

  insert(row: typeof saes.$inferInsert): void {
    this.db.insert(saes).values(row).run();
  }

  update(id: string, patch: Partial<typeof saes.$inferInsert>): void {
    this.db
      .update(saes)
      .set({ ...patch, updatedAt: Date.now() })
      .where(eq(saes.id, id))
      .run();
  }

  delete(id: string): void {
    this.db.delete(saes).where(eq(saes.id, id)).run();
  }
}
