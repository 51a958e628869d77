import { desc, eq } from 'drizzle-orm';
import type { Db } from '../db/connection';
import { activationSets, datasets, models, type ActivationSetRow } from '../db/schema';
import type { ActivationSetRecord } from '../../../shared/types/activations';

type Row = ActivationSetRow & { modelName: string | null; datasetName: string | null };

function toRecord(row: Row): ActivationSetRecord {
  return {
    id: row.id,
    name: row.name,
    modelId: row.modelId,
    modelName: row.modelName,
    datasetId: row.datasetId,
    datasetName: row.datasetName,
    hooks: row.hooks,
    dtype: row.dtype,
    dModel: row.dModel,
    tokenCount: row.tokenCount,
    sizeBytes: row.sizeBytes,
    status: row.status,
    config: row.config!, // written with every set (extract); nullable only as a JSON column
    error: row.error,
    jobId: row.jobId,
    tokensPerSecond: row.tokensPerSecond,
    createdAt: row.createdAt,
    updatedAt: row.updatedAt,
  };
}

export class ActivationSetStore {
  constructor(private readonly db: Db) {}

  private query() {
    return this.db
      .select({ set: activationSets, modelName: models.name, datasetName: datasets.name })
      .from(activationSets)
      .leftJoin(models, eq(models.id, activationSets.modelId))
      .leftJoin(datasets, eq(datasets.id, activationSets.datasetId));
  }

  list(): ActivationSetRecord[] {
    return this.query()
      .orderBy(desc(activationSets.createdAt))
      .all()
      .map((r) => toRecord({ ...r.set, modelName: r.modelName, datasetName: r.datasetName }));
  }

  get(id: string): ActivationSetRecord | null {
    const r = this.query().where(eq(activationSets.id, id)).get();
    return r ? toRecord({ ...r.set, modelName: r.modelName, datasetName: r.datasetName }) : null;
  }

  insert(row: typeof activationSets.$inferInsert): void {
    this.db.insert(activationSets).values(row).run();
  }

  update(id: string, patch: Partial<typeof activationSets.$inferInsert>): void {
    this.db
      .update(activationSets)
      .set({ ...patch, updatedAt: Date.now() })
      .where(eq(activationSets.id, id))
      .run();
  }

  delete(id: string): void {
    this.db.delete(activationSets).where(eq(activationSets.id, id)).run();
  }
}
