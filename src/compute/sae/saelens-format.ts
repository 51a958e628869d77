import type { SaeCfgProvenance } from '../../shared/jobs/training';
import { writeFolderAtomic } from '../../node-shared/fs/atomic';
import { encodeSafetensors } from './safetensors';
import type { SaeArchitecture, SaeWeights } from './types';

/** File names SAELens uses (sae_lens/constants.py). */
export const SAE_CFG_FILENAME = 'cfg.json';
export const SAE_WEIGHTS_FILENAME = 'sae_weights.safetensors';

/** Where the SAE was trained: goes into cfg.json's metadata (and legacy top-level fields). */
export type SaeProvenance = SaeCfgProvenance;

/**
 * cfg.json as SAELens ≥ 6 reads it (SAEConfig fields + metadata), plus the pre-6 top-level
 * fields (hook_name, activation_fn_str, …) older readers and Neuronpedia tooling expect.
 * SAELens's from_dict drops unknown keys, so carrying both is harmless.
 */
export interface SaeLensCfg {
  architecture: SaeArchitecture | 'jumprelu';
  d_in: number;
  d_sae: number;
  dtype: 'float32';
  device: string;
  apply_b_dec_to_input: boolean;
  normalize_activations: 'none' | 'expected_average_only_in';
  reshape_activations: 'none';
  k?: number;
  rescale_acts_by_decoder_norm?: boolean;
  model_name: string;
  hook_name: string;
  hook_layer: number;
  context_size: number;
  prepend_bos: boolean;
  activation_fn_str: 'relu' | 'topk';
  activation_fn_kwargs: Record<string, number>;
  finetuning_scaling_factor: boolean;
  metadata: Record<string, string | number | boolean | null>;
}

export function buildSaeLensCfg(arch: SaeArchitecture, dIn: number, dSae: number, prov: SaeProvenance, k?: number): SaeLensCfg {
  const topk = arch === 'topk';
  // k has one default, the run schema's (src/shared/types/training-config.ts); a TopK cfg without one is a caller's bug.
  if (topk && k === undefined) throw new Error('a TopK cfg.json needs k');
  const kwargs: Record<string, number> = topk && k !== undefined ? { k } : {};
  const meta = {
    sae_lens_version: '6.0.0',
    sae_lens_training_version: '6.0.0',
    trained_with: 'miStudio',
    model_name: prov.modelName,
    hook_name: prov.hookName,
    hook_layer: prov.hookLayer,
    context_size: prov.contextSize,
    prepend_bos: prov.prependBos,
    dataset_path: prov.datasetPath ?? null,
  };
  return {
    architecture: arch,
    d_in: dIn,
    d_sae: dSae,
    dtype: 'float32',
    device: 'cpu',
    apply_b_dec_to_input: true,
    // Saved weights have the input scale folded in, so they take raw activations.
    normalize_activations: 'none',
    reshape_activations: 'none',
    ...(topk ? { ...kwargs, rescale_acts_by_decoder_norm: false } : {}),
    model_name: prov.modelName,
    hook_name: prov.hookName,
    hook_layer: prov.hookLayer,
    context_size: prov.contextSize,
    prepend_bos: prov.prependBos,
    activation_fn_str: topk ? 'topk' : 'relu',
    activation_fn_kwargs: kwargs,
    finetuning_scaling_factor: false,
    metadata: meta,
  };
}

export function weightsToTensors(w: SaeWeights, dIn: number, dSae: number) {
  return {
    W_enc: { shape: [dIn, dSae], data: w.W_enc },
    b_enc: { shape: [dSae], data: w.b_enc },
    W_dec: { shape: [dSae, dIn], data: w.W_dec },
    b_dec: { shape: [dIn], data: w.b_dec },
  };
}

/**
 * Write a SAELens folder atomically: files go to a sibling temp folder (fsynced), which is
 * renamed over `dir`; a crash leaves either the old folder or the new one, never a mix.
 */
export async function writeSaeLensFolder(dir: string, weights: SaeWeights, cfg: SaeLensCfg, extraFiles: Record<string, Uint8Array | string> = {}): Promise<void> {
  const files: Record<string, Uint8Array | string> = {
    [SAE_WEIGHTS_FILENAME]: encodeSafetensors(weightsToTensors(weights, cfg.d_in, cfg.d_sae)),
    [SAE_CFG_FILENAME]: JSON.stringify(cfg, null, 2),
    ...extraFiles,
  };
  await writeFolderAtomic(dir, files);
}

