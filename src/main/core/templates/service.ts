import { desc, eq } from 'drizzle-orm';
import { ApiError } from '../../../shared/contract/errors';
import { extractionConfigSchema } from '../../../shared/contract/activations';
import { trainingConfigSchema } from '../../../shared/contract/training';
import type { TemplateKind, TemplateRecord } from '../../../shared/types/activations';
import type { Db } from '../db/connection';
import { extractionTemplates, trainingTemplates } from '../db/schema';
import type { EventBus } from '../events';
import { newId } from '../util/ids';

/**
 * What a template may hold: any subset of the run's configuration, validated as it would be
 * at run time (so loading a template never fills the form with out-of-range values).
 */
const configSchemas = {
  training: trainingConfigSchema
    .partial()
    .extend({ hyperparameters: trainingConfigSchema.shape.hyperparameters.partial().optional() })
    .strict(),
  extraction: extractionConfigSchema.partial().strict(),
};

/** Training and extraction templates (docs/activations.md, "Templates"): save, load, favourite, delete. */
export class TemplatesService {
  constructor(
    private readonly db: Db,
    private readonly events: EventBus,
  ) {}

  private table(kind: TemplateKind) {
    return kind === 'training' ? trainingTemplates : extractionTemplates;
  }

  list(kind: TemplateKind): TemplateRecord[] {
    const t = this.table(kind);
    return this.db
      .select()
      .from(t)
      .orderBy(desc(t.isFavorite), desc(t.updatedAt))
      .all()
      .map((r) => ({ ...r, kind }));
  }

  get(kind: TemplateKind, id: string): TemplateRecord {
    const t = this.table(kind);
    const r = this.db.select().from(t).where(eq(t.id, id)).get();
    if (!r) throw new ApiError('NOT_FOUND', `No ${kind} template with id ${id}`);
    return { ...r, kind };
  }

  save(
    kind: TemplateKind,
    o: {
      id?: string | undefined;
      name: string;
      description?: string | null | undefined;
      isFavorite?: boolean | undefined;
      config: Record<string, unknown>;
    },
  ): TemplateRecord {
    const parsed = configSchemas[kind].safeParse(o.config);
    if (!parsed.success) {
      throw new ApiError(
        'VALIDATION',
        `Invalid ${kind} template: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`,
      );
    }
    const t = this.table(kind);
    const now = Date.now();
    // Store what the researcher saved (input form), not zod's filled-in defaults.
    const config = o.config;
    if (o.id) {
      const old = this.get(kind, o.id);
      this.db
        .update(t)
        .set({
          name: o.name,
          description: o.description ?? old.description,
          isFavorite: o.isFavorite ?? old.isFavorite,
          config,
          updatedAt: now,
        })
        .where(eq(t.id, o.id))
        .run();
      this.events.emit('templates.changed', { kind });
      return this.get(kind, o.id);
    }
    const id = newId(kind === 'training' ? 'ttpl' : 'etpl');
    this.db
      .insert(t)
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
    this.events.emit('templates.changed', { kind });
    return this.get(kind, id);
  }

  setFavorite(kind: TemplateKind, id: string, isFavorite: boolean): TemplateRecord {
    this.get(kind, id);
    const t = this.table(kind);
    this.db.update(t).set({ isFavorite, updatedAt: Date.now() }).where(eq(t.id, id)).run();
    this.events.emit('templates.changed', { kind });
    return this.get(kind, id);
  }

  delete(kind: TemplateKind, id: string): { deleted: true } {
    this.get(kind, id);
    const t = this.table(kind);
    this.db.delete(t).where(eq(t.id, id)).run();
    this.events.emit('templates.changed', { kind });
    return { deleted: true };
  }
}
