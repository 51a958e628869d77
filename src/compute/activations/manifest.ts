/**
 * An activation set on disk (activations/<id>/, docs/activations.md): per shard, one file per hook
 * with rows [n, d_model] (float32 or float16, little-endian) and one refs file with
 * int32 triples (token row, position, token id) per activation row, so every row maps
 * back to its token window — and, through the token shards' index, to its dataset
 * sample. manifest.json is written last; the folder is renamed into place when complete.
 */
export const ACTIVATION_MANIFEST = 'manifest.json';
export const REF_RECORD_I32 = 3;

export interface ActivationShard {
  index: number;
  rows: number;
  /** hook name → file name */
  files: Record<string, string>;
  refsFile: string;
}

export interface ActivationManifest {
  kind: 'mistudio.activations';
  version: 1;
  modelDir: string;
  /** The token shard folder the rows came from (its manifest maps rows to samples). */
  tokensDir: string;
  hooks: string[];
  dModel: number;
  dtype: 'float32' | 'float16';
  totalRows: number;
  batchSize: number;
  /** Splits whose text was left out (held out for evaluation), and how many windows that skipped. */
  heldOutSplits?: string[];
  skippedWindows?: number;
  shards: ActivationShard[];
  createdAt: string;
}

export function hookFileName(hook: string, shard: number): string {
  return `${hook.replace(/[^\w.-]/g, '_')}-${String(shard).padStart(5, '0')}.bin`;
}

export function refsFileName(shard: number): string {
  return `refs-${String(shard).padStart(5, '0')}.bin`;
}
