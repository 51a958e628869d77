import type { SaeCfgProvenance } from '../../shared/jobs/training';
import { writeFolderAtomic } from '../../node-shared/fs/atomic';
import { isBatchTopKFamily } from '../../shared/sae-architectures';
import { encodeSafetensors } from './safetensors';
import type { F32Tensor } from './safetensors';
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
  architecture: Exclude<SaeArchitecture, 'batchtopk' | 'matryoshka'>;
  d_in: number;
  d_sae: number;
  dtype: 'float32';
  device: string;
  apply_b_dec_to_input: boolean;
  normalize_activations: 'none' | 'expected_average_only_in';
  reshape_activations: 'none';
  k?: number;
  rescale_acts_by_decoder_norm?: boolean;
  /** Matryoshka: its prefix widths in features (SAELens MatryoshkaBatchTopKTrainingSAEConfig.matryoshka_widths), for the record; inference ignores them. */
  matryoshka_widths?: number[];
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

/**
 * The architecture SAELens loads a trained SAE as: JumpReLU for JumpReLU and for BatchTopK and
 * Matryoshka-BatchTopK (SAELens saves both "as JumpReLU SAEs after training", threshold = the
 * global threshold on every feature); the others as themselves.
 */
export function inferenceArchitecture(arch: SaeArchitecture): SaeLensCfg['architecture'] {
  return isBatchTopKFamily(arch) ? 'jumprelu' : arch;
}

export function buildSaeLensCfg(
  arch: SaeArchitecture,
  dIn: number,
  dSae: number,
  prov: SaeProvenance,
  k?: number,
  matryoshkaWidths?: readonly number[],
): SaeLensCfg {
  const topk = arch === 'topk';
  // k has one default, the run schema's (src/shared/types/training-config.ts); a TopK cfg without one is a caller's bug.
  if (topk && k === undefined) throw new Error('a TopK cfg.json needs k');
  const kwargs: Record<string, number> = topk && k !== undefined ? { k } : {};
  const meta = {
    // What trained it (inference architecture may differ: BatchTopK is saved as JumpReLU).
    trained_architecture: arch,
    ...(isBatchTopKFamily(arch) ? { trained_k: k ?? 100 } : {}),
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
    architecture: inferenceArchitecture(arch),
    d_in: dIn,
    d_sae: dSae,
    dtype: 'float32',
    device: 'cpu',
    apply_b_dec_to_input: true,
    // Saved weights have the input scale folded in, so they take raw activations.
    normalize_activations: 'none',
    reshape_activations: 'none',
    ...(topk ? { ...kwargs, rescale_acts_by_decoder_norm: false } : {}),
    ...(arch === 'matryoshka' && matryoshkaWidths ? { matryoshka_widths: [...matryoshkaWidths] } : {}),
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

/** Inference-only state that is not in SaeWeights: BatchTopK's (and Matryoshka's) global threshold. */
export interface InferenceExtras {
  topkThreshold?: number;
}

/**
 * The SAELens tensors. JumpReLU's `threshold` [d_sae] is exp(log_threshold) (SAELens
 * process_state_dict_for_saving); BatchTopK's is its global threshold on every feature.
 * Gated has no b_enc: our b_enc slot is its gate bias b_gate, saved with r_mag and b_mag.
 */
export function weightsToTensors(w: SaeWeights, dIn: number, dSae: number, extras: InferenceExtras = {}): Record<string, F32Tensor> {
  const threshold = w.log_threshold
    ? Float32Array.from(w.log_threshold, Math.exp)
    : extras.topkThreshold !== undefined
      ? new Float32Array(dSae).fill(extras.topkThreshold)
      : null;
  if (w.r_mag && w.b_mag) {
    return {
      W_enc: { shape: [dIn, dSae], data: w.W_enc },
      b_gate: { shape: [dSae], data: w.b_enc },
      r_mag: { shape: [dSae], data: w.r_mag },
      b_mag: { shape: [dSae], data: w.b_mag },
      W_dec: { shape: [dSae, dIn], data: w.W_dec },
      b_dec: { shape: [dIn], data: w.b_dec },
    };
  }
  return {
    W_enc: { shape: [dIn, dSae], data: w.W_enc },
    b_enc: { shape: [dSae], data: w.b_enc },
    W_dec: { shape: [dSae, dIn], data: w.W_dec },
    b_dec: { shape: [dIn], data: w.b_dec },
    ...(threshold ? { threshold: { shape: [dSae], data: threshold } } : {}),
  };
}

/**
 * Write a SAELens folder atomically: files go to a sibling temp folder (fsynced), which is
 * renamed over `dir`; a crash leaves either the old folder or the new one, never a mix.
 */
export async function writeSaeLensFolder(
  dir: string,
  weights: SaeWeights,
  cfg: SaeLensCfg,
  extraFiles: Record<string, Uint8Array | string> = {},
  extras: InferenceExtras = {},
): Promise<void> {
  if (cfg.architecture === 'jumprelu' && !weights.log_threshold && extras.topkThreshold === undefined) {
    throw new Error('a JumpReLU SAE folder needs a threshold: log_threshold (JumpReLU) or the global threshold (BatchTopK)');
  }
  const files: Record<string, Uint8Array | string> = {
    [SAE_WEIGHTS_FILENAME]: encodeSafetensors(weightsToTensors(weights, cfg.d_in, cfg.d_sae, extras)),
    [SAE_CFG_FILENAME]: JSON.stringify(cfg, null, 2),
    ...extraFiles,
  };
  await writeFolderAtomic(dir, files);
}
