/**
 * An SAE as steering needs it: decoder rows to add, and the encoder to read a feature's
 * activation a_f(x) for clamping. Semantics as SAELens (docs/steering.md):
 *   pre = (x − b_dec·[apply_b_dec_to_input]) W_enc + b_enc      // [d_sae] per position
 *   standard: a = ReLU(pre); jumprelu: a = ReLU(pre) · [pre > threshold] (SAELens applies ReLU first);
 *   topk: a_f = ReLU(pre_f) if pre_f is among the k largest of the position, else 0;
 *   gated (b_enc = b_gate): a = [pre > 0] · ReLU(P ⊙ exp(r_mag) + b_mag), P = pre − b_gate.
 */
import { readSaeLensFolder, SaeFormatError, type LoadedSae } from '../sae/saelens-reader';

export type SteeringSaeArchitecture = 'standard' | 'topk' | 'jumprelu' | 'gated';

export interface SteeringSae {
  dir: string;
  architecture: SteeringSaeArchitecture;
  dIn: number;
  dSae: number;
  k?: number;
  /** The hook the SAE was trained on (cfg hook_name / metadata.hook_name), if recorded. */
  hookName: string | null;
  applyBDecToInput: boolean;
  W_enc: Float32Array; // [d_in, d_sae]
  b_enc: Float32Array; // [d_sae]
  W_dec: Float32Array; // [d_sae, d_in]
  b_dec: Float32Array; // [d_in]
  threshold?: Float32Array; // [d_sae], JumpReLU
  r_mag?: Float32Array; // [d_sae], Gated
  b_mag?: Float32Array; // [d_sae], Gated
}

function hookNameOf(cfg: Record<string, unknown>): string | null {
  const meta = (cfg.metadata ?? {}) as Record<string, unknown>;
  const h = cfg.hook_name ?? meta.hook_name;
  return typeof h === 'string' ? h : null;
}

/** A loaded SAELens folder as a steering SAE; refuses cfg options whose maths we do not apply. */
export function steeringSaeFrom(dir: string, sae: LoadedSae): SteeringSae {
  const arch = sae.architecture;
  if (arch !== 'standard' && arch !== 'topk' && arch !== 'jumprelu' && arch !== 'gated') {
    throw new SaeFormatError(
      'SAE_CFG_INVALID',
      `${dir}: architecture "${arch}" cannot steer here (standard, topk, jumprelu and gated can)`,
    );
  }
  const norm = sae.cfg.normalize_activations;
  if (norm !== undefined && norm !== 'none' && norm !== null) {
    throw new SaeFormatError(
      'SAE_CFG_INVALID',
      `${dir}: normalize_activations "${String(norm)}" needs a scaling factor at run time; fold it into the weights (as miStudio's exports do) and set "none"`,
    );
  }
  if (sae.cfg.rescale_acts_by_decoder_norm === true) {
    throw new SaeFormatError(
      'SAE_CFG_INVALID',
      `${dir}: rescale_acts_by_decoder_norm is not supported for steering; fold the decoder norms into W_enc/W_dec first`,
    );
  }
  if (arch === 'jumprelu' && !sae.threshold)
    throw new SaeFormatError('SAE_WEIGHTS_INVALID', `${dir}: a jumprelu SAE needs a "threshold" tensor`);
  return {
    dir,
    architecture: arch,
    dIn: sae.dIn,
    dSae: sae.dSae,
    ...(sae.k !== undefined ? { k: sae.k } : {}),
    hookName: hookNameOf(sae.cfg),
    applyBDecToInput: sae.cfg.apply_b_dec_to_input !== false,
    ...sae.weights,
    ...(sae.threshold ? { threshold: sae.threshold } : {}),
  };
}

export async function loadSteeringSae(dir: string): Promise<SteeringSae> {
  return steeringSaeFrom(dir, await readSaeLensFolder(dir));
}

export function checkFeature(sae: SteeringSae, feature: number): void {
  if (!Number.isInteger(feature) || feature < 0 || feature >= sae.dSae)
    throw new RangeError(`feature ${feature} is not in this SAE (d_sae = ${sae.dSae}: 0…${sae.dSae - 1})`);
}

/**
 * Activations a_f of the given features at each of n positions of x [n, d_in]: returns
 * [n, features.length], float64. Standard/JumpReLU read only those features' encoder
 * columns; TopK needs every pre-activation of the position to know the k-th largest.
 */
export function featureActivations(sae: SteeringSae, x: Float32Array, n: number, features: readonly number[]): Float64Array {
  const { dIn, dSae } = sae;
  features.forEach((f) => checkFeature(sae, f));
  const out = new Float64Array(n * features.length);
  const centred = new Float64Array(dIn);
  const topk = sae.architecture === 'topk';
  const cols = topk ? Array.from({ length: dSae }, (_, j) => j) : features;
  const pre = new Float64Array(cols.length);
  for (let r = 0; r < n; r++) {
    for (let c = 0; c < dIn; c++) centred[c] = x[r * dIn + c]! - (sae.applyBDecToInput ? sae.b_dec[c]! : 0);
    cols.forEach((j, i) => {
      let s = sae.b_enc[j]!;
      for (let c = 0; c < dIn; c++) s += centred[c]! * sae.W_enc[c * dSae + j]!;
      pre[i] = s;
    });
    const kth = topk ? kthLargest(pre, Math.min(sae.k ?? dSae, dSae)) : -Infinity;
    features.forEach((f, i) => {
      const p = topk ? pre[f]! : pre[i]!;
      let a: number;
      if (sae.architecture === 'standard') a = Math.max(0, p);
      else if (sae.architecture === 'jumprelu') a = p > sae.threshold![f]! && p > 0 ? p : 0;
      else if (sae.architecture === 'gated') a = p > 0 ? Math.max(0, (p - sae.b_enc[f]!) * Math.exp(sae.r_mag![f]!) + sae.b_mag![f]!) : 0;
      else a = p >= kth ? Math.max(0, p) : 0;
      out[r * features.length + i] = a;
    });
  }
  return out;
}

/** The k-th largest value of `values` (k ≥ 1). */
function kthLargest(values: Float64Array, k: number): number {
  const sorted = Float64Array.from(values).sort();
  return sorted[sorted.length - k]!;
}

/** Decoder row W_dec[f]: [d_in] (a view, do not write). */
export function decoderRow(sae: SteeringSae, feature: number): Float32Array {
  checkFeature(sae, feature);
  return sae.W_dec.subarray(feature * sae.dIn, (feature + 1) * sae.dIn);
}
