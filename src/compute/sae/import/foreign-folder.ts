import { promises as fs } from 'node:fs';
import path from 'node:path';
import { decodeSafetensors, type F32Tensor } from '../safetensors';
import { SAE_CFG_FILENAME, SAE_WEIGHTS_FILENAME } from '../saelens-format';
import { SaeImportError } from './errors';

/**
 * An SAE folder saved by another tool, read and checked before anything is written
 * (docs/interop.md "Import"):
 *   SAELens:  cfg.json + sae_weights.safetensors (+ sparsity.safetensors), architectures
 *             standard, topk, jumprelu (threshold) and gated (b_gate, r_mag, b_mag; no b_enc).
 *   sparsify: <hookpoint>/cfg.json + sae.safetensors (encoder.weight [d_sae, d_in],
 *             encoder.bias, W_dec, b_dec); always TopK on ReLU(pre).
 * Every tensor is widened to float32 (F16/BF16 exactly) and checked against the cfg's shapes.
 */
export const SPARSIFY_WEIGHTS_FILENAME = 'sae.safetensors';
export const SPARSITY_FILENAME = 'sparsity.safetensors';

export type ForeignLayout = 'saelens' | 'sparsify';
export type ForeignArchitecture = 'standard' | 'topk' | 'jumprelu' | 'gated';
export const FOREIGN_ARCHITECTURES: readonly ForeignArchitecture[] = ['standard', 'topk', 'jumprelu', 'gated'];
export type ForeignDtype = 'float32' | 'float16' | 'bfloat16';

export interface ForeignSae {
  dir: string;
  layout: ForeignLayout;
  architecture: ForeignArchitecture;
  dIn: number;
  dSae: number;
  /** TopK: active features per token; null otherwise. */
  k: number | null;
  /** The dtype the weights file stores (its decoder's), whatever cfg.dtype says. */
  dtype: ForeignDtype;
  /** SAELens apply_b_dec_to_input (sparsify always subtracts b_dec). */
  applyBDecToInput: boolean;
  /** The hook as the folder names it, and which field said so (hook_name, metadata.hook_name, hook_point, folder name). */
  hook: { name: string; field: string } | null;
  cfg: Record<string, unknown>;
  /** Float32 copies, by the file's tensor names. */
  tensors: Map<string, F32Tensor>;
  files: { name: string; bytes: number }[];
  sizeBytes: number;
}

const DTYPE_OF = { F32: 'float32', F16: 'float16', BF16: 'bfloat16' } as const;

async function readJson(file: string): Promise<Record<string, unknown>> {
  let text: string;
  try {
    text = await fs.readFile(file, 'utf8');
  } catch {
    throw new SaeImportError('SAE_IMPORT_CFG', `${SAE_CFG_FILENAME} not found in ${path.dirname(file)}`);
  }
  let v: unknown;
  try {
    v = JSON.parse(text);
  } catch (err) {
    throw new SaeImportError('SAE_IMPORT_CFG', `${file} is not valid JSON (${err instanceof Error ? err.message : String(err)})`);
  }
  if (typeof v !== 'object' || v === null || Array.isArray(v)) throw new SaeImportError('SAE_IMPORT_CFG', `${file} is not a JSON object`);
  return v as Record<string, unknown>;
}

async function listFiles(dir: string): Promise<{ name: string; bytes: number }[]> {
  let entries;
  try {
    entries = await fs.readdir(dir, { withFileTypes: true });
  } catch {
    throw new SaeImportError('SAE_IMPORT_NOT_A_FOLDER', `${dir} is not a folder miStudio can read`);
  }
  const files = [];
  for (const e of entries) if (e.isFile()) files.push({ name: e.name, bytes: (await fs.stat(path.join(dir, e.name))).size });
  return files;
}

/** Which layout the folder is; a sparsify run root (one subfolder per hookpoint) is named as such. */
async function layoutOf(dir: string, names: Set<string>): Promise<ForeignLayout> {
  if (names.has(SAE_WEIGHTS_FILENAME)) return 'saelens';
  if (names.has(SPARSIFY_WEIGHTS_FILENAME)) return 'sparsify';
  const subs = (await fs.readdir(dir, { withFileTypes: true })).filter((e) => e.isDirectory()).map((e) => e.name);
  const hookpoints = [];
  for (const s of subs)
    if (
      await fs.access(path.join(dir, s, SPARSIFY_WEIGHTS_FILENAME)).then(
        () => true,
        () => false,
      )
    )
      hookpoints.push(s);
  if (hookpoints.length) {
    throw new SaeImportError(
      'SAE_IMPORT_NOT_A_FOLDER',
      `${dir} is a sparsify run with one SAE per hookpoint (${hookpoints.join(', ')}); pick one of those folders`,
    );
  }
  throw new SaeImportError(
    'SAE_IMPORT_NOT_A_FOLDER',
    `${dir} holds neither ${SAE_WEIGHTS_FILENAME} (SAELens) nor ${SPARSIFY_WEIGHTS_FILENAME} (sparsify) next to ${SAE_CFG_FILENAME}`,
  );
}

