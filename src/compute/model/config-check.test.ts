import { cpSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { removeDir, tempDir } from '../../../test/core-helpers';
import { repoRoot } from '../onnx/proto/test-fixtures';
import { LanguageModel } from './language-model';

/** Finding 8: config.json is checked against the ONNX graph, which is what runs. */
const GPT2_TINY = path.join(repoRoot, 'fixtures', 'models', 'gpt2-tiny'); // vocab 256, 64 positions, d_model 32
const LLAMA_TINY = path.join(repoRoot, 'fixtures', 'models', 'llama-tiny');
const dirs: string[] = [];
const models: LanguageModel[] = [];
afterAll(async () => {
  for (const m of models) await m.release();
  dirs.forEach(removeDir);
});

/** A copy of a fixture whose config.json says `patch` (what a careless export or a hand edit produces). */
function lyingCopy(source: string, patch: Record<string, unknown>): string {
  const dir = path.join(tempDir(), path.basename(source));
  dirs.push(path.dirname(dir));
  cpSync(source, dir, { recursive: true });
  const config = JSON.parse(readFileSync(path.join(dir, 'config.json'), 'utf8')) as Record<string, unknown>;
  writeFileSync(path.join(dir, 'config.json'), JSON.stringify({ ...config, ...patch }));
  return dir;
}

function load(dir: string): LanguageModel {
  const lm = LanguageModel.load(dir, { provider: 'cpu', tokenizer: false });
  models.push(lm);
  return lm;
}

describe('finding 8: a config.json that lies is corrected from the graph, with a note — or refused', () => {
  it('honest configs load without notes', () => {
    expect(load(GPT2_TINY).hookNotes).toEqual([]);
    expect(load(LLAMA_TINY).hookNotes).toEqual([]);
  });

  it('model_type "llama" on a GPT-2 graph → gpt2, said why', () => {
    const lm = load(lyingCopy(GPT2_TINY, { model_type: 'llama' }));
    expect(lm.architecture.family).toBe('gpt2');
    expect(lm.hookNotes).toContain(
      'config.json says model_type "llama" but the graph has GPT-2-style blocks (/transformer/h.N); treating it as gpt2',
    );
  });

  it('model_type "gpt2" on a Llama graph → llama', () => {
    const lm = load(lyingCopy(LLAMA_TINY, { model_type: 'gpt2' }));
    expect(lm.architecture.family).toBe('llama');
  });

  it('vocab_size 50000 on a 256-vocab graph → 256', () => {
    const lm = load(lyingCopy(GPT2_TINY, { vocab_size: 50000 }));
    expect(lm.architecture.vocabSize).toBe(256);
    expect(lm.hookNotes).toContain("config.json says vocab_size 50000 but the graph's logits have 256 entries; using 256");
  });

  it('n_positions 100000 on a 64-position graph → a 64-token window, and a long input fails with a sentence, not a Gather error', async () => {
    const lm = load(lyingCopy(GPT2_TINY, { n_positions: 100000, n_ctx: 100000 }));
    expect(lm.architecture.maxPositions).toBe(64);
    expect(lm.hookNotes).toContain(
      "config.json says n_positions 100000 but the graph's position embedding has 64 rows; the context window is 64 tokens",
    );
    const ids = Array.from({ length: 70 }, (_, i) => i % 256);
    await expect(lm.forward({ inputIds: [ids] })).rejects.toThrow(
      /^The input is 70 tokens long, but the model in .+gpt2-tiny reads at most 64 tokens \(its context window\); shorten it by 6 tokens or more\.$/,
    );
    const ok = await lm.forward({ inputIds: [ids.slice(0, 64)] });
    expect(ok.logits.length).toBe(64 * 256);
  });

  it('a d_model that does not match the embedding is refused, naming the file', () => {
    expect(() => load(lyingCopy(GPT2_TINY, { n_embd: 64 }))).toThrow(
      /model\.onnx: config\.json says n_embd 64 but the graph's token embedding is 32 wide; the config does not belong to this ONNX file/,
    );
  });
});
