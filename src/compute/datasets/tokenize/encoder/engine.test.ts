import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadTokenizer, type ModelTokenizer } from '../../../model/tokenizer';
import { loadDatasetTokenizer } from '../dataset-tokenizer';
import { chooseContentEncoder, ENGINE_ENV } from './engine';
import { buildFastEncoder } from './fast-encoder';
import { addedTokenProbes, PROBE_TEXTS } from './probes';
import { demoCorpus, fuzzTexts, TOKENIZER_DIRS, writeGpt2Tokenizer } from './test-support';

const temp = mkdtempSync(path.join(tmpdir(), 'mistudio-tokenizers-'));
afterAll(() => rmSync(temp, { recursive: true, force: true }));

const corpus = demoCorpus();

/** A copy of the demo tokenizer with tokenizer.json's pre-tokenizer / model options changed. */
function demoVariant(name: string, pre: Record<string, unknown>, model: Record<string, unknown>): string {
  const dir = path.join(temp, name);
  cpSync(TOKENIZER_DIRS.demo, dir, { recursive: true, filter: (f) => !f.includes('onnx') && !f.endsWith('.bin') });
  const json = JSON.parse(readFileSync(path.join(dir, 'tokenizer.json'), 'utf8')) as { pre_tokenizer: object; model: object };
  writeFileSync(
    path.join(dir, 'tokenizer.json'),
    JSON.stringify({ ...json, pre_tokenizer: { ...json.pre_tokenizer, ...pre }, model: { ...json.model, ...model } }),
  );
  return dir;
}

const FAST = [
  { name: 'demo (KJV GPT-2)', dir: TOKENIZER_DIRS.demo },
  { name: 'gpt2-tiny fixture (bytes only)', dir: TOKENIZER_DIRS['gpt2-tiny'] },
  { name: 'neox-style fixture (NFC, added whitespace tokens)', dir: TOKENIZER_DIRS['neox-style'] },
  { name: 'special-normalizer fixture (NFKC+Lowercase, lstrip/rstrip, prefix space)', dir: TOKENIZER_DIRS['special-normalizer'] },
  { name: 'GPT-2 (full 50k vocabulary)', dir: writeGpt2Tokenizer(path.join(temp, 'gpt2')) },
  {
    name: 'GPT-NeoX-like (GPT-2 vocabulary + NFC + whitespace tokens)',
    dir: writeGpt2Tokenizer(path.join(temp, 'gpt2-neox'), { neox: true }),
  },
  {
    name: 'demo with ignore_merges and add_prefix_space',
    dir: demoVariant('ignore-merges', { add_prefix_space: true }, { ignore_merges: true }),
  },
  // Whole documents as single pre-tokens are slow in transformers.js' BPE: every 20th document.
  {
    name: 'demo with use_regex false (whole sections as one pre-token)',
    dir: demoVariant('no-regex', { use_regex: false }, {}),
    every: 20,
  },
];

function addedContents(dir: string): string[] {
  const json = JSON.parse(readFileSync(path.join(dir, 'tokenizer.json'), 'utf8')) as { added_tokens: { content: string }[] };
  return json.added_tokens.map((t) => t.content);
}

/** Indices of texts whose ids differ between the dataset tokenizer's content encoder and transformers.js. */
function mismatches(texts: readonly string[], encode: (t: string) => number[], reference: ModelTokenizer): string[] {
  const bad: string[] = [];
  for (const t of texts) if (JSON.stringify(encode(t)) !== JSON.stringify(reference.encode(t, { addSpecialTokens: false }))) bad.push(t);
  return bad;
}

describe.each(FAST)('$name: fast path, token for token against transformers.js', ({ dir, every = 1 }: { dir: string; every?: number }) => {
  const tok = loadDatasetTokenizer(dir);
  const added = addedContents(dir);
  // The fast encoder itself, not the engine choice (which would fall back on a probe mismatch).
  const built = buildFastEncoder(
    JSON.parse(readFileSync(path.join(dir, 'tokenizer.json'), 'utf8')) as object,
    JSON.parse(readFileSync(path.join(dir, 'tokenizer_config.json'), 'utf8')) as Record<string, unknown>,
  );
  if ('unsupported' in built) throw new Error(built.unsupported);
  const fast = (t: string) => built.encode(t);

  it('chooses the byte-level BPE path', () => {
    expect(tok.engine.name).toBe('byte-level-bpe');
  });

  it('gives the same ids on every document of the demo corpus', () => {
    expect(mismatches(every === 1 ? corpus : corpus.filter((_, i) => i % every === 0), fast, tok.tokenizer)).toEqual([]);
    // The cache must not change anything on a second pass.
    expect(mismatches(corpus.slice(0, 50), fast, tok.tokenizer)).toEqual([]);
  }, 120_000);

  it('gives the same ids on adversarial text: unicode, long words, whitespace runs, added tokens inside text', () => {
    const texts = [
      ...PROBE_TEXTS,
      ...addedTokenProbes(added),
      ...fuzzTexts(1500, added),
      corpus.join('\n').slice(0, 20_000),
      'word'.repeat(5000),
      ' \n\t'.repeat(3000),
    ];
    expect(mismatches(texts, fast, tok.tokenizer)).toEqual([]);
  }, 120_000);
});