const int = (v: unknown): number | null => (Number.isInteger(v) && (v as number) > 0 ? (v as number) : null);

function hookOf(cfg: Record<string, unknown>, layout: ForeignLayout, dir: string): ForeignSae['hook'] {
  if (layout === 'sparsify') return { name: path.basename(dir), field: 'folder name' };
  const meta = (typeof cfg.metadata === 'object' && cfg.metadata !== null ? cfg.metadata : {}) as Record<string, unknown>;
  for (const [field, v] of [
    ['hook_name', cfg.hook_name],
    ['metadata.hook_name', meta.hook_name],
    ['hook_point', cfg.hook_point],
  ] as const) {
    if (typeof v === 'string' && v.length) return { name: v, field };
  }
  return null;
}

/** What the file must hold for this architecture, by tensor name → shape. */
function expectedTensors(layout: ForeignLayout, arch: ForeignArchitecture, dIn: number, dSae: number): Record<string, number[]> {
  if (layout === 'sparsify') return { 'encoder.weight': [dSae, dIn], 'encoder.bias': [dSae], W_dec: [dSae, dIn], b_dec: [dIn] };
  const base: Record<string, number[]> = { W_enc: [dIn, dSae], W_dec: [dSae, dIn], b_dec: [dIn] };
  if (arch === 'gated') return { ...base, b_gate: [dSae], r_mag: [dSae], b_mag: [dSae] };
  return { ...base, b_enc: [dSae], ...(arch === 'jumprelu' ? { threshold: [dSae] } : {}) };
}

/** SAELens cfg options whose maths the encoder here does not apply: refused, never silently dropped. */
function refuseUnsupported(cfg: Record<string, unknown>, layout: ForeignLayout, cfgPath: string): void {
  const no = (why: string) => {
    throw new SaeImportError('SAE_IMPORT_UNSUPPORTED', `${cfgPath}: ${why}`);
  };
  if (layout === 'sparsify') {
    if (cfg.transcode === true)
      no('this is a sparsify transcoder (transcode: true); it reads one hook and writes another, which miStudio cannot import yet');
    if (cfg.skip_connection === true)
      no('skip_connection: true adds a W_skip term miStudio does not apply; import an SAE trained without it');
    if (cfg.activation !== undefined && cfg.activation !== 'topk')
      no(`activation "${String(cfg.activation)}" is not supported (sparsify's "topk" is)`);
    return;
  }
  const norm = cfg.normalize_activations;
  if (norm !== undefined && norm !== null && norm !== 'none')
    no(
      `normalize_activations "${String(norm)}" scales inputs by a factor the folder does not store; fold it into the weights and set "none"`,
    );
  if (cfg.rescale_acts_by_decoder_norm === true)
    no('rescale_acts_by_decoder_norm: true is not supported; fold the decoder norms into W_enc and W_dec first');
  if (cfg.finetuning_scaling_factor === true) no('finetuning_scaling_factor: true needs a scaling tensor miStudio does not apply');
  const reshape = cfg.reshape_activations;
  if (reshape !== undefined && reshape !== null && reshape !== 'none')
    no(`reshape_activations "${String(reshape)}" (per-head SAEs) is not supported; miStudio reads whole hook vectors`);
}

