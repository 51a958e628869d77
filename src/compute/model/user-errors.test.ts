import { cpSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { removeDir, tempDir } from '../../../test/core-helpers';
import { repoRoot } from '../onnx/proto/test-fixtures';
import { generate } from './generate';
import { LanguageModel } from './language-model';

/** Finding 7 (models): errors a researcher can meet read as sentences naming the input. */
const DEMO = path.join(repoRoot, 'resources', 'demo-model'); // 256-token context window
const GPT2_TINY = path.join(repoRoot, 'fixtures', 'models', 'gpt2-tiny');
const dirs: string[] = [];
const models: LanguageModel[] = [];
afterAll(async () => {
  for (const m of models) await m.release();
  dirs.forEach(removeDir);
});

const OPTIONS = { maxNewTokens: 5, temperature: 0, topP: 1, topK: 0, seed: 1 };

describe('finding 7: model errors in the researcher’s words', () => {
  it('a prompt longer than the context window: a clear error (not ONNX Runtime’s Gather idx message)', async () => {
    const lm = LanguageModel.load(DEMO, { provider: 'cpu' });
    models.push(lm);
    const prompt = 'And God said unto Moses, '.repeat(60);
    const tokens = lm.tokenizer.encode(prompt).length;
    expect(tokens).toBeGreaterThan(256);
    await expect(generate(lm, prompt, OPTIONS)).rejects.toThrow(
      `The prompt is ${tokens} tokens long, but this model reads at most 256 tokens (its context window) and needs room for at least one new token; shorten the prompt by ${tokens - 255} tokens or more.`,
    );
    await expect(generate(lm, prompt, OPTIONS)).rejects.toMatchObject({ code: 'PROMPT_TOO_LONG' });
    // Near the window's edge generation still works, stops when the window is full and says so.
    const ids = lm.tokenizer.encode(prompt).slice(0, 250);
    const result = await generate(lm, ids, { ...OPTIONS, maxNewTokens: 20 });
    expect(result.tokenIds.length).toBe(6);
    expect(result.stoppedBy).toBe('contextWindow');
  });

  it('a truncated ONNX file: names the file and says it is incomplete (not "protobuf: truncated field")', () => {
    for (const keep of [1000, 0.5]) {
      const dir = path.join(tempDir(), 'gpt2');
      dirs.push(path.dirname(dir));
      cpSync(GPT2_TINY, dir, { recursive: true });
      const file = path.join(dir, 'onnx', 'model.onnx');
      const bytes = readFileSync(file);
      const cut = keep < 1 ? Math.floor(bytes.length * keep) : keep;
      writeFileSync(file, bytes.subarray(0, cut));
      expect(() => LanguageModel.load(dir, { provider: 'cpu', tokenizer: false })).toThrow(
        new RegExp(
          `^${file.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')} is not a complete ONNX model \\(${cut} bytes that do not parse: .+\\); a copy or download was probably cut short — export or download it again$`,
        ),
      );
    }
  });
});
