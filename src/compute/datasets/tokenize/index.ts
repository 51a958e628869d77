export {
  defaultTokenizationSettings,
  effectiveSettings,
  parseTokenizationSettings,
  specialTokenRefSchema,
  tokenizationHash,
  tokenizationSettingsSchema,
  TokenizationSettingsError,
  type SpecialTokenRef,
  type TokenizationSettings,
  type TokenizationSettingsInput,
} from './settings';
export { loadDatasetTokenizer, resolveSpecialToken, TokenizerSetupError, type DatasetTokenizer } from './dataset-tokenizer';
export { previewTokens, type TokenPreviewResult, type TokenPreviewToken } from './preview';
export { ConcatChunker, type ConcatChunkOptions } from './concat-chunk';
export { buildPerSampleRows, type Framing } from './per-sample';
export type { EncodedSample, TokenRow, TokenSegment } from './rows';
export { MANIFEST_FILE, type TokenShardInfo, type TokenShardManifest } from './manifest';
export { readTokenManifest, readTokenRows, type ShardRow } from './shard-reader';
export { tokenizeDatasetTask, type TokenizeDatasetParams, type TokenizeDatasetResult } from './task';
export { tokenShardDir } from './publish';
