import { heldOutOrdinals } from '../activations/hold-out';
import { countSelectedTokens, selectedWindows, windowBatches, type PassWindow, type WindowSelection } from '../features/windows';
import { cachedModel } from '../model/model-cache';
import type { LanguageModel } from '../model/language-model';
import { readSaeLensFolder, type LoadedSae } from '../sae/saelens-reader';
import { SaeEncoder } from '../features/encoder';
import type { TokenSource } from './protocol';
import { sparseCodes, type SparseCodes } from './sparse-codes';
import { CodedError } from '../../shared/coded-error';

export class AnalysisError extends CodedError<'BAD_PARAMS' | 'ANALYSIS_FAILED'> {}

/** The model, SAE, encoder and planned windows of a model-reading analysis (same selection rules as the feature pass). */
export interface OpenedSource {
  lm: LanguageModel;
  sae: LoadedSae;
  encoder: SaeEncoder;
  selection: WindowSelection;
  planned: { tokens: number; windows: number };
  encode: (x: Float32Array, n: number) => Promise<SparseCodes>;
  batches: () => AsyncGenerator<PassWindow[]>;
}

export async function openSource(p: TokenSource): Promise<OpenedSource> {
  const sae = await readSaeLensFolder(p.saeDir);
  const lm = cachedModel(p.modelDir, p.provider ?? 'cpu');
  lm.hook(p.hook);
  if (lm.architecture.dModel !== sae.dIn)
    throw new AnalysisError('BAD_PARAMS', `the SAE reads d_in ${sae.dIn} but ${p.hook} is ${lm.architecture.dModel} wide`);
  const selection: WindowSelection = { ordinals: p.splitFilter ? heldOutOrdinals({ ...p.splitFilter }) : null, maxTokens: p.maxTokens };
  if (selection.ordinals && selection.ordinals.size === 0)
    throw new AnalysisError('BAD_PARAMS', `dataset ${p.datasetId} has no samples in split ${p.split}`);
  const planned = await countSelectedTokens(p.tokensDir, selection);
  if (planned.tokens === 0) throw new AnalysisError('BAD_PARAMS', `no token windows of ${p.tokensDir} come from split ${p.split}`);
  const encoder = await SaeEncoder.open(sae, p.provider);
  return {
    lm,
    sae,
    encoder,
    selection,
    planned,
    encode: async (x, n) => sparseCodes(await encoder.encode(x, n), n, sae.dSae),
    batches: () => windowBatches(selectedWindows(p.tokensDir, selection), p.batchTokens),
  };
}
