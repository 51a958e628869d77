import { existsSync } from 'node:fs';
import path from 'node:path';
import { ApiError } from '../../../shared/contract/errors';
import type { TrainingRecord } from '../../../shared/types/training';
import type { TrainJobParams, TrainSaeParams } from '../../../shared/jobs/training';
import { HYPERPARAMETER_DEFAULTS } from '../../../shared/types/training-config';
import { evalSplitsOf, type ActivationsService } from '../activations/service';
import type { DatasetsService } from '../datasets/service';
import type { ModelsService } from '../models/service';
import type { SettingsService } from '../settings/service';
import { datasetHubId } from '../datasets/hub-id';

export type { TrainJobParams };

export interface JobParamDeps {
  models: ModelsService;
  datasets: DatasetsService;
  activations: ActivationsService;
  settings: SettingsService;
  dbPath: string;
  /** saes/<training-id>/ */
  outDir: string;
}

/**
 * The job parameters for a stretch of training, checking everything it needs still exists and
 * is unchanged (model ready, dataset tokenized for it with the same windows, activation set
 * ready). Called before anything destructive (rewinds, copies), so a refusal loses nothing.
 */
export function trainJobParams(t: TrainingRecord, resumeFrom: string | null, deps: JobParamDeps): TrainJobParams {
  const gone = (what: string) => new ApiError('INVALID_STATE', `"${t.name}" cannot train on: ${what}`);
  const m = t.modelId ? deps.models.store.get(t.modelId) : null;
  if (!m || m.status !== 'ready' || !m.path) throw gone('its model was deleted or is not ready');
  const d = t.datasetId ? deps.datasets.store.get(t.datasetId) : null;
  if (!d) throw gone('its dataset was deleted');
  const c = t.config;
  const tok = d.tokenization;
  if (!tok || tok.modelId !== m.id || d.status === 'tokenizing') throw gone(`${d.name} is not tokenized for ${m.name} any more`);
  let contextSize = tok.settings.mode === 'concat_chunk' ? tok.settings.contextSize : tok.settings.maxLength;
  let source: TrainSaeParams['source'];
  let heldOut: string[];
  if (c.source.kind === 'activations') {
    const set = deps.activations.store.get(c.source.activationSetId);
    if (!set || set.status !== 'ready') throw gone('its activation set was deleted or is not ready');
    contextSize = set.config.contextSize ?? contextSize;
    heldOut = set.config.heldOutSplits ?? [];
    source = { kind: 'activations', activationsDir: deps.activations.dir(set.id) };
  } else {
    // Streaming resumes by re-running the same windows: a re-tokenized dataset would silently change them.
    if (t.config.tokenizedAt !== undefined && t.config.tokenizedAt !== tok.createdAt)
      throw gone(`${d.name} was tokenized again since this run started, so its windows changed; start a new run`);
    heldOut = evalSplitsOf(d.splits);
    const holdOut = heldOut.length ? { dbPath: deps.dbPath, datasetId: d.id, splits: heldOut } : null;
    source = { kind: 'model', modelDir: m.path, tokensDir: tok.path, provider: deps.settings.settings.executionProvider, holdOut };
  }
  if (resumeFrom && !existsSync(path.join(resumeFrom, 'cfg.json'))) throw gone(`the checkpoint folder ${resumeFrom} is gone`);
  const provider = deps.settings.settings.executionProvider;
  return {
    name: t.name,
    trainingId: t.id,
    // Runs stored before a hyperparameter existed get the schema's default for it (the one place defaults live).
    hyperparameters: { ...HYPERPARAMETER_DEFAULTS, ...t.hyperparameters, dIn: t.dIn },
    source,
    hook: t.hook,
    outDir: deps.outDir,
    checkpointEvery: c.checkpointEvery,
    metricsEvery: c.metricsEvery,
    engine: c.engine ?? 'auto',
    // cfg.json names the model by hub id where known and the dataset by its hub id (docs/interop-export.md).
    provenance: {
      modelName: m.repoId ?? m.name,
      contextSize,
      ...(datasetHubId(d ?? null) ? { datasetPath: datasetHubId(d ?? null)! } : {}),
    },
    ...(resumeFrom ? { resumeFrom } : {}),
    ...(c.evalEvery > 0
      ? {
          evaluation: {
            modelDir: m.path,
            every: c.evalEvery,
            tokens: c.evalTokens,
            contextSize,
            // The eval reads the first of validation/test the dataset has; in-sample unless the training data left it out.
            text: { dbPath: deps.dbPath, datasetId: d.id, inSample: !heldOut.includes(evalSplitsOf(d.splits)[0] ?? '') },
            provider,
          },
        }
      : {}),
  };
}
