import { promises as fs } from 'node:fs';
import path from 'node:path';
import { decodeSafetensors } from './safetensors';
import { SAE_CFG_FILENAME, SAE_WEIGHTS_FILENAME } from './saelens-format';
import type { SaeWeights } from './types';
import { CodedError } from '../../shared/coded-error';

export class SaeFormatError extends CodedError<'SAE_CFG_MISSING' | 'SAE_CFG_INVALID' | 'SAE_WEIGHTS_MISSING' | 'SAE_WEIGHTS_INVALID'> {}

export interface LoadedSae {
  cfg: Record<string, unknown>;
  architecture: string;
  dIn: number;
  dSae: number;
  /** TopK k (cfg.k, or legacy activation_fn_kwargs.k). */
  k?: number;
  weights: SaeWeights;
  /** JumpReLU threshold [d_sae] when present. */
  threshold?: Float32Array;
  /**
   * What trained it, when the cfg says (miStudio writes metadata.trained_architecture):
   * a BatchTopK SAE loads as JumpReLU at its global threshold, as SAELens saves it.
   */
  trainedArchitecture?: string;
}

/**
 * Read a SAELens folder written by us or by SAELens (≥ 6 and legacy cfgs), checking the
 * required cfg fields and that every tensor is present with the shape SAELens defines.
 */
export async function readSaeLensFolder(dir: string): Promise<LoadedSae> {
  const cfgPath = path.join(dir, SAE_CFG_FILENAME);
  const text = await fs.readFile(cfgPath, 'utf8').catch(() => {
    throw new SaeFormatError(
      'SAE_CFG_MISSING',
      `${SAE_CFG_FILENAME} not found in ${dir}; expected a SAELens folder (cfg.json + sae_weights.safetensors)`,
    );
  });
  let cfg: Record<string, unknown>;
  try {
    cfg = JSON.parse(text) as Record<string, unknown>;
  } catch (err) {
    throw new SaeFormatError('SAE_CFG_INVALID', `${cfgPath} is not valid JSON (${String(err)})`);
  }
  const dIn = cfg.d_in;
  const dSae = cfg.d_sae;
  if (!Number.isInteger(dIn) || !Number.isInteger(dSae))
    throw new SaeFormatError('SAE_CFG_INVALID', `${cfgPath}: d_in and d_sae must be integers (got ${String(dIn)}, ${String(dSae)})`);
  const architecture = typeof cfg.architecture === 'string' ? cfg.architecture : 'standard';
  const kwargs = (cfg.activation_fn_kwargs ?? {}) as Record<string, unknown>;
  const kRaw = cfg.k ?? kwargs.k;
  const k = typeof kRaw === 'number' ? kRaw : undefined;
  if (architecture === 'topk' && k === undefined)
    throw new SaeFormatError('SAE_CFG_INVALID', `${cfgPath}: architecture "topk" needs k (cfg.k or activation_fn_kwargs.k)`);

  const wPath = path.join(dir, SAE_WEIGHTS_FILENAME);
  const bytes = await fs.readFile(wPath).catch(() => {
    throw new SaeFormatError('SAE_WEIGHTS_MISSING', `${SAE_WEIGHTS_FILENAME} not found in ${dir}`);
  });
  let tensors;
  try {
    tensors = decodeSafetensors(new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength), wPath).tensors;
  } catch (err) {
    throw new SaeFormatError('SAE_WEIGHTS_INVALID', err instanceof Error ? err.message : String(err));
  }
  const d = { dIn: dIn as number, dSae: dSae as number };
  const expect: Record<string, number[]> = { W_enc: [d.dIn, d.dSae], b_enc: [d.dSae], W_dec: [d.dSae, d.dIn], b_dec: [d.dIn] };
  if (architecture === 'jumprelu') expect.threshold = [d.dSae];
  if (architecture === 'gated') {
    // SAELens GatedSAE: no b_enc; the gate bias b_gate and the magnitude path r_mag, b_mag.
    delete expect.b_enc;
    Object.assign(expect, { b_gate: [d.dSae], r_mag: [d.dSae], b_mag: [d.dSae] });
  }
  const got: Record<string, Float32Array> = {};
  for (const [name, shape] of Object.entries(expect)) {
    const t = tensors.get(name);
    if (!t) throw new SaeFormatError('SAE_WEIGHTS_INVALID', `${wPath}: tensor "${name}" missing (has: ${[...tensors.keys()].join(', ')})`);
    if (t.shape.join(',') !== shape.join(',')) {
      throw new SaeFormatError(
        'SAE_WEIGHTS_INVALID',
        `${wPath}: tensor "${name}" has shape [${t.shape.join(', ')}], expected [${shape.join(', ')}] from cfg d_in=${d.dIn}, d_sae=${d.dSae}`,
      );
    }
    got[name] = t.data;
  }
  // Gated: b_gate goes in the b_enc slot (as our engines hold it), r_mag / b_mag beside it.
  const gated = architecture === 'gated' ? { r_mag: got.r_mag!, b_mag: got.b_mag! } : {};
  const weights: SaeWeights = { W_enc: got.W_enc!, b_enc: got.b_enc ?? got.b_gate!, W_dec: got.W_dec!, b_dec: got.b_dec!, ...gated };
  const meta = (cfg.metadata ?? {}) as Record<string, unknown>;
  const trained = typeof meta.trained_architecture === 'string' ? { trainedArchitecture: meta.trained_architecture } : {};
  return {
    cfg,
    architecture,
    dIn: d.dIn,
    dSae: d.dSae,
    ...(k !== undefined ? { k } : {}),
    weights,
    ...(got.threshold ? { threshold: got.threshold } : {}),
    ...trained,
  };
}
