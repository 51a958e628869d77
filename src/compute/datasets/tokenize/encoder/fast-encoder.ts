import { AddedTokenSplitter, parseAddedToken, stripAroundAddedTokens, type AddedToken, type AddedTokenJson } from './added-tokens';
import { BpeMerges, type BpeModelJson } from './bpe';
import { asciiPretokenEnd, isAscii } from './ascii-pretokenizer';
import { BYTE_TO_CHAR, GPT2_PRETOKENIZE, toByteLevel } from './byte-level';
import { buildNormalizer, type Normalize } from './normalizer';
import { PretokenCache } from './pretoken-cache';

/**
 * Byte-level BPE encoding (GPT-2, GPT-J, GPT-NeoX/Pythia, RoBERTa-style tokenizer.json) with a
 * pre-token cache: a corpus repeats the same words, so each distinct pre-token is merged once
 * and later looked up. Same ids as transformers.js' encode(text, { add_special_tokens: false })
 * — the pipeline below follows its Tokenizer.encode_text step by step (docs/datasets.md,
 * "Fast tokenization"); tests compare the two token for token.
 */
export interface ContentEncoder {
  /** Token ids of `text` without special tokens around it (added tokens inside it count). */
  encode(text: string): number[];
}

/** Pre-tokens longer than this (UTF-16 units) are merged every time, never cached. */
const MAX_CACHED_PRETOKEN = 256;
/** Cache bound: 256 Ki pre-tokens ≈ 15 MB; emptied when full (memory stays bounded on any corpus). */
const DEFAULT_CACHE_ENTRIES = 1 << 18;

interface TokenizerJson {
  normalizer?: unknown;
  pre_tokenizer?: unknown;
  post_processor?: unknown;
  added_tokens?: AddedTokenJson[];
  model?: Partial<BpeModelJson> & Record<string, unknown>;
}

const PASSIVE_POST_PROCESSORS = new Set(['ByteLevel', 'TemplateProcessing', 'BertProcessing', 'RobertaProcessing']);

/** Post-processors that leave a single sequence encoded without special tokens unchanged. */
function passivePostProcessor(p: unknown): boolean {
  if (p === null || p === undefined) return true;
  const c = p as { type?: unknown; processors?: unknown };
  if (c.type === 'Sequence') return Array.isArray(c.processors) && c.processors.every(passivePostProcessor);
  return typeof c.type === 'string' && PASSIVE_POST_PROCESSORS.has(c.type);
}

/** Why tokenizer.json's model is not plain byte-level BPE over its vocabulary, or null. */
function modelUnsupported(model: TokenizerJson['model']): string | null {
  if (!model || model.type !== 'BPE') return `model ${String(model?.type)} (the fast path is BPE only)`;
  if (!model.vocab || typeof model.vocab !== 'object' || !Array.isArray(model.merges))
    return 'BPE model without a vocab map and merges list';
  if (model.byte_fallback === true) return 'BPE with byte_fallback (SentencePiece-style)';
  if (model.dropout !== null && model.dropout !== undefined && model.dropout !== 0) return 'BPE dropout';
  if (model.end_of_word_suffix || model.continuing_subword_suffix) return 'BPE with a word suffix';
  return null;
}

export function buildFastEncoder(
  tokenizerJson: object,
  config: Record<string, unknown>,
  cacheEntries = DEFAULT_CACHE_ENTRIES,
): ByteLevelBpeEncoder | { unsupported: string } {
  const json = tokenizerJson as TokenizerJson;
  const pre = json.pre_tokenizer as { type?: unknown; add_prefix_space?: unknown; use_regex?: unknown } | null | undefined;
  if (pre?.type !== 'ByteLevel') return { unsupported: `pre-tokenizer ${String(pre?.type ?? 'none')} (the fast path is ByteLevel only)` };
  const whyModel = modelUnsupported(json.model);
  if (whyModel) return { unsupported: whyModel };
  if (!passivePostProcessor(json.post_processor))
    return { unsupported: `post-processor ${String((json.post_processor as { type?: unknown }).type)}` };
  if (config.remove_space === true || config.do_lowercase_and_remove_accent === true)
    return { unsupported: 'tokenizer_config remove_space / do_lowercase_and_remove_accent' };
  const norm = buildNormalizer(json.normalizer);
  if ('unsupported' in norm) return norm;
  const model = json.model as BpeModelJson & { ignore_merges?: unknown };
  const merges = BpeMerges.build(model);
  if ('unsupported' in merges) return merges;
  const vocab = new Map(Object.entries(model.vocab));
  const byteIds: number[] = [];
  for (const ch of BYTE_TO_CHAR) {
    const id = vocab.get(ch);
    if (id === undefined) return { unsupported: `byte symbol "${ch}" is not in the vocabulary` };
    byteIds[ch.charCodeAt(0)] = id;
  }
  return new ByteLevelBpeEncoder({
    normalize: norm.normalize,
    // Truthiness as transformers.js reads these flags (`?? false` / `?? true`).
    addPrefixSpace: Boolean(pre.add_prefix_space),
    useRegex: Boolean(pre.use_regex ?? true),
    ignoreMerges: model.ignore_merges === true,
    vocab,
    byteIds,
    merges,
    addedTokens: (json.added_tokens ?? []).map(parseAddedToken),
    cacheEntries,
  });
}

