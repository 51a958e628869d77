import { encodeSafetensors } from '../safetensors';
import { writeFolderAtomic } from '../../../node-shared/fs/atomic';
import { SAE_CFG_FILENAME, SAE_WEIGHTS_FILENAME, weightsToTensors } from '../saelens-format';
import type { LoadedSae } from '../saelens-reader';
import type { ForeignSae } from './foreign-folder';

/**
 * The imported SAE in the one form the feature pass, probe and steering run (docs/interop.md
 * "Import"): a float32 SAELens folder, architecture standard / topk / jumprelu, b_dec subtracted
 * from the input. Each mapping is exact in real arithmetic (float32 rounding aside):
 *   sparsify:  W_enc = encoder.weightᵀ [d_in, d_sae], b_enc = encoder.bias; TopK(ReLU(pre)) ≡
 *              ReLU(TopK(pre)) since ReLU is monotone.
 *   apply_b_dec_to_input false: pre = x W + b = (x − b_dec) W + (b + b_dec W), so b_enc += b_dec W.
 *   gated (SAELens): f = [ (x−b_dec) W + b_gate > 0 ] · ReLU((x−b_dec)(W ⊙ e^{r_mag}) + b_mag).
 *              With pre′ = (x−b_dec)(W ⊙ e^{r_mag}) + b_mag the gate is pre′ > b_mag − e^{r_mag}·b_gate
 *              (e^r > 0 keeps the inequality), so f = ReLU(pre′)·[pre′ > θ]: JumpReLU with
 *              W_enc = W ⊙ e^{r_mag}, b_enc = b_mag, threshold θ = b_mag − e^{r_mag} ⊙ b_gate.
 */
export function runnableSae(f: ForeignSae): LoadedSae {
  const { dIn, dSae } = f;
  const t = (name: string): Float32Array => {
    const v = f.tensors.get(name);
    if (!v) throw new Error(`unreachable: "${name}" was checked by readForeignSaeFolder`);
    return v.data;
  };
  const b_dec = t('b_dec');
  const W_dec = t('W_dec');
  let W_enc: Float32Array;
  let b_enc: Float32Array;
  let threshold: Float32Array | undefined;
  if (f.layout === 'sparsify') {
    const enc = t('encoder.weight'); // [d_sae, d_in]
    W_enc = new Float32Array(dIn * dSae);
    for (let j = 0; j < dSae; j++) for (let c = 0; c < dIn; c++) W_enc[c * dSae + j] = enc[j * dIn + c]!;
    b_enc = Float32Array.from(t('encoder.bias'));
  } else if (f.architecture === 'gated') {
    const w = t('W_enc');
    const scale = Float64Array.from(t('r_mag'), Math.exp);
    W_enc = new Float32Array(dIn * dSae);
    for (let c = 0; c < dIn; c++) for (let j = 0; j < dSae; j++) W_enc[c * dSae + j] = w[c * dSae + j]! * scale[j]!;
    const gate = Float64Array.from(t('b_gate'));
    const mag = Float64Array.from(t('b_mag'));
    if (!f.applyBDecToInput) {
      const shift = inputShift(w, b_dec, dIn, dSae);
      for (let j = 0; j < dSae; j++) {
        gate[j]! += shift[j]!;
        mag[j]! += scale[j]! * shift[j]!;
      }
    }
    b_enc = Float32Array.from(mag);
    threshold = Float32Array.from(mag, (m, j) => m - scale[j]! * gate[j]!);
  } else {
    W_enc = Float32Array.from(t('W_enc'));
    b_enc = Float32Array.from(t('b_enc'));
    if (!f.applyBDecToInput) {
      const shift = inputShift(W_enc, b_dec, dIn, dSae);
      b_enc = Float32Array.from(b_enc, (b, j) => b + shift[j]!);
    }
    if (f.architecture === 'jumprelu') threshold = Float32Array.from(t('threshold'));
  }
  const architecture = f.architecture === 'gated' ? 'jumprelu' : f.architecture;
  const cfg = runnableCfg(f, architecture);
  return {
    cfg,
    architecture,
    dIn,
    dSae,
    ...(f.k !== null ? { k: f.k } : {}),
    weights: { W_enc, b_enc, W_dec: Float32Array.from(W_dec), b_dec: Float32Array.from(b_dec) },
    ...(threshold ? { threshold } : {}),
  };
}

/** b_dec · W_enc [d_sae], in float64: what subtracting b_dec from the input takes off each pre-activation. */
function inputShift(W_enc: Float32Array, b_dec: Float32Array, dIn: number, dSae: number): Float64Array {
  const s = new Float64Array(dSae);
  for (let c = 0; c < dIn; c++) {
    const b = b_dec[c]!;
    for (let j = 0; j < dSae; j++) s[j]! += b * W_enc[c * dSae + j]!;
  }
  return s;
}

/**
 * cfg.json of the runnable folder: the SAELens fields our readers use, the source cfg's
 * provenance fields kept, and metadata saying what it was imported from.
 */
function runnableCfg(f: ForeignSae, architecture: LoadedSae['architecture']): Record<string, unknown> {
  const src = f.cfg;
  const meta = (typeof src.metadata === 'object' && src.metadata !== null ? src.metadata : {}) as Record<string, unknown>;
  const keep = (key: string) => src[key] ?? meta[key] ?? null;
  return {
    architecture,
    d_in: f.dIn,
    d_sae: f.dSae,
    dtype: 'float32',
    device: 'cpu',
    apply_b_dec_to_input: true,
    normalize_activations: 'none',
    reshape_activations: 'none',
    ...(f.k !== null ? { k: f.k, rescale_acts_by_decoder_norm: false } : {}),
    model_name: keep('model_name'),
    hook_name: f.hook?.name ?? null,
    context_size: keep('context_size'),
    prepend_bos: keep('prepend_bos'),
    dataset_path: keep('dataset_path'),
    activation_fn_str: f.k !== null ? 'topk' : 'relu',
    activation_fn_kwargs: f.k !== null ? { k: f.k } : {},
    finetuning_scaling_factor: false,
    metadata: {
      ...meta,
      imported_by: 'miStudio',
      imported_layout: f.layout,
      imported_architecture: f.architecture,
      imported_dtype: f.dtype,
      imported_hook: f.hook?.name ?? null,
    },
  };
}

/** Writes the runnable folder (cfg.json + float32 sae_weights.safetensors, threshold for JumpReLU) atomically. */
export async function writeRunnableFolder(dir: string, sae: LoadedSae, hook: string): Promise<void> {
  const tensors = {
    ...weightsToTensors(sae.weights, sae.dIn, sae.dSae),
    ...(sae.threshold ? { threshold: { shape: [sae.dSae], data: sae.threshold } } : {}),
  };
  const cfg = { ...sae.cfg, hook_name: hook, metadata: { ...(sae.cfg.metadata as Record<string, unknown>), hook_name: hook } };
  await writeFolderAtomic(dir, { [SAE_WEIGHTS_FILENAME]: encodeSafetensors(tensors), [SAE_CFG_FILENAME]: JSON.stringify(cfg, null, 2) });
}
