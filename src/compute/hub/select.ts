/**
 * Which files of a transformers.js-layout model repo to fetch for a dtype, and which
 * dtypes a repo offers. File names follow transformers.js (v3+):
 *   onnx/<base><suffix>.onnx + external data onnx/<base><suffix>.onnx_data[_N]
 */
import { HubError } from './errors';
import type { RepoFile, RepoListing } from './types';

/** transformers.js' dtype → file-name suffix mapping. */
export const DTYPE_SUFFIX = {
  fp32: '',
  fp16: '_fp16',
  q8: '_quantized',
  int8: '_int8',
  uint8: '_uint8',
  q4: '_q4',
  q4f16: '_q4f16',
  bnb4: '_bnb4',
} as const;
export type ModelDtype = keyof typeof DTYPE_SUFFIX;

const REQUIRED = ['config.json', 'tokenizer.json', 'tokenizer_config.json'];
const OPTIONAL = ['generation_config.json', 'special_tokens_map.json'];

export interface DtypeOffer {
  dtype: ModelDtype;
  /** e.g. "onnx/model_fp16.onnx" */
  onnxFile: string;
  /** e.g. ["onnx/model_fp16.onnx_data"]; empty when the weights are inside the graph. */
  externalData: string[];
  /** Graph + external data, bytes; undefined when the listing lacks sizes. */
  bytes: number | undefined;
}

function notOnnx(listing: RepoListing, why: string): HubError {
  return new HubError(
    'NOT_ONNX_REPO',
    `${listing.repo} is not a transformers.js/ONNX model repo: ${why}; try a repo under onnx-community/ or Xenova/`,
    { repo: listing.repo },
  );
}

/** Every dtype the repo has weights for, in DTYPE_SUFFIX order. */
export function modelDtypes(listing: RepoListing, baseName = 'model'): DtypeOffer[] {
  const byPath = new Map(listing.files.map((f) => [f.path, f]));
  const offers: DtypeOffer[] = [];
  for (const [dtype, suffix] of Object.entries(DTYPE_SUFFIX) as [ModelDtype, string][]) {
    const onnxFile = `onnx/${baseName}${suffix}.onnx`;
    const graph = byPath.get(onnxFile);
    if (!graph) continue;
    const externalData = listing.files
      .filter((f) => f.path === `${onnxFile}_data` || f.path.startsWith(`${onnxFile}_data_`))
      .map((f) => f.path)
      .sort((a, b) => a.localeCompare(b, 'en', { numeric: true }));
    const parts: (RepoFile | undefined)[] = [graph, ...externalData.map((p) => byPath.get(p))];
    const bytes = parts.every((f) => f?.size !== undefined) ? parts.reduce((n, f) => n + (f?.size ?? 0), 0) : undefined;
    offers.push({ dtype, onnxFile, externalData, bytes });
  }
  return offers;
}

/** The files to download for `dtype`; throws NOT_ONNX_REPO or DTYPE_UNAVAILABLE. */
export function selectModelFiles(listing: RepoListing, dtype: ModelDtype, baseName = 'model'): string[] {
  const paths = new Set(listing.files.map((f) => f.path));
  const onnx = [...paths].filter((p) => p.startsWith('onnx/') && p.endsWith('.onnx'));
  if (onnx.length === 0) throw notOnnx(listing, 'no onnx/*.onnx');
  const offers = modelDtypes(listing, baseName);
  if (offers.length === 0) throw notOnnx(listing, `no onnx/${baseName}*.onnx (it has ${onnx.slice(0, 3).join(', ')})`);
  const missing = REQUIRED.filter((f) => !paths.has(f));
  if (missing.length > 0) throw notOnnx(listing, `${missing.join(', ')} not found (expected transformers.js layout)`);
  const offer = offers.find((o) => o.dtype === dtype);
  if (!offer) {
    throw new HubError(
      'DTYPE_UNAVAILABLE',
      `${listing.repo} has no ${dtype} weights (onnx/${baseName}${DTYPE_SUFFIX[dtype]}.onnx); it offers ${offers.map((o) => o.dtype).join(', ')}`,
      { repo: listing.repo, dtype, offered: offers.map((o) => o.dtype) },
    );
  }
  return [...REQUIRED, ...OPTIONAL.filter((f) => paths.has(f)), offer.onnxFile, ...offer.externalData];
}
