/**
 * Steering presets (docs/steering.md): the whole configuration of the Steering page, saved per
 * SAE. The `steering_presets` table has no SAE column (adding one needs a migration), so the
 * SAE is the config JSON's `saeId`; listing by SAE filters on it.
 */
import { desc, eq } from 'drizzle-orm';
import { ApiError } from '../../../shared/contract/errors';
import {
  steeringPresetConfigSchema,
  steeringPresetFileSchema,
  type SteeringPresetConfig,
  type SteeringPresetFile,
} from '../../../shared/contract/steering';
import type { SteeringPresetRecord } from '../../../shared/types/steering';
import type { Db } from '../db/connection';
import { steeringPresets } from '../db/schema';
import type { EventBus } from '../events';
import { newId } from '../util/ids';

type Row = typeof steeringPresets.$inferSelect;

function issues(e: { issues: { path: PropertyKey[]; message: string }[] }): string {
  return e.issues.map((i) => `${i.path.map(String).join('.') || '(file)'}: ${i.message}`).join('; ');
}

export class SteeringPresetsService {
  constructor(
    private readonly db: Db,
    private readonly events: EventBus,
  ) {}

  /** A stored row as a record; a row whose config no longer validates is reported, never loaded half-valid. */
  private record(r: Row): SteeringPresetRecord {
    const parsed = steeringPresetConfigSchema.safeParse(r.config);
    if (!parsed.success)
      throw new ApiError('INVALID_STATE', `Preset "${r.name}" is not a valid steering configuration: ${issues(parsed.error)}`);
    return {
      id: r.id,
      name: r.name,
      description: r.description,
      isFavorite: r.isFavorite,
      saeId: parsed.data.saeId,
      config: parsed.data,
      createdAt: r.createdAt,
      updatedAt: r.updatedAt,
    };
  }

  list(saeId?: string): SteeringPresetRecord[] {
    const t = steeringPresets;
    const rows = this.db.select().from(t).orderBy(desc(t.isFavorite), desc(t.updatedAt), desc(t.createdAt)).all();
    return rows.filter((r) => saeId === undefined || (r.config as { saeId?: unknown }).saeId === saeId).map((r) => this.record(r));
  }

  get(id: string): SteeringPresetRecord {
    const r = this.db.select().from(steeringPresets).where(eq(steeringPresets.id, id)).get();
    if (!r) throw new ApiError('NOT_FOUND', `No steering preset with id ${id}`);
    return this.record(r);
  }

  private changed(saeId: string | null): void {
    this.events.emit('steering.presetsChanged', { saeId });
  }

  save(o: {
    id?: string | undefined;
    name: string;
    description?: string | null | undefined;
    isFavorite?: boolean | undefined;
    config: SteeringPresetConfig;
  }): SteeringPresetRecord {
    const config = steeringPresetConfigSchema.parse(o.config);
    const now = Date.now();
    if (o.id) {
      const old = this.get(o.id);
      this.db
        .update(steeringPresets)
        .set({
          name: o.name,
          description: o.description === undefined ? old.description : o.description,
          isFavorite: o.isFavorite ?? old.isFavorite,
          config,
          updatedAt: now,
        })
        .where(eq(steeringPresets.id, o.id))
        .run();
      this.changed(config.saeId);
      return this.get(o.id);
    }
    const id = newId('spre');
    this.db
      .insert(steeringPresets)
      .values({
        id,
        name: o.name,
        description: o.description ?? null,
        isFavorite: o.isFavorite ?? false,
        config,
        createdAt: now,
        updatedAt: now,
      })
      .run();
    this.changed(config.saeId);
    return this.get(id);
  }

  rename(id: string, name: string): SteeringPresetRecord {
    const p = this.get(id);
    this.db.update(steeringPresets).set({ name, updatedAt: Date.now() }).where(eq(steeringPresets.id, id)).run();
    this.changed(p.saeId);
    return this.get(id);
  }

  setFavorite(id: string, isFavorite: boolean): SteeringPresetRecord {
    const p = this.get(id);
    this.db.update(steeringPresets).set({ isFavorite, updatedAt: Date.now() }).where(eq(steeringPresets.id, id)).run();
    this.changed(p.saeId);
    return this.get(id);
  }

  delete(id: string): { deleted: true } {
    const p = this.get(id);
    this.db.delete(steeringPresets).where(eq(steeringPresets.id, id)).run();
    this.changed(p.saeId);
    return { deleted: true };
  }

  /** The given presets (or all of an SAE, or all) as the versioned export file. */
  export(o: { ids?: string[] | undefined; saeId?: string | undefined }): { json: string; count: number } {
    const chosen = o.ids ? o.ids.map((id) => this.get(id)) : this.list(o.saeId);
    if (chosen.length === 0) throw new ApiError('VALIDATION', 'No presets to export');
    const file: SteeringPresetFile = {
      format: 'mistudio.steering-presets',
      version: 1,
      presets: chosen.map((p) => ({ name: p.name, description: p.description, isFavorite: p.isFavorite, config: p.config })),
    };
    return { json: JSON.stringify(file, null, 2), count: chosen.length };
  }

  /** Validates the whole file first; then saves every preset in one transaction (all or none). */
  import(json: string): SteeringPresetRecord[] {
    let raw: unknown;
    try {
      raw = JSON.parse(json);
    } catch (e) {
      throw new ApiError('VALIDATION', `Not JSON: ${(e as Error).message}`);
    }
    const parsed = steeringPresetFileSchema.safeParse(raw);
    if (!parsed.success) throw new ApiError('VALIDATION', `Not a steering preset file: ${issues(parsed.error)}`);
    const now = Date.now();
    const ids = this.db.transaction((tx) =>
      parsed.data.presets.map((p) => {
        const id = newId('spre');
        tx.insert(steeringPresets)
          .values({
            id,
            name: p.name,
            description: p.description,
            isFavorite: p.isFavorite,
            config: p.config,
            createdAt: now,
            updatedAt: now,
          })
          .run();
        return id;
      }),
    );
    for (const saeId of new Set(parsed.data.presets.map((p) => p.config.saeId))) this.changed(saeId);
    return ids.map((id) => this.get(id));
  }
}
