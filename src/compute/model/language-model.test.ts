import { existsSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadModelFixture, maxDiffUnmasked, modelFixtureDir, referenceTensor, type ModelFixture } from '../onnx/hooks/test-support';
import { repoRoot } from '../onnx/proto/test-fixtures';
import { LanguageModel, positionIds } from './language-model';

/**
 * Parity with PyTorch: every hook activation and the logits of each fixture family (and
 * the demo model) against references computed by PyTorch forward hooks on the same
 * weights (scripts/fixtures, scripts/demo-model), max |error| ≤ 1e-4 on real tokens.
 */
const TOLERANCE = 1e-4;
const DEMO_DIR = path.join(repoRoot, 'resources', 'demo-model');

interface Case {
  name: string;
  dir: string;
  fixture: ModelFixture | undefined;
  tokenizer: boolean;
}

const cases: Case[] = [
  ...['gpt2-tiny', 'llama-tiny', 'neox-tiny'].map((id) => ({
    name: id,
    dir: modelFixtureDir(id),
    fixture: loadModelFixture(id),
    tokenizer: false,
  })),
  {
    name: 'demo-model',
    dir: DEMO_DIR,
    fixture: existsSync(path.join(DEMO_DIR, 'reference.json')) ? loadFixtureAt(DEMO_DIR) : undefined,
    tokenizer: true,
  },
];

function loadFixtureAt(dir: string): ModelFixture | undefined {
  const rel = path.relative(path.join(repoRoot, 'fixtures', 'models'), dir);
  return loadModelFixture(rel);
}

const loaded: LanguageModel[] = [];
afterAll(async () => {
  for (const m of loaded) await m.release();
});

function tile(vector: Float32Array, rows: number): Float32Array {
  const out = new Float32Array(vector.length * rows);
  for (let r = 0; r < rows; r++) out.set(vector, r * vector.length);
  return out;
}

describe.each(cases)('$name: hooked runtime vs PyTorch', ({ dir, fixture, tokenizer }) => {
  it.skipIf(!fixture)('reads every hook and the logits within 1e-4; a resid_post delta moves logits as in PyTorch', async () => {
    const f = fixture!;
    const lm = LanguageModel.load(dir, { provider: 'cpu', tokenizer });
    loaded.push(lm);
    const hookNames = f.ref.tensors.map((t) => t.name).filter((n) => n.startsWith('blocks.'));
    expect(lm.hooks.map((h) => h.name).sort()).toEqual([...hookNames].sort());
    const batch = { inputIds: f.ref.input_ids, attentionMask: f.ref.attention_mask };
    const out = await lm.forward(batch, { read: hookNames });
    for (const name of hookNames) {
      const err = maxDiffUnmasked(out.activations[name]!, referenceTensor(f, name), f.ref.attention_mask);
      expect(err, name).toBeLessThanOrEqual(TOLERANCE);
    }
    expect(maxDiffUnmasked(out.logits, referenceTensor(f, 'logits'), f.ref.attention_mask)).toBeLessThanOrEqual(TOLERANCE);

    // Write hook: zero delta ⇒ identical logits; the reference delta ⇒ PyTorch's logits.
    const rows = f.ref.input_ids.length * (f.ref.input_ids[0]?.length ?? 0);
    const zero = await lm.forward(batch, { deltas: { [f.ref.delta_hook]: new Float32Array(rows * lm.architecture.dModel) } });
    expect(maxDiffUnmasked(zero.logits, out.logits, f.ref.attention_mask)).toBe(0);
    const steered = await lm.forward(batch, { deltas: { [f.ref.delta_hook]: tile(referenceTensor(f, 'delta'), rows) } });
    expect(maxDiffUnmasked(steered.logits, referenceTensor(f, 'logits_with_delta'), f.ref.attention_mask)).toBeLessThanOrEqual(TOLERANCE);
  });
});

