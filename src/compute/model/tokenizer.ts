import { readFileSync } from 'node:fs';
import path from 'node:path';
import { PreTrainedTokenizer } from '@huggingface/transformers';

/** The model's tokenizer (transformers.js), built from local files only — never the hub. */
export interface ModelTokenizer {
  encode(text: string, opts?: { addSpecialTokens?: boolean }): number[];
  decode(ids: readonly number[], opts?: { skipSpecialTokens?: boolean }): string;
  /** Each id's token text as the researcher reads it (byte-level BPE shown decoded). */
  tokenTexts(ids: readonly number[]): string[];
  eosTokenId: number | null;
  bosTokenId: number | null;
  padTokenId: number | null;
}

function specialId(tok: PreTrainedTokenizer, config: Record<string, unknown>, key: string): number | null {
  const v = config[key];
  const text =
    typeof v === 'string' ? v : v && typeof v === 'object' && 'content' in v ? String((v as { content: unknown }).content) : null;
  if (!text) return null;
  const ids = tok.encode(text, { add_special_tokens: false });
  return ids.length === 1 ? (ids[0] ?? null) : null;
}

export function loadTokenizer(dir: string, modelConfig: Record<string, unknown> = {}): ModelTokenizer {
  const tokenizerJson = JSON.parse(readFileSync(path.join(dir, 'tokenizer.json'), 'utf8')) as object;
  const tokenizerConfig = JSON.parse(readFileSync(path.join(dir, 'tokenizer_config.json'), 'utf8')) as Record<string, unknown>;
  const tok = new PreTrainedTokenizer(tokenizerJson, tokenizerConfig);
  const cfgId = (k: string) => (typeof modelConfig[k] === 'number' ? (modelConfig[k] as number) : null);
  const eos = cfgId('eos_token_id') ?? specialId(tok, tokenizerConfig, 'eos_token');
  return {
    encode: (text, opts) => tok.encode(text, { add_special_tokens: opts?.addSpecialTokens ?? false }),
    decode: (ids, opts) => tok.decode([...ids], { skip_special_tokens: opts?.skipSpecialTokens ?? false }),
    tokenTexts: (ids) => ids.map((id) => tok.decode([id], { skip_special_tokens: false })),
    eosTokenId: eos,
    bosTokenId: cfgId('bos_token_id') ?? specialId(tok, tokenizerConfig, 'bos_token'),
    padTokenId: cfgId('pad_token_id') ?? specialId(tok, tokenizerConfig, 'pad_token') ?? eos,
  };
}
