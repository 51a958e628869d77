import path from 'node:path';
import { ApiError } from '../../../shared/contract/errors';
import type { z } from 'zod';
import type { featurePassParamsSchema } from '../../../shared/contract/features';
import type { FeaturePassParams } from '../../../shared/types/features';
import type { SaeRecord } from '../../../shared/types/saes';
import type { FeaturePassJobParams, FeaturePassTaskParams } from '../../../shared/jobs/features';
import type { DatasetsService } from '../datasets/service';
import type { ModelsService } from '../models/service';

/**
 * Checks a pass request against the SAE, its model and the dataset (tokenized for that model,
 * with the split asked for) and fills every default: refused here, before any row is written.
 */
export function resolvePassParams(
  input: z.output<typeof featurePassParamsSchema>,
  sae: SaeRecord,
  deps: { models: ModelsService; datasets: DatasetsService },
): { params: FeaturePassParams; modelDir: string; tokensDir: string } {
  if (!sae.modelId) throw new ApiError('INVALID_STATE', `The model of "${sae.name}" was deleted; a feature pass needs it`);
  const m = deps.models.get(sae.modelId);
  if (m.status !== 'ready' || !m.path) throw new ApiError('INVALID_STATE', `${m.name} is ${m.status}`);
  if (!m.hooks.some((h) => h.name === sae.hook)) throw new ApiError('INVALID_STATE', `${m.name} has no hook ${sae.hook}`);
  if (m.architecture?.dModel && m.architecture.dModel !== sae.dIn)
    throw new ApiError('INVALID_STATE', `${m.name} has d_model ${m.architecture.dModel}; the SAE expects d_in ${sae.dIn}`);
  const datasetId = input.datasetId ?? sae.datasetId;
  if (!datasetId) throw new ApiError('VALIDATION', `"${sae.name}" has no dataset of its own; pick a tokenized dataset for the pass`);
  const d = deps.datasets.get(datasetId);
  if (!d.tokenization || d.tokenization.modelId !== m.id || d.status === 'tokenizing') {
    throw new ApiError('INVALID_STATE', `${d.name} is not tokenized for ${m.name}: tokenize it on the Datasets tab first.`);
  }
  if (input.split !== 'all' && !((d.splits[input.split] ?? 0) > 0)) {
    const has =
      Object.entries(d.splits)
        .map(([s, n]) => `${s}: ${n}`)
        .join(', ') || 'none';
    throw new ApiError('VALIDATION', `${d.name} has no ${input.split} split (it has ${has}); pick another split or "all".`);
  }
  const params: FeaturePassParams = {
    saeId: sae.id,
    datasetId: d.id,
    split: input.split,
    tokens: input.tokens,
    topK: input.topK,
    contextWindow: input.contextWindow,
    quantileGroups: input.quantileGroups,
    quantileExamples: input.quantileExamples,
    batchTokens: input.batchTokens,
  };
  return { params, modelDir: m.path, tokensDir: d.tokenization.path };
}

export function passJobParams(
  sae: SaeRecord,
  passId: string,
  r: ReturnType<typeof resolvePassParams>,
  o: { dbPath: string; outDir: string; provider: FeaturePassTaskParams['provider'] },
): FeaturePassJobParams {
  const p = r.params;
  return {
    name: sae.name,
    saeId: sae.id,
    passId,
    saeDir: sae.weightsPath,
    modelDir: r.modelDir,
    hook: sae.hook,
    tokensDir: r.tokensDir,
    datasetId: p.datasetId,
    splitFilter: p.split === 'all' ? null : { dbPath: o.dbPath, datasetId: p.datasetId, splits: [p.split] },
    maxTokens: p.tokens,
    topK: p.topK,
    contextWindow: p.contextWindow,
    quantileGroups: p.quantileGroups,
    quantileExamples: p.quantileExamples,
    batchTokens: p.batchTokens,
    outDir: path.resolve(o.outDir),
    ...(o.provider ? { provider: o.provider } : {}),
  };
}
