import { ApiError } from '../../../shared/contract/errors';
import type { TrainingConfig } from '../../../shared/contract/training';
import { isBatchTopKFamily, matryoshkaPrefixWidths, sparsityLabel } from '../../../shared/sae-architectures';
import type { DatasetRecord } from '../../../shared/types/datasets';
import type { ModelRecord } from '../../../shared/types/models';
import type { ActivationsService } from '../activations/service';
import type { DatasetsService } from '../datasets/service';
import type { ModelsService } from '../models/service';
import type { SettingsService } from '../settings/service';

export interface RunCheckDeps {
  models: ModelsService;
  datasets: DatasetsService;
  activations: ActivationsService;
  settings: SettingsService;
}

/** What a config resolves to once every check passed: the rows it reads and the SAE's shape. */
export interface CheckedRun {
  model: ModelRecord;
  dataset: DatasetRecord & { tokenization: NonNullable<DatasetRecord['tokenization']> };
  activationSetId: string | null;
  dIn: number;
  dSae: number;
  engine: NonNullable<TrainingConfig['engine']>;
  /** The config's name, or one made from the model, hook and sparsity setting. */
  name: string;
}

/**
 * Every check training.create makes before a run exists (docs/training.md, "Runs in the app"):
 * the source is ready and has the hook, the dataset is tokenized for the model, and the
 * hyperparameters fit the architecture and engine. Sweeps run it on every point before creating
 * any run. Throws ApiError (VALIDATION / INVALID_STATE / NOT_FOUND); writes nothing.
 */
export function checkRunConfig(config: TrainingConfig, deps: RunCheckDeps): CheckedRun {
  const hp = config.hyperparameters;
  let modelId: string;
  let datasetId: string;
  let activationSetId: string | null = null;
  if (config.source.kind === 'activations') {
    const set = deps.activations.get(config.source.activationSetId);
    if (set.status !== 'ready') throw new ApiError('INVALID_STATE', `${set.name} is ${set.status}`);
    if (!set.hooks.includes(config.hook))
      throw new ApiError('VALIDATION', `${set.name} has no ${config.hook} (it has ${set.hooks.join(', ')})`);
    if (!set.modelId || !set.datasetId) throw new ApiError('INVALID_STATE', `${set.name}: its model or dataset was deleted`);
    modelId = set.modelId;
    datasetId = set.datasetId;
    activationSetId = set.id;
  } else {
    modelId = config.source.modelId;
    datasetId = config.source.datasetId;
  }
  const m = deps.models.get(modelId);
  if (m.status !== 'ready' || !m.path) throw new ApiError('INVALID_STATE', `${m.name} is ${m.status}`);
  if (!m.hooks.some((h) => h.name === config.hook)) throw new ApiError('VALIDATION', `${m.name} has no hook ${config.hook}`);
  const d = deps.datasets.get(datasetId);
  const tokenization = d.tokenization;
  if (!tokenization || tokenization.modelId !== m.id || d.status === 'tokenizing')
    throw new ApiError('INVALID_STATE', `${d.name} is not tokenized for ${m.name}: tokenize it on the Datasets tab first.`);
  const dIn = m.architecture?.dModel ?? 0;
  if (dIn <= 0) throw new ApiError('INVALID_STATE', `${m.name} has no known d_model`);
  const dSae = dIn * hp.expansionFactor;
  const engine = config.engine ?? deps.settings.settings.trainingEngine;
  if ((hp.architecture === 'topk' || isBatchTopKFamily(hp.architecture)) && hp.k > dSae)
    throw new ApiError('VALIDATION', `k = ${hp.k} is more than the ${dSae} features of this SAE`);
  const widths = hp.architecture === 'matryoshka' ? matryoshkaPrefixWidths(hp.matryoshkaWidths, dSae) : null;
  if (typeof widths === 'string') throw new ApiError('VALIDATION', widths);
  if (hp.ghostGradients && hp.architecture !== 'standard')
    throw new ApiError('VALIDATION', 'Ghost gradients apply to standard (ReLU) SAEs only; TopK and BatchTopK use AuxK for dead features.');
  if (hp.ghostGradients && engine === 'ort')
    throw new ApiError(
      'VALIDATION',
      'Ghost gradients run only on the tfjs engine; pick tfjs or auto as the engine, or turn ghost gradients off.',
    );
  if (config.evalEvery > 0 && config.evalEvery % config.metricsEvery !== 0) {
    throw new ApiError(
      'VALIDATION',
      `The splice evaluation interval (${config.evalEvery}) must be a multiple of the metrics interval (${config.metricsEvery}).`,
    );
  }
  const layer = /^blocks\.(\d+)\.hook_(\w+)$/.exec(config.hook);
  const name =
    config.name ?? `${m.name} · L${layer?.[1] ?? '?'} ${layer?.[2] ?? config.hook} · ${sparsityLabel(hp)} · ×${hp.expansionFactor}`;
  return { model: m, dataset: { ...d, tokenization }, activationSetId, dIn, dSae, engine, name };
}