interface EncoderParts {
  normalize: Normalize | null;
  addPrefixSpace: boolean;
  useRegex: boolean;
  ignoreMerges: boolean;
  vocab: Map<string, number>;
  /** Byte-level character code → vocabulary id. */
  byteIds: number[];
  merges: BpeMerges;
  addedTokens: AddedToken[];
  cacheEntries: number;
}

export class ByteLevelBpeEncoder implements ContentEncoder {
  /** Content (and normalized content) → added token, later entries winning, as transformers.js maps them. */
  private readonly added = new Map<string, AddedToken>();
  /** Added-token content → id (transformers.js' model.tokens_to_ids entries for added tokens). */
  private readonly byContent = new Map<string, number>();
  private readonly beforeNormalizing: AddedTokenSplitter;
  private readonly afterNormalizing: AddedTokenSplitter;
  /** Vocabulary id → the id transformers.js reports for that token string (an added token of the same text wins). */
  private readonly outputId: Int32Array;
  private readonly cache: PretokenCache;

  constructor(private readonly p: EncoderParts) {
    this.cache = new PretokenCache(p.cacheEntries);
    const raw: string[] = [];
    const normalized: string[] = [];
    const byContent = this.byContent;
    for (const t of p.addedTokens) {
      byContent.set(t.content, t.id);
      this.added.set(t.content, t);
      if (t.normalized && p.normalize) {
        const n = p.normalize(t.content);
        normalized.push(n);
        this.added.set(n, t);
      } else {
        raw.push(t.content);
      }
    }
    this.beforeNormalizing = new AddedTokenSplitter(raw);
    this.afterNormalizing = new AddedTokenSplitter(normalized);
    let size = 0;
    for (const id of p.vocab.values()) size = Math.max(size, id + 1);
    this.outputId = new Int32Array(size).fill(-1);
    for (const [text, id] of p.vocab) this.outputId[id] = this.added.get(text)?.id ?? byContent.get(text) ?? id;
  }

  /** Distinct pre-tokens held in the cache (at most the bound given to buildFastEncoder). */
  get cachedPretokens(): number {
    return this.cache.size;
  }

  encode(text: string): number[] {
    const out: number[] = [];
    const sections = this.beforeNormalizing.split(text);
    stripAroundAddedTokens(sections, this.added);
    for (let section of sections) {
      if (section.length === 0) continue;
      const whole = this.added.get(section);
      if (whole) {
        out.push(whole.id);
        continue;
      }
      if (this.p.normalize) section = this.p.normalize(section);
      if (section.length === 0) continue;
      const parts = this.afterNormalizing.split(section);
      stripAroundAddedTokens(parts, this.added);
      for (const part of parts) {
        if (part.length === 0) continue;
        const token = this.added.get(part);
        if (token) out.push(token.id);
        else this.encodePlain(part, out);
      }
    }
    return out;
  }

  /** Pre-tokenizes text holding no added tokens and appends each pre-token's ids. */
  private encodePlain(text: string, out: number[]): void {
    if (this.p.addPrefixSpace && !text.startsWith(' ')) text = ' ' + text;
    if (!this.p.useRegex) this.encodePretoken(text, 0, text.length, out);
    else if (isAscii(text)) {
      for (let i = 0; i < text.length;) {
        const end = asciiPretokenEnd(text, i);
        this.encodePretoken(text, i, end, out);
        i = end;
      }
    } else for (const w of text.match(GPT2_PRETOKENIZE) ?? []) this.encodePretoken(w, 0, w.length, out);
  }

  /** Appends the ids of pre-token text[start, end), merging it only when the cache lacks it. */
  private encodePretoken(text: string, start: number, end: number, out: number[]): void {
    if (end - start > MAX_CACHED_PRETOKEN) {
      for (const id of this.mergePretoken(text.slice(start, end))) out.push(id);
      return;
    }
    const hash = PretokenCache.hash(text, start, end);
    const hit = this.cache.find(text, start, end, hash);
    if (hit >= 0) {
      this.cache.appendIds(hit, out);
      return;
    }
    const key = ownCopy(text.slice(start, end));
    const ids = this.mergePretoken(key);
    this.cache.add(key, hash, ids);
    for (const id of ids) out.push(id);
  }

  private mergePretoken(pretoken: string): number[] {
    const chars = toByteLevel(pretoken);
    if (this.p.ignoreMerges) {
      // A pre-token that is a whole token is kept as is; transformers.js' vocabulary map holds
      // the added tokens' contents too, and an added token's id wins.
      const whole = this.p.vocab.get(chars);
      if (whole !== undefined || this.byContent.has(chars)) {
        return [this.added.get(chars)?.id ?? this.byContent.get(chars) ?? (this.outputId[whole as number] as number)];
      }
    }
    const symbols = new Array<number>(chars.length);
    for (let i = 0; i < chars.length; i++) symbols[i] = this.p.byteIds[chars.charCodeAt(i)] as number;
    const merged = this.p.merges.merge(symbols);
    for (let i = 0; i < merged.length; i++) merged[i] = this.outputId[merged[i] as number] as number;
    return merged;
  }
}

/**
 * A copy of a slice that does not keep the whole sample text alive while cached (V8 shares the
 * parent string for slices of 13 units or more; concatenating and slicing again flattens it).
 */
function ownCopy(slice: string): string {
  return slice.length < 13 ? slice : (' ' + slice).slice(1);
}
