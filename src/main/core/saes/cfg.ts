import { promises as fs } from 'node:fs';
import path from 'node:path';
import { ApiError } from '../../../shared/contract/errors';
import type { SaeArchitecture, SaeDtype, SaeRecord } from '../../../shared/types/saes';
import { SAE_CFG_FILENAME, SAE_WEIGHTS_FILENAME } from '../../../compute/sae/saelens-format';

/** What an SAE record takes from a SAELens folder's cfg.json (the weights stay on disk for the workers). */
export type SaeShape = Pick<SaeRecord, 'hook' | 'dIn' | 'dSae' | 'architecture' | 'k' | 'hasThreshold' | 'dtype'> & {
  /** cfg fields kept as provenance (model_name, dataset_path, context_size, …). */
  saelens: Record<string, string | number | boolean | null>;
};

const ARCHITECTURES: readonly SaeArchitecture[] = ['standard', 'topk', 'jumprelu', 'gated'];
const DTYPES: readonly SaeDtype[] = ['float32', 'float16', 'bfloat16'];
const KEPT = [
  'model_name',
  'hook_name',
  'hook_layer',
  'context_size',
  'prepend_bos',
  'dataset_path',
  'normalize_activations',
  'apply_b_dec_to_input',
] as const;

/** Reads and checks cfg.json (SAELens ≥ 6 and legacy fields); refuses clearly what the pass could not load. */
export async function readSaeShape(dir: string): Promise<SaeShape> {
  const cfgPath = path.join(dir, SAE_CFG_FILENAME);
  let cfg: Record<string, unknown>;
  try {
    cfg = JSON.parse(await fs.readFile(cfgPath, 'utf8')) as Record<string, unknown>;
  } catch (err) {
    throw new ApiError(
      'VALIDATION',
      `${cfgPath} could not be read (${err instanceof Error ? err.message : String(err)}); expected a SAELens folder (cfg.json + ${SAE_WEIGHTS_FILENAME})`,
    );
  }
  await fs.access(path.join(dir, SAE_WEIGHTS_FILENAME)).catch(() => {
    throw new ApiError('VALIDATION', `${SAE_WEIGHTS_FILENAME} not found in ${dir}`);
  });
  const meta = (cfg.metadata ?? {}) as Record<string, unknown>;
  const hook = typeof cfg.hook_name === 'string' ? cfg.hook_name : typeof meta.hook_name === 'string' ? meta.hook_name : null;
  const { d_in: dIn, d_sae: dSae } = cfg;
  if (!hook || !Number.isInteger(dIn) || !Number.isInteger(dSae))
    throw new ApiError('VALIDATION', `${cfgPath}: needs hook_name, and integer d_in and d_sae`);
  const architecture = (typeof cfg.architecture === 'string' ? cfg.architecture : 'standard') as SaeArchitecture;
  if (!ARCHITECTURES.includes(architecture))
    throw new ApiError('VALIDATION', `${cfgPath}: architecture "${architecture}" is not one of ${ARCHITECTURES.join(', ')}`);
  const kRaw = cfg.k ?? (cfg.activation_fn_kwargs as Record<string, unknown> | undefined)?.k;
  const k = typeof kRaw === 'number' ? kRaw : null;
  if (architecture === 'topk' && k === null) throw new ApiError('VALIDATION', `${cfgPath}: architecture "topk" needs k`);
  const dtype = (typeof cfg.dtype === 'string' ? cfg.dtype.replace(/^torch\./, '') : 'float32') as SaeDtype;
  const saelens: SaeShape['saelens'] = {};
  for (const key of KEPT) {
    const v = cfg[key] ?? meta[key];
    if (v === null || ['string', 'number', 'boolean'].includes(typeof v)) saelens[key] = v as string | number | boolean | null;
  }
  return {
    hook,
    dIn: dIn as number,
    dSae: dSae as number,
    architecture,
    k,
    hasThreshold: architecture === 'jumprelu',
    dtype: DTYPES.includes(dtype) ? dtype : 'float32',
    saelens,
  };
}
