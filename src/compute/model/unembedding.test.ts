import * as ort from 'onnxruntime-node';
import { describe, expect, it } from 'vitest';
import { addReadHooks } from '../onnx/graph/hook-edit';
import { graphOf, producers } from '../onnx/graph/inspect';
import { loadModelFixture, referenceFeeds } from '../onnx/hooks/test-support';
import { decodeModel, encodeModel } from '../onnx/proto/codec';
import { readUnembedding } from './unembedding';

/** The lens matrix is right when (input of the unembedding node) · W_U reproduces the logits. */
// The demo model's lm_head reads Transpose(transformer.wte.weight) (export without constant folding).
describe.each(['gpt2-tiny', 'llama-tiny', 'neox-tiny', '../../resources/demo-model'])('%s unembedding', (id) => {
  const f = loadModelFixture(id);
  it.skipIf(!f)('x_final · W_U equals the model’s logits', async () => {
    const model = decodeModel(f!.modelBytes);
    const u = readUnembedding(model, 'logits');
    expect(u.vocab).toBe(id.includes('demo') ? 4096 : 256);
    // Expose the unembedding node's activation input and run.
    const graph = graphOf(model);
    const node = producers(graph).get('logits')!;
    const x = node.input[0]!;
    addReadHooks(model, [x]);
    const session = await ort.InferenceSession.create(encodeModel(decodeModel(encodeModel(model))));
    const out = await session.run(referenceFeeds(model, f!));
    const xs = out[x]!.data as Float32Array;
    const logits = out.logits!.data as Float32Array;
    const rows = xs.length / u.dModel;
    let err = 0;
    for (let r = 0; r < rows; r++) {
      for (let v = 0; v < u.vocab; v += 7) {
        let s = 0;
        for (let k = 0; k < u.dModel; k++) s += xs[r * u.dModel + k]! * u.weights[k * u.vocab + v]!;
        err = Math.max(err, Math.abs(s - logits[r * u.vocab + v]!));
      }
    }
    expect(err).toBeLessThan(1e-4);
    await session.release();
  });
});
