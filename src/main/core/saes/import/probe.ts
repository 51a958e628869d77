import { ApiError } from '../../../../shared/contract/errors';
import type { DatasetRecord } from '../../../../shared/types/datasets';
import type { SaeImportProbe, SaeRecord } from '../../../../shared/types/saes';
import type { ImportProbeParams } from '../../../../shared/jobs/saes';
import type { SaeImportContext } from './import-folder';

/** A few hundred tokens: enough to tell a fitting SAE (EV near its training value) from a misplaced one. */
export const IMPORT_PROBE_TOKENS = 512;

/** SAEs being measured in this process (a status "running" left by a crash does not block a new probe). */
const measuring = new Set<string>();

/** The dataset an imported SAE is measured on: the bundled corpus when tokenized for the model, else the newest that is. */
export function probeDatasetFor(ctx: Pick<SaeImportContext, 'datasets'>, modelId: string): DatasetRecord | null {
  const ready = ctx.datasets.store.list().filter((d) => d.tokenization?.modelId === modelId && d.status === 'tokenized');
  return ready.find((d) => d.source === 'bundled') ?? ready[0] ?? null;
}

function setProbe(ctx: SaeImportContext, sae: SaeRecord, probe: SaeImportProbe): void {
  if (!ctx.saes.store.row(sae.id)) return; // deleted meanwhile
  const patch: Parameters<typeof ctx.saes.store.update>[1] = { provenance: { ...ctx.saes.get(sae.id).provenance, importProbe: probe } };
  if (probe.datasetId && !sae.datasetId) patch.datasetId = probe.datasetId; // the feature pass's default dataset
  ctx.saes.store.update(sae.id, patch);
  ctx.saes.changed(sae.id);
}

/**
 * Right after an import (and on request): explained variance and L0 of the SAE on the first
 * IMPORT_PROBE_TOKENS tokens of a dataset tokenized for its model, in a worker; the outcome lands
 * in provenance.importProbe. Skipped, with the reason, when no dataset is tokenized for the model.
 */
export function startImportProbe(ctx: SaeImportContext, saeId: string, datasetId?: string): SaeRecord {
  const sae = ctx.saes.get(saeId);
  if (sae.source !== 'import')
    throw new ApiError('INVALID_STATE', `"${sae.name}" was not imported; its training metrics already say how well it reconstructs.`);
  if (measuring.has(saeId)) throw new ApiError('CONFLICT', `"${sae.name}" is being measured already.`);
  const base = { tokens: 0, explainedVariance: null, l0: null, at: Date.now() };
  const model = sae.modelId ? ctx.models.get(sae.modelId) : null;
  if (!model?.path || model.status !== 'ready') {
    setProbe(ctx, sae, { ...base, status: 'skipped', datasetId: null, datasetName: null, message: 'its model is missing or not ready' });
    return ctx.saes.get(saeId);
  }
  const dataset = datasetId ? ctx.datasets.get(datasetId) : probeDatasetFor(ctx, model.id);
  if (!dataset?.tokenization || dataset.tokenization.modelId !== model.id) {
    const why = dataset ? `${dataset.name} is not tokenized for ${model.name}` : `no dataset is tokenized for ${model.name} yet`;
    setProbe(ctx, sae, {
      ...base,
      status: 'skipped',
      datasetId: null,
      datasetName: dataset?.name ?? null,
      message: `${why}; tokenize one on the Datasets tab, then measure again`,
    });
    return ctx.saes.get(saeId);
  }
  const running = { ...base, status: 'running' as const, datasetId: dataset.id, datasetName: dataset.name, message: null };
  setProbe(ctx, sae, running);
  measuring.add(saeId);
  const params: ImportProbeParams = {
    saeDir: sae.weightsPath,
    modelDir: model.path,
    hook: sae.hook,
    tokensDir: dataset.tokenization.path,
    maxTokens: IMPORT_PROBE_TOKENS,
    provider: ctx.models.provider(),
  };
  ctx.jobs
    .runEphemeral('saes.importProbe', params)
    .finally(() => measuring.delete(saeId))
    .then(
      (r) => {
        setProbe(ctx, sae, {
          ...running,
          status: 'completed',
          tokens: r.tokens,
          explainedVariance: r.explainedVariance,
          l0: r.l0,
          at: Date.now(),
        });
      },
      (err: unknown) => {
        const message = err instanceof Error ? err.message : String(err);
        try {
          setProbe(ctx, sae, { ...running, status: 'failed', message, at: Date.now() });
        } catch {
          // The core is closing (database gone): the record keeps "running"; "Measure again" redoes it.
        }
        ctx.log.warn(`measuring the imported SAE "${sae.name}" failed: ${message}`);
      },
    );
  return ctx.saes.get(saeId);
}
