import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as ort from 'onnxruntime-node';
import { afterAll, describe, expect, it } from 'vitest';
import { floatTensor, model, node, tensorValueInfo } from '../graph/build';
import { OnnxError } from '../graph/errors';
import { graphOf } from '../graph/inspect';
import { decodeModel } from '../proto/codec';
import { repoRoot } from '../proto/test-fixtures';
import type { ModelProto } from '../proto/types';
import { addHookReads, addHookWrite } from './apply';
import { discoverHooks } from './discover';
import {
  fuseSkipNorms,
  loadModelFixture,
  maxDiffUnmasked,
  ortOptimized,
  referenceFeeds,
  referenceTensor,
  runModel,
  type ModelFixture,
} from './test-support';

const TOL = 1e-4;
const tmp = mkdtempSync(join(tmpdir(), 'mistudio-onnx-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

const cases: { id: string; residual: 'sequential' | 'parallel'; fusedOps: string[] }[] = [
  { id: 'gpt2-tiny', residual: 'sequential', fusedOps: ['SkipLayerNormalization'] },
  { id: 'llama-tiny', residual: 'sequential', fusedOps: ['SkipSimplifiedLayerNormalization'] },
  { id: 'neox-tiny', residual: 'parallel', fusedOps: [] }, // ORT's CPU optimizer leaves NeoX's per-block LayerNorms decomposed: nothing to fuse,
];

/** Read every discovered hook and the logits; compare with the PyTorch reference. Then steer at delta_hook. */
async function checkAgainstReference(f: ModelFixture, load: () => Promise<ModelProto>): Promise<void> {
  const m = await load();
  const found = discoverHooks(m);
  expect(found.hooks.map((h) => h.name)).toEqual(f.ref.hooks);
  const outputs = addHookReads(m, found, f.ref.hooks);
  const out = await runModel(m, referenceFeeds(m, f));
  for (const hook of f.ref.hooks) {
    const diff = maxDiffUnmasked(out[outputs[hook] ?? ''] ?? new Float32Array(0), referenceTensor(f, hook), f.ref.attention_mask);
    expect({ hook, diff: diff <= TOL ? 'ok' : diff }).toEqual({ hook, diff: 'ok' });
  }
  expect(maxDiffUnmasked(out.logits ?? new Float32Array(0), referenceTensor(f, 'logits'), f.ref.attention_mask)).toBeLessThanOrEqual(TOL);

  const steered = await load();
  const again = discoverHooks(steered);
  const delta = referenceTensor(f, 'delta'); // [d_model]
  const write = addHookWrite(steered, again, f.ref.delta_hook, { shape: [delta.length] });
  const zero = await runModel(
    steered,
    referenceFeeds(steered, f, { [write.deltaName]: new ort.Tensor('float32', new Float32Array(delta.length), [delta.length]) }),
  );
  expect(zero.logits).toEqual(out.logits);
  const withDelta = await runModel(
    steered,
    referenceFeeds(steered, f, { [write.deltaName]: new ort.Tensor('float32', delta, [delta.length]) }),
  );
  expect(
    maxDiffUnmasked(withDelta.logits ?? new Float32Array(0), referenceTensor(f, 'logits_with_delta'), f.ref.attention_mask),
  ).toBeLessThanOrEqual(TOL);
}

describe.each(cases)('hook discovery on $id', ({ id, residual, fusedOps }) => {
  const f = loadModelFixture(id);
  it.skipIf(!f)('finds the reference hooks; reads match PyTorch; a delta steers like PyTorch', async () => {
    const fx = f as ModelFixture;
    const found = discoverHooks(decodeModel(fx.modelBytes));
    expect(found.residual).toBe(residual);
    expect(found.fused).toBe(false);
    expect(found.notes).toEqual([]);
    await checkAgainstReference(fx, async () => decodeModel(fx.modelBytes));
  });

  it.skipIf(!f || fusedOps.length === 0)('does the same on the ORT-fused Skip*LayerNormalization graph', async () => {
    const fx = f as ModelFixture;
    const load = async () => {
      const m = await ortOptimized(fx.modelBytes, join(tmp, `${id}.opt.onnx`));
      expect(fuseSkipNorms(m)).toBeGreaterThan(0);
      return m;
    };
    const m = await load();
    const skips = graphOf(m).node.filter((n) => fusedOps.includes(n.opType ?? ''));
    expect(skips.length).toBeGreaterThanOrEqual(3); // one residual add per block at least is now fused
    // The last one (final norm) hides its sum; discovery names it so resid_post can be read.
    expect(skips.at(-1)?.output.length).toBe(1);
    const found = discoverHooks(m);
    expect(found.fused).toBe(true);
    expect(skips.at(-1)?.output[3]).toBe(found.hooks.at(-1)?.tensor);
    await checkAgainstReference(fx, load);
  });
});

describe.each(cases.filter((c) => c.fusedOps.length > 0))('write hooks on fused $id', ({ id }) => {
  const f = loadModelFixture(id);
  it.skipIf(!f)('steer every residual hook exactly as the unfused graph does', async () => {
    const fx = f as ModelFixture;
    const delta = referenceTensor(fx, 'delta'); // [d_model]
    const feed = (name: string) => ({ [name]: new ort.Tensor('float32', delta, [delta.length]) });
    const residHooks = fx.ref.hooks.filter((h) => h.includes('resid'));
    for (const hook of residHooks) {
      const plain = decodeModel(fx.modelBytes);
      const w1 = addHookWrite(plain, discoverHooks(plain), hook, { shape: [delta.length] });
      const fused = await ortOptimized(fx.modelBytes, join(tmp, `${id}.w.onnx`));
      fuseSkipNorms(fused);
      const w2 = addHookWrite(fused, discoverHooks(fused), hook, { shape: [delta.length] });
      const a = await runModel(plain, referenceFeeds(plain, fx, feed(w1.deltaName)));
      const b = await runModel(fused, referenceFeeds(fused, fx, feed(w2.deltaName)));
      const diff = maxDiffUnmasked(a.logits ?? new Float32Array(0), b.logits ?? new Float32Array(1), fx.ref.attention_mask);
      expect({ hook, diff: diff <= TOL ? 'ok' : diff }).toEqual({ hook, diff: 'ok' });
    }
  });
});

describe('hook discovery on the demo model (resources/demo-model)', () => {
  const dir = join(repoRoot, 'resources', 'demo-model');
  const onnxPath = join(dir, 'onnx', 'model.onnx');
  it.skipIf(!existsSync(onnxPath) || !existsSync(join(dir, 'config.json')))('finds one block per configured layer', () => {
    const config = JSON.parse(readFileSync(join(dir, 'config.json'), 'utf8')) as { n_layer?: number; num_hidden_layers?: number };
    const found = discoverHooks(decodeModel(new Uint8Array(readFileSync(onnxPath))));
    expect(found.nLayers).toBe(config.n_layer ?? config.num_hidden_layers);
    expect(found.hooks.filter((h) => h.kind === 'hook_resid_post')).toHaveLength(found.nLayers);
  });
});

describe('hook discovery on graphs without blocks', () => {
  it('says what it looked for', () => {
    const m = model({
      opset: 17,
      nodes: [node('MatMul', ['x', 'W'], ['y'])],
      initializers: [floatTensor('W', [2, 2], [1, 0, 0, 1])],
      inputs: [tensorValueInfo('x', 1, [1, 2])],
      outputs: [tensorValueInfo('y', 1, [1, 2])],
    });
    try {
      discoverHooks(m);
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(OnnxError);
      expect((e as OnnxError).code).toBe('ONNX_HOOKS_NOT_FOUND');
      expect((e as OnnxError).message).toMatch(/looked for a chain of residual additions .*SkipLayerNormalization.*Found 0 Add/);
    }
  });
});
