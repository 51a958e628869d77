import type { DatasetRecord } from '../../../shared/types/datasets';
import type { ModelRecord } from '../../../shared/types/models';
import type { SaeRecord } from '../../../shared/types/saes';
import type { TrainingRecord } from '../../../shared/types/training';

/** A dataset's id on the Hugging Face hub (source = hf keeps "<owner>/<name>/<config>"), or null. */
import { datasetHubId } from '../datasets/hub-id';

export { datasetHubId };

/** What a model is called in files others read: its hub id where we know it, else its display name. */
export function modelHubName(m: ModelRecord | null, fallback: string | null): { name: string; hubId: string | null } {
  return { name: m?.repoId ?? m?.name ?? fallback ?? 'unknown model', hubId: m?.repoId ?? null };
}

export interface ExportSources {
  sae: SaeRecord;
  model: ModelRecord | null;
  dataset: DatasetRecord | null;
  training: TrainingRecord | null;
  /** provenance.json beside bundled weights (the demo SAE's settings), when present. */
  bundledProvenance: Record<string, unknown> | null;
  appVersion: string;
}

/**
 * cfg.json as exported (docs/interop-export.md "Export"): the SAE's own cfg with `model_name` set to
 * the model's hub id where known (display name otherwise), and our provenance in `metadata` — SAELens
 * keeps `metadata` as it is, so a loader there sees where the SAE came from.
 */
export function exportedCfg(cfg: Record<string, unknown>, s: ExportSources): Record<string, unknown> {
  const model = modelHubName(s.model, s.sae.modelName);
  const meta = (cfg.metadata ?? {}) as Record<string, unknown>;
  const datasetPath = datasetHubId(s.dataset) ?? (meta.dataset_path as string | null | undefined) ?? null;
  return {
    ...cfg,
    model_name: model.name,
    ...(datasetPath ? { dataset_path: datasetPath } : {}),
    metadata: {
      ...meta,
      model_name: model.name,
      dataset_path: datasetPath,
      trained_with: meta.trained_with ?? 'miStudio',
      mistudio_version: s.appVersion,
      mistudio_sae_id: s.sae.id,
      mistudio_sae_name: s.sae.name,
      mistudio_model_display_name: s.model?.name ?? s.sae.modelName,
      mistudio_training_id: s.training?.id ?? null,
      mistudio_training_name: s.training?.name ?? s.sae.provenance.trainingName ?? null,
      mistudio_step: s.sae.provenance.step ?? null,
      mistudio_dataset_name: s.dataset?.name ?? null,
      mistudio_explained_variance: s.sae.provenance.explainedVariance ?? null,
      mistudio_ce_loss_recovered: s.sae.provenance.ceLossRecovered ?? null,
      mistudio_exported_at: new Date().toISOString(),
    },
  };
}

/** config.json: hyperparameters, dataset, model, hook — what a researcher needs to reproduce the SAE. */
export function exportedConfig(s: ExportSources): Record<string, unknown> {
  const t = s.training;
  const b = s.bundledProvenance ?? {};
  return {
    sae: {
      name: s.sae.name,
      hook: s.sae.hook,
      dIn: s.sae.dIn,
      dSae: s.sae.dSae,
      architecture: s.sae.architecture,
      k: s.sae.k,
      dtype: s.sae.dtype,
      step: s.sae.provenance.step ?? null,
    },
    model: {
      ...modelHubName(s.model, s.sae.modelName),
      displayName: s.model?.name ?? s.sae.modelName,
      architecture: s.model?.architecture ?? null,
    },
    dataset: s.dataset
      ? {
          name: s.dataset.name,
          hubId: datasetHubId(s.dataset),
          splits: s.dataset.splits,
          tokenization: s.dataset.tokenization?.settings ?? null,
        }
      : (b.dataset as string | undefined)
        ? { name: b.dataset, hubId: null, tokenization: b.tokenization ?? null }
        : null,
    hook: s.sae.hook,
    hyperparameters: t?.hyperparameters ?? b.hyperparameters ?? null,
    training: t
      ? {
          id: t.id,
          name: t.name,
          config: t.config,
          engine: t.engine,
          steps: t.currentStep,
          status: t.status,
          latest: t.latest,
          latestEval: t.latestEval,
        }
      : b.trainingName
        ? { name: b.trainingName, step: b.step ?? null }
        : null,
    evaluation: {
      explainedVariance: s.sae.provenance.explainedVariance ?? null,
      ceLossRecovered: s.sae.provenance.ceLossRecovered ?? null,
    },
  };
}
