import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import type { ModelDtype, ModelFile } from '../../shared/types/models';
import { ModelFolderError } from './architecture';

/** transformers.js file names per dtype, best first. */
export const ONNX_FILES_BY_DTYPE: Record<ModelDtype, string[]> = {
  fp32: ['model.onnx', 'decoder_model_merged.onnx'],
  fp16: ['model_fp16.onnx', 'decoder_model_merged_fp16.onnx'],
  q8: ['model_quantized.onnx', 'model_int8.onnx', 'model_uint8.onnx', 'decoder_model_merged_quantized.onnx'],
  q4: ['model_q4.onnx', 'model_q4f16.onnx', 'model_bnb4.onnx'],
};

export interface ModelFolder {
  dir: string;
  config: Record<string, unknown>;
  onnxPath: string;
  dtype: ModelDtype;
  /** dtypes this folder has ONNX files for. */
  available: ModelDtype[];
  /** Every file a copy needs, relative to dir. */
  files: ModelFile[];
}

/** A FIFO or device under a model file's name would block or never end the read. */
function requireRegularFile(file: string): void {
  if (!statSync(file).isFile())
    throw new ModelFolderError(
      'MODEL_FILE_INVALID',
      `${file} is not a regular file (a folder, device or FIFO); a model folder holds regular files`,
    );
}

function readJson(dir: string, name: string): Record<string, unknown> {
  const file = path.join(dir, name);
  if (!existsSync(file)) {
    throw new ModelFolderError(
      'MODEL_FILE_MISSING',
      `${name} not found in ${dir}; expected transformers.js layout (config.json, tokenizer.json, tokenizer_config.json, onnx/model*.onnx)`,
    );
  }
  requireRegularFile(file);
  try {
    const value: unknown = JSON.parse(readFileSync(file, 'utf8'));
    if (!value || typeof value !== 'object' || Array.isArray(value)) throw new Error('not a JSON object');
    return value as Record<string, unknown>;
  } catch (err) {
    throw new ModelFolderError('MODEL_FILE_INVALID', `${file} is not valid JSON: ${(err as Error).message}`);
  }
}

/**
 * Checks a transformers.js-layout folder and picks the ONNX file for `dtype` (default:
 * the most precise available). Names the missing or broken file when it fails.
 */
export function inspectModelFolder(dir: string, dtype?: ModelDtype, opts: { tokenizer?: boolean } = {}): ModelFolder {
  if (!existsSync(dir) || !statSync(dir).isDirectory())
    throw new ModelFolderError('MODEL_FILE_MISSING', `model folder ${dir} does not exist`);
  const config = readJson(dir, 'config.json');
  if (opts.tokenizer !== false) {
    readJson(dir, 'tokenizer.json');
    readJson(dir, 'tokenizer_config.json');
  }
  const onnxDir = path.join(dir, 'onnx');
  const onnxFiles = existsSync(onnxDir) ? readdirSync(onnxDir) : [];
  const available = (Object.keys(ONNX_FILES_BY_DTYPE) as ModelDtype[]).filter((d) =>
    ONNX_FILES_BY_DTYPE[d].some((f) => onnxFiles.includes(f)),
  );
  if (available.length === 0) {
    throw new ModelFolderError(
      'MODEL_FILE_MISSING',
      `no ONNX model in ${onnxDir}: expected one of ${Object.values(ONNX_FILES_BY_DTYPE).flat().join(', ')}`,
    );
  }
  const chosen = dtype ?? available[0]!;
  const name = ONNX_FILES_BY_DTYPE[chosen].find((f) => onnxFiles.includes(f));
  if (!name)
    throw new ModelFolderError('MODEL_FILE_MISSING', `no ${chosen} ONNX file in ${onnxDir} (this folder has: ${available.join(', ')})`);
  const onnxPath = path.join(onnxDir, name);
  requireRegularFile(onnxPath);
  if (statSync(onnxPath).size < 64)
    throw new ModelFolderError('MODEL_FILE_INVALID', `${onnxPath} is truncated (${statSync(onnxPath).size} bytes)`);
  const base = path.parse(name).name;
  const files: ModelFile[] = [];
  const add = (rel: string) => files.push({ path: rel, bytes: statSync(path.join(dir, rel)).size });
  for (const f of ['config.json', 'tokenizer.json', 'tokenizer_config.json', 'generation_config.json', 'special_tokens_map.json']) {
    if (existsSync(path.join(dir, f))) add(f);
  }
  add(path.join('onnx', name));
  // External weights: model.onnx_data, model.onnx_data_1, … (large models).
  for (const f of onnxFiles) if (f.startsWith(`${base}.onnx_data`)) add(path.join('onnx', f));
  return { dir, config, onnxPath, dtype: chosen, available, files };
}
