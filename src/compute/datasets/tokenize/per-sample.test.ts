import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadDatasetTokenizer } from './dataset-tokenizer';
import { buildPerSampleRows } from './per-sample';
import { previewTokens } from './preview';
import { DEMO_MODEL_DIR } from '../../../../test/task-support';

const tok = loadDatasetTokenizer(DEMO_MODEL_DIR);
const texts = ['Hello world, this is a test of the tokenizer.', 'Short.', 'A medium length sentence here.'];
const samples = texts.map((t, ordinal) => ({ ordinal, content: tok.tokenizer.encode(t, { addSpecialTokens: false }) }));
const lens = samples.map((s) => s.content.length);
const framing = { prefix: [4095], suffix: [4095] };
const PAD = 4095;

describe('per_sample rows', () => {
  it('the demo (GPT-2 style) tokenizer adds no special tokens of its own', () => {
    expect(tok.prefix).toEqual([]);
    expect(tok.suffix).toEqual([]);
    expect(tok.vocabSize).toBe(4096);
  });

  it('add_bos_token / add_eos_token in tokenizer_config.json frame every sample', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'mistudio-tokcfg-'));
    try {
      for (const f of ['tokenizer.json', 'tokenizer_config.json']) cpSync(path.join(DEMO_MODEL_DIR, f), path.join(dir, f));
      const cfg = JSON.parse(readFileSync(path.join(dir, 'tokenizer_config.json'), 'utf8')) as Record<string, unknown>;
      writeFileSync(path.join(dir, 'tokenizer_config.json'), JSON.stringify({ ...cfg, add_bos_token: true, add_eos_token: true }));
      const framed = loadDatasetTokenizer(dir);
      expect(framed.prefix).toEqual([4095]);
      expect(framed.suffix).toEqual([4095]);
      expect(previewTokens(framed, 'Hi', { addSpecialTokens: true }).tokens.map((t) => t.special)).toEqual([
        true,
        ...framed.tokenizer.encode('Hi').map(() => false),
        true,
      ]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('padding none, no truncation: the content as encoded, with specials around it', () => {
    const rows = buildPerSampleRows(samples, framing, { maxLength: 4, padding: 'none', truncation: 'none' }, PAD);
    rows.forEach((r, i) => {
      expect(r.tokens).toEqual([4095, ...(samples[i]?.content ?? []), 4095]);
      expect(r.unpaddedLength).toBe(r.tokens.length);
      expect(r.segments).toEqual([{ position: 1, sampleOrdinal: i, sampleTokenStart: 0, length: lens[i] }]);
    });
  });

  it('longest_first and only_first cut the same tokens for single sequences, keeping the specials', () => {
    const a = buildPerSampleRows(samples, framing, { maxLength: 6, padding: 'none', truncation: 'longest_first' }, PAD);
    const b = buildPerSampleRows(samples, framing, { maxLength: 6, padding: 'none', truncation: 'only_first' }, PAD);
    expect(a).toEqual(b);
    a.forEach((r, i) => {
      const keep = Math.min(lens[i] ?? 0, 4);
      expect(r.tokens).toEqual([4095, ...(samples[i]?.content.slice(0, keep) ?? []), 4095]);
      expect(r.tokens.length).toBeLessThanOrEqual(6);
    });
  });

  it('max_length pads every row to maxLength on the right; the unpadded length gives the mask', () => {
    const rows = buildPerSampleRows(samples, null, { maxLength: 8, padding: 'max_length', truncation: 'longest_first' }, PAD);
    rows.forEach((r, i) => {
      const keep = Math.min(lens[i] ?? 0, 8);
      expect(r.tokens.length).toBe(8);
      expect(r.unpaddedLength).toBe(keep);
      expect(r.tokens.slice(0, keep)).toEqual(samples[i]?.content.slice(0, keep));
      expect(r.tokens.slice(keep).every((t) => t === PAD)).toBe(true);
    });
  });

  it('max_length without truncation leaves longer rows alone', () => {
    const rows = buildPerSampleRows(samples, null, { maxLength: 3, padding: 'max_length', truncation: 'none' }, PAD);
    rows.forEach((r, i) => expect(r.tokens.length).toBe(Math.max(3, lens[i] ?? 0)));
  });

  it('longest pads to the longest row of the batch', () => {
    const rows = buildPerSampleRows(samples, null, { maxLength: 512, padding: 'longest', truncation: 'none' }, PAD);
    const longest = Math.max(...lens);
    rows.forEach((r, i) => {
      expect(r.tokens.length).toBe(longest);
      expect(r.unpaddedLength).toBe(lens[i]);
    });
  });

  it('maxLength smaller than the specials: the row is specials only, clipped', () => {
    const [row] = buildPerSampleRows(
      [samples[0] ?? { ordinal: 0, content: [] }],
      framing,
      { maxLength: 1, padding: 'none', truncation: 'longest_first' },
      PAD,
    );
    expect(row).toEqual({ tokens: [4095], unpaddedLength: 1, segments: [] });
  });
});

describe('previewTokens', () => {
  it('gives ids, readable texts and the count; decoding the texts gives the text back', () => {
    const text = 'Sparse features, e.g. "the", café!';
    const p = previewTokens(tok, text);
    expect(p.count).toBe(p.tokens.length);
    expect(p.tokens.map((t) => t.id)).toEqual(tok.tokenizer.encode(text));
    expect(p.tokens.map((t) => t.text).join('')).toBe(text);
    expect(p.tokens.every((t) => !t.special)).toBe(true);
  });

  it('truncates to maxLength and reports the untruncated count', () => {
    const p = previewTokens(tok, 'one two three four five six seven', { maxLength: 3 });
    expect(p.count).toBe(3);
    expect(p.untruncatedCount).toBeGreaterThan(3);
  });
});
