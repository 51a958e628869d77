import type { ModelTokenizer } from '../../../model/tokenizer';
import { buildFastEncoder, type ContentEncoder } from './fast-encoder';
import { addedTokenProbes, PROBE_TEXTS } from './probes';

/** Which code turns sample text into ids, and why (recorded in the manifest and shown by the doctor self-test). */
export interface TokenizerEngine {
  name: 'byte-level-bpe' | 'transformers.js';
  reason: string;
}

export interface ChosenEncoder extends ContentEncoder {
  engine: TokenizerEngine;
}

/** Set to `transformers.js` to turn the fast path off (a bench comparison, or a suspected difference). */
export const ENGINE_ENV = 'MISTUDIO_TOKENIZER_ENGINE';

function sameIds(a: readonly number[], b: readonly number[]): boolean {
  return a.length === b.length && a.every((v, i) => v === b[i]);
}

const snippet = (t: string) => JSON.stringify(t.length > 40 ? `${t.slice(0, 40)}…` : t);

/**
 * The fast byte-level BPE path when tokenizer.json is the kind it covers and it gives
 * transformers.js' ids on every probe text; otherwise transformers.js itself (docs/datasets.md,
 * "Fast tokenization"). `reference` is today's transformers.js tokenizer for the same files.
 */
export function chooseContentEncoder(
  tokenizerJson: object,
  tokenizerConfig: Record<string, unknown>,
  reference: ModelTokenizer,
): ChosenEncoder {
  const slow = (reason: string): ChosenEncoder => ({
    encode: (text) => reference.encode(text, { addSpecialTokens: false }),
    engine: { name: 'transformers.js', reason },
  });
  if (process.env[ENGINE_ENV] === 'transformers.js') return slow(`${ENGINE_ENV}=transformers.js`);
  const fast = buildFastEncoder(tokenizerJson, tokenizerConfig);
  if ('unsupported' in fast) return slow(`fast path does not cover ${fast.unsupported}`);
  const added = ((tokenizerJson as { added_tokens?: { content?: unknown }[] }).added_tokens ?? []).map((t) => String(t.content));
  for (const probe of [...PROBE_TEXTS, ...addedTokenProbes(added)]) {
    if (!sameIds(fast.encode(probe), reference.encode(probe, { addSpecialTokens: false }))) {
      return slow(`fast path gave other ids than transformers.js on ${snippet(probe)}`);
    }
  }
  return {
    encode: (text) => fast.encode(text),
    engine: { name: 'byte-level-bpe', reason: 'byte-level BPE tokenizer; same ids as transformers.js on every probe text' },
  };
}
