import { asc, desc, eq } from 'drizzle-orm';
import type { Db } from '../db/connection';
import { sweeps, trainings, type SweepRow } from '../db/schema';
import type { SweepPoint } from '../../../shared/types/sweeps';

/** A run of a sweep as its membership columns hold it (docs/training.md, "Sweeps"). */
export interface SweepMember {
  trainingId: string;
  index: number;
  point: SweepPoint;
}

/** Rows of `sweeps` and the membership columns of `trainings`. */
export class SweepStore {
  constructor(private readonly db: Db) {}

  list(): SweepRow[] {
    return this.db.select().from(sweeps).orderBy(desc(sweeps.createdAt)).all();
  }

  get(id: string): SweepRow | null {
    return this.db.select().from(sweeps).where(eq(sweeps.id, id)).get() ?? null;
  }

  insert(row: typeof sweeps.$inferInsert): void {
    this.db.insert(sweeps).values(row).run();
  }

  /** Deletes the row; runs still pointing at it become plain runs (sweep_id ON DELETE SET NULL). */
  delete(id: string): void {
    this.db.delete(sweeps).where(eq(sweeps.id, id)).run();
  }

  /** The sweep's runs in point order (a deleted run is simply absent). */
  members(sweepId: string): SweepMember[] {
    return this.db
      .select({ trainingId: trainings.id, index: trainings.sweepIndex, point: trainings.sweepPoint })
      .from(trainings)
      .where(eq(trainings.sweepId, sweepId))
      .orderBy(asc(trainings.sweepIndex))
      .all()
      .map((r) => ({ trainingId: r.trainingId, index: r.index ?? 0, point: r.point ?? {} }));
  }

  /** training id → sweep id, for every run of a sweep (to route a run's changes to its sweep). */
  memberships(): Map<string, string> {
    const rows = this.db.select({ id: trainings.id, sweepId: trainings.sweepId }).from(trainings).all();
    return new Map(rows.flatMap((r) => (r.sweepId ? [[r.id, r.sweepId] as const] : [])));
  }
}