/** Reads and checks a SAELens or sparsify folder; throws SaeImportError with a sentence naming what is wrong. */
export async function readForeignSaeFolder(dir: string): Promise<ForeignSae> {
  const files = await listFiles(dir);
  const names = new Set(files.map((f) => f.name));
  if (!names.has(SAE_CFG_FILENAME)) await layoutOf(dir, names); // says what the folder is instead
  const cfgPath = path.join(dir, SAE_CFG_FILENAME);
  const cfg = await readJson(cfgPath);
  const layout = await layoutOf(dir, names);
  const dIn = int(cfg.d_in);
  const kwargs = (
    typeof cfg.activation_fn_kwargs === 'object' && cfg.activation_fn_kwargs !== null ? cfg.activation_fn_kwargs : {}
  ) as Record<string, unknown>;
  const k = int(cfg.k ?? kwargs.k);
  let dSae: number | null;
  let architecture: ForeignArchitecture;
  if (layout === 'sparsify') {
    dSae = int(cfg.num_latents) ?? (dIn !== null && int(cfg.expansion_factor) ? dIn * (cfg.expansion_factor as number) : null);
    architecture = 'topk';
    if (k === null) throw new SaeImportError('SAE_IMPORT_CFG', `${cfgPath}: a sparsify SAE needs an integer k`);
  } else {
    dSae = int(cfg.d_sae);
    const arch = typeof cfg.architecture === 'string' ? cfg.architecture : cfg.activation_fn_str === 'topk' ? 'topk' : 'standard';
    if (!FOREIGN_ARCHITECTURES.includes(arch as ForeignArchitecture)) {
      throw new SaeImportError(
        'SAE_IMPORT_ARCHITECTURE',
        `${cfgPath}: architecture "${arch}" is not one miStudio can import (${FOREIGN_ARCHITECTURES.join(', ')} are)`,
      );
    }
    architecture = arch as ForeignArchitecture;
    if (architecture === 'topk' && k === null)
      throw new SaeImportError('SAE_IMPORT_CFG', `${cfgPath}: architecture "topk" needs k (cfg.k or activation_fn_kwargs.k)`);
  }
  if (dIn === null || dSae === null) {
    const what = layout === 'sparsify' ? 'd_in and num_latents (or expansion_factor)' : 'd_in and d_sae';
    throw new SaeImportError(
      'SAE_IMPORT_CFG',
      `${cfgPath}: ${what} must be positive integers (got d_in ${String(cfg.d_in)}, ${layout === 'sparsify' ? `num_latents ${String(cfg.num_latents)}` : `d_sae ${String(cfg.d_sae)}`})`,
    );
  }
  if (k !== null && k > dSae) throw new SaeImportError('SAE_IMPORT_CFG', `${cfgPath}: k ${k} is larger than the ${dSae} features`);
  refuseUnsupported(cfg, layout, cfgPath);

  const weightsName = layout === 'sparsify' ? SPARSIFY_WEIGHTS_FILENAME : SAE_WEIGHTS_FILENAME;
  const wPath = path.join(dir, weightsName);
  const bytes = await fs.readFile(wPath);
  let tensors: Map<string, F32Tensor>;
  try {
    tensors = decodeSafetensors(new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength), wPath).tensors;
  } catch (err) {
    throw new SaeImportError('SAE_IMPORT_WEIGHTS', err instanceof Error ? err.message : String(err));
  }
  for (const [name, shape] of Object.entries(expectedTensors(layout, architecture, dIn, dSae))) {
    const t = tensors.get(name);
    if (!t)
      throw new SaeImportError(
        'SAE_IMPORT_SHAPE',
        `${wPath}: tensor "${name}" is missing for a ${architecture} SAE (the file has ${[...tensors.keys()].join(', ') || 'no tensors'})`,
      );
    if (t.shape.join(',') !== shape.join(',')) {
      throw new SaeImportError(
        'SAE_IMPORT_SHAPE',
        `${wPath}: tensor "${name}" has shape [${t.shape.join(', ')}] but cfg.json (d_in ${dIn}, d_sae ${dSae}) needs [${shape.join(', ')}]`,
      );
    }
  }
  if (names.has(SPARSITY_FILENAME)) {
    // Optional, but a damaged one is still a damaged folder.
    const sp = await fs.readFile(path.join(dir, SPARSITY_FILENAME));
    try {
      decodeSafetensors(new Uint8Array(sp.buffer, sp.byteOffset, sp.byteLength), path.join(dir, SPARSITY_FILENAME));
    } catch (err) {
      throw new SaeImportError('SAE_IMPORT_WEIGHTS', err instanceof Error ? err.message : String(err));
    }
  }
  const decoder = tensors.get('W_dec')!;
  return {
    dir,
    layout,
    architecture,
    dIn,
    dSae,
    k: architecture === 'topk' ? k : null,
    dtype: DTYPE_OF[decoder.sourceDtype ?? 'F32'],
    applyBDecToInput: layout === 'sparsify' || cfg.apply_b_dec_to_input !== false,
    hook: hookOf(cfg, layout, dir),
    cfg,
    tensors,
    files,
    sizeBytes: files.reduce((s, f) => s + f.bytes, 0),
  };
}
