import type { TokenizationSettings } from '../../../shared/types/datasets';

/** The Tokenization tab's starting settings (also what scripts/demo-sae/measure.ts tokenizes the demo with). */
export const DEFAULT_TOKENIZATION: TokenizationSettings = {
  mode: 'concat_chunk',
  maxLength: 128,
  padding: 'none',
  truncation: 'longest_first',
  addSpecialTokens: false,
  returnAttentionMask: true,
  contextSize: 128,
  prependBos: true,
};