describe('KV cache', () => {
  const f = loadModelFixture('gpt2-tiny');
  it.skipIf(!f)('decoding with past_key_values gives the same logits as a full recompute', async () => {
    const lm = LanguageModel.load(modelFixtureDir('gpt2-tiny'), { provider: 'cpu', tokenizer: false });
    loaded.push(lm);
    const ids = f!.ref.input_ids[0]!;
    const full = await lm.forward({ inputIds: [ids] });
    const head = await lm.forward({ inputIds: [ids.slice(0, 6)] });
    let cache = head.cache!;
    for (let t = 6; t < ids.length; t++) {
      const step = await lm.forward({ inputIds: [[ids[t]!]] }, { past: cache });
      const expected = full.logits.subarray(t * full.vocab, (t + 1) * full.vocab);
      let err = 0;
      for (let v = 0; v < full.vocab; v++) err = Math.max(err, Math.abs(step.logits[v]! - expected[v]!));
      expect(err).toBeLessThanOrEqual(TOLERANCE);
      cache = step.cache!;
    }
  });

  it('position ids follow the HF convention (pads get 1, positions continue after the past)', () => {
    expect([...positionIds([[1, 1, 1, 0]], 0)]).toEqual([0n, 1n, 2n, 1n]);
    expect([...positionIds([[1]], 7)]).toEqual([7n]);
  });
});

describe('readActivations', () => {
  const f = loadModelFixture('llama-tiny');
  it.skipIf(!f)('streams only the real tokens of each padded batch, matching the reference', async () => {
    const { readActivations } = await import('./read-activations');
    const lm = LanguageModel.load(modelFixtureDir('llama-tiny'), { provider: 'cpu', tokenizer: false });
    loaded.push(lm);
    const batch = { inputIds: f!.ref.input_ids, attentionMask: f!.ref.attention_mask };
    const hook = 'blocks.1.hook_resid_post';
    const got = [];
    for await (const b of readActivations(lm, [batch, batch], [hook])) got.push(b);
    expect(got).toHaveLength(2);
    const real = f!.ref.attention_mask.flat().filter(Boolean).length;
    const ref = referenceTensor(f!, hook);
    const d = lm.architecture.dModel;
    const seq = f!.ref.input_ids[0]!.length;
    for (const b of got) {
      expect(b.nTokens).toBe(real);
      expect(b.activations[hook]!.length).toBe(real * d);
      for (let i = 0; i < b.nTokens; i++) {
        expect(f!.ref.attention_mask[b.rows[i]!]![b.positions[i]!]).toBe(1);
        const src = (b.rows[i]! * seq + b.positions[i]!) * d;
        for (let k = 0; k < d; k++) expect(Math.abs(b.activations[hook]![i * d + k]! - ref[src + k]!)).toBeLessThanOrEqual(TOLERANCE);
      }
    }
  });
});

describe('demo model generation', () => {
  const ref = existsSync(path.join(DEMO_DIR, 'reference.json')) ? loadFixtureAt(DEMO_DIR)?.ref : undefined;
  it.skipIf(!ref)('greedy decoding with the KV cache reproduces PyTorch’s continuation token for token', async () => {
    const { generate } = await import('./generate');
    const r = ref as unknown as { greedy_prompt_ids: number[]; greedy_continuation_ids: number[] };
    const lm = LanguageModel.load(DEMO_DIR, { provider: 'cpu' });
    loaded.push(lm);
    const out = await generate(lm, r.greedy_prompt_ids, {
      maxNewTokens: r.greedy_continuation_ids.length,
      temperature: 0,
      topP: 1,
      topK: 0,
      seed: 0,
      stopAtEos: false,
    });
    expect(out.tokenIds).toEqual(r.greedy_continuation_ids);
  });

  it.skipIf(!ref)('sampling is deterministic for a seed and differs across seeds', async () => {
    const { generate } = await import('./generate');
    const lm = LanguageModel.load(DEMO_DIR, { provider: 'cpu' });
    loaded.push(lm);
    const opts = { maxNewTokens: 16, temperature: 1, topP: 0.95, topK: 50, seed: 7 };
    const a = await generate(lm, 'And God said', opts);
    const b = await generate(lm, 'And God said', opts);
    const c = await generate(lm, 'And God said', { ...opts, seed: 8 });
    expect(a.tokenIds).toEqual(b.tokenIds);
    expect(c.tokenIds).not.toEqual(a.tokenIds);
  });
});
