import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { loadTokenizer, type ModelTokenizer } from '../../model/tokenizer';
import { chooseContentEncoder, type TokenizerEngine } from './encoder/engine';
import type { SpecialTokenRef } from './settings';
import { CodedError } from '../../../shared/coded-error';

/** A model's tokenizer plus what dataset tokenization needs to know about it. */
export interface DatasetTokenizer {
  tokenizer: ModelTokenizer;
  /**
   * A sample's content ids (no special tokens around it): transformers.js' ids, computed by the
   * fast byte-level BPE path when it applies (docs/datasets.md, "Fast tokenization").
   */
  encodeContent(text: string): number[];
  engine: TokenizerEngine;
  /** Folder name or `name_or_path`, for the manifest. */
  name: string;
  tokenizerClass: string | null;
  vocabSize: number;
  /** Special tokens `addSpecialTokens` puts before / after a sample's content. */
  prefix: number[];
  suffix: number[];
}

export class TokenizerSetupError extends CodedError {}

function readJson(file: string): Record<string, unknown> {
  return JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown>;
}

/** Largest id in tokenizer.json's vocabulary (BPE/WordPiece map or Unigram list) and added tokens, + 1. */
function vocabSizeOf(tokenizerJson: Record<string, unknown>): number {
  let max = -1;
  const model = tokenizerJson.model as { vocab?: unknown } | undefined;
  const vocab = model?.vocab;
  if (Array.isArray(vocab)) max = vocab.length - 1;
  else if (vocab && typeof vocab === 'object') for (const id of Object.values(vocab)) if (typeof id === 'number' && id > max) max = id;
  const added = tokenizerJson.added_tokens;
  if (Array.isArray(added))
    for (const t of added) if (t && typeof (t as { id?: unknown }).id === 'number') max = Math.max(max, (t as { id: number }).id);
  return max + 1;
}

/** Where `inner` sits inside `outer`, or -1. */
function indexOfRun(outer: readonly number[], inner: readonly number[]): number {
  for (let i = 0; i + inner.length <= outer.length; i++) if (inner.every((v, k) => outer[i + k] === v)) return i;
  return -1;
}

/**
 * The special tokens the tokenizer adds around a sample: found by encoding a probe with and
 * without special tokens (works for any post-processor template), then BOS/EOS that
 * tokenizer_config.json asks for (`add_bos_token` / `add_eos_token`) if the template lacks them.
 */
function specialFraming(tok: ModelTokenizer, tokenizerConfig: Record<string, unknown>): { prefix: number[]; suffix: number[] } {
  const plain = tok.encode('a', { addSpecialTokens: false });
  const framed = tok.encode('a', { addSpecialTokens: true });
  const at = indexOfRun(framed, plain);
  const prefix = at >= 0 ? framed.slice(0, at) : [];
  const suffix = at >= 0 ? framed.slice(at + plain.length) : [];
  if (tokenizerConfig.add_bos_token === true && tok.bosTokenId !== null && prefix[0] !== tok.bosTokenId) prefix.unshift(tok.bosTokenId);
  if (tokenizerConfig.add_eos_token === true && tok.eosTokenId !== null && suffix[suffix.length - 1] !== tok.eosTokenId)
    suffix.push(tok.eosTokenId);
  return { prefix, suffix };
}

export function loadDatasetTokenizer(modelDir: string): DatasetTokenizer {
  const tokenizerFile = path.join(modelDir, 'tokenizer.json');
  const configFile = path.join(modelDir, 'tokenizer_config.json');
  if (!existsSync(tokenizerFile) || !existsSync(configFile)) {
    throw new TokenizerSetupError(
      'MODEL_FILE_MISSING',
      `tokenizer.json or tokenizer_config.json not found in ${modelDir}; expected transformers.js layout`,
    );
  }
  const modelConfigFile = path.join(modelDir, 'config.json');
  const modelConfig = existsSync(modelConfigFile) ? readJson(modelConfigFile) : {};
  const tokenizerConfig = readJson(configFile);
  const tokenizer = loadTokenizer(modelDir, modelConfig);
  const tokenizerJson = readJson(tokenizerFile);
  const content = chooseContentEncoder(tokenizerJson, tokenizerConfig, tokenizer);
  const nameOrPath = tokenizerConfig.name_or_path ?? modelConfig._name_or_path;
  return {
    tokenizer,
    encodeContent: content.encode,
    engine: content.engine,
    name: typeof nameOrPath === 'string' && nameOrPath ? nameOrPath : path.basename(path.resolve(modelDir)),
    tokenizerClass: typeof tokenizerConfig.tokenizer_class === 'string' ? tokenizerConfig.tokenizer_class : null,
    vocabSize: vocabSizeOf(tokenizerJson),
    ...specialFraming(tokenizer, tokenizerConfig),
  };
}

/** Resolves `bos`/`eos`/id to a token id (null for `none`), refusing what the tokenizer lacks. */
export function resolveSpecialToken(ref: SpecialTokenRef, tok: DatasetTokenizer, what: string): number | null {
  if (ref === 'none') return null;
  if (typeof ref === 'number') {
    if (ref >= tok.vocabSize)
      throw new TokenizerSetupError('INVALID_ARGUMENT', `${what}: token id ${ref} is outside the vocabulary (size ${tok.vocabSize})`);
    return ref;
  }
  const id = ref === 'bos' ? tok.tokenizer.bosTokenId : tok.tokenizer.eosTokenId;
  if (id === null)
    throw new TokenizerSetupError('INVALID_ARGUMENT', `${what}: this tokenizer has no ${ref.toUpperCase()} token; pick a token id or none`);
  return id;
}
