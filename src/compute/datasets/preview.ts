import type { PreviewParams } from '../../shared/jobs/datasets';
import type { TokenPreview } from '../../shared/types/datasets';
import { loadDatasetTokenizer, previewTokens, type DatasetTokenizer } from './tokenize';

const cache = new Map<string, DatasetTokenizer>();

export type { PreviewParams };

/** Live tokenizer preview for the UI (one tokenizer cached per worker). */
export async function previewTokensTask(p: PreviewParams): Promise<TokenPreview> {
  let tok = cache.get(p.modelDir);
  if (!tok) {
    tok = loadDatasetTokenizer(p.modelDir);
    cache.set(p.modelDir, tok);
  }
  const r = previewTokens(tok, p.text, { addSpecialTokens: p.addSpecialTokens });
  return { tokens: r.tokens.map(({ id, text }) => ({ id, text })), count: r.count };
}