describe('fallback to transformers.js', () => {
  it('keeps a SentencePiece-style (llama-style) tokenizer on transformers.js, with the reason', () => {
    const tok = loadDatasetTokenizer(TOKENIZER_DIRS['llama-style']);
    expect(tok.engine.name).toBe('transformers.js');
    expect(tok.engine.reason).toMatch(/pre-tokenizer none/);
    expect(tok.prefix).toEqual([1]);
    expect(
      mismatches([...PROBE_TEXTS, ...fuzzTexts(200, ['<s>', '</s>', '<unk>']), corpus[0] ?? ''], tok.encodeContent, tok.tokenizer),
    ).toEqual([]);
  });

  it('says which part of tokenizer.json the fast path does not cover', () => {
    const demo = JSON.parse(readFileSync(path.join(TOKENIZER_DIRS.demo, 'tokenizer.json'), 'utf8')) as Record<string, unknown> & {
      model: Record<string, unknown>;
    };
    const why = (json: object) => {
      const r = buildFastEncoder(json, {});
      return 'unsupported' in r ? r.unsupported : 'covered';
    };
    expect(why(demo)).toBe('covered');
    expect(why({ ...demo, pre_tokenizer: { type: 'Metaspace' } })).toMatch(/pre-tokenizer Metaspace/);
    expect(why({ ...demo, normalizer: { type: 'BertNormalizer' } })).toMatch(/normalizer BertNormalizer/);
    expect(why({ ...demo, normalizer: { type: 'Replace', pattern: { Regex: '\\s+' }, content: ' ' } })).toMatch(/regex/);
    expect(why({ ...demo, model: { ...demo.model, type: 'WordPiece' } })).toMatch(/model WordPiece/);
    expect(why({ ...demo, model: { ...demo.model, byte_fallback: true } })).toMatch(/byte_fallback/);
    expect(why({ ...demo, model: { ...demo.model, merges: ['Ġ t', 'Ġt h', 'Ġ q'] } })).toMatch(/not in the vocabulary/);
    expect(why({ ...demo, post_processor: { type: 'Unknown' } })).toMatch(/post-processor Unknown/);
  });

  it('falls back when the fast path and transformers.js disagree on a probe text', () => {
    const dir = TOKENIZER_DIRS.demo;
    const json = JSON.parse(readFileSync(path.join(dir, 'tokenizer.json'), 'utf8')) as object;
    const real = loadTokenizer(dir);
    // A reference that differs from the real tokenizer on one probe: the choice must notice.
    const differing: ModelTokenizer = { ...real, encode: (t, o) => (t === PROBE_TEXTS[5] ? [0] : real.encode(t, o)) };
    const chosen = chooseContentEncoder(json, {}, differing);
    expect(chosen.engine.name).toBe('transformers.js');
    expect(chosen.engine.reason).toMatch(/other ids than transformers\.js/);
    expect(chooseContentEncoder(json, {}, real).engine.name).toBe('byte-level-bpe');
  });

  it(`is forced by ${ENGINE_ENV}=transformers.js`, () => {
    process.env[ENGINE_ENV] = 'transformers.js';
    try {
      const tok = loadDatasetTokenizer(TOKENIZER_DIRS.demo);
      expect(tok.engine).toEqual({ name: 'transformers.js', reason: `${ENGINE_ENV}=transformers.js` });
    } finally {
      delete process.env[ENGINE_ENV];
    }
  });
});

describe('pre-token cache', () => {
  it('stays within its bound and still gives the same ids after being cleared', () => {
    const dir = TOKENIZER_DIRS.demo;
    const json = JSON.parse(readFileSync(path.join(dir, 'tokenizer.json'), 'utf8')) as object;
    const fast = buildFastEncoder(json, {}, 64);
    if ('unsupported' in fast) throw new Error(fast.unsupported);
    const reference = loadTokenizer(dir);
    expect(mismatches(corpus.slice(0, 40), (t) => fast.encode(t), reference)).toEqual([]);
    expect(fast.cachedPretokens).toBeGreaterThan(0);
    expect(fast.cachedPretokens).toBeLessThanOrEqual(64);
  });
});
