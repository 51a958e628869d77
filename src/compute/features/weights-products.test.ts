import { readFileSync } from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import { DEMO_MODEL_DIR } from '../../../test/task-support';
import { LanguageModel } from '../model/language-model';
import { decodeModel, findInitializer, graphOf, readFloat32 } from '../onnx';
import { Rng } from '../sae/rng';
import { logitLens } from './logit-lens';
import { decoderNeighbours } from './neighbours';

function randomMatrix(rows: number, cols: number, seed: number): Float32Array {
  const rng = new Rng(seed);
  return Float32Array.from({ length: rows * cols }, () => rng.next() * 2 - 1);
}

/** Indices of the `count` largest (or smallest) of `values`, ties by lower index, skipping `skip`. */
function extremes(values: Float64Array, count: number, largest: boolean, skip = -1): number[] {
  return [...values.keys()]
    .filter((i) => i !== skip)
    .sort((a, b) => (largest ? values[b]! - values[a]! : values[a]! - values[b]!) || a - b)
    .slice(0, count);
}

const lm = LanguageModel.load(DEMO_MODEL_DIR, { provider: 'cpu' });
afterAll(() => lm.release());

describe('products of the SAE weights vs direct computation', () => {
  it('decoder neighbours are the highest cosine similarities of W_dec rows (float64 reference), self excluded', async () => {
    const [dSae, dIn, count] = [40, 16, 5];
    const w = randomMatrix(dSae, dIn, 3);
    w.fill(0, 7 * dIn, 8 * dIn); // a zero row: cosine 0 with everything
    const nb = await decoderNeighbours(w, dSae, dIn, count, { chunkBytes: 4 * dSae * 3 }); // 3 rows per chunk: chunking is exercised
    const norm = (r: number) => Math.sqrt(Array.from(w.subarray(r * dIn, (r + 1) * dIn)).reduce((s, v) => s + v * v, 0));
    for (let f = 0; f < dSae; f++) {
      const cos = Float64Array.from({ length: dSae }, (_, g) => {
        let dot = 0;
        for (let c = 0; c < dIn; c++) dot += w[f * dIn + c]! * w[g * dIn + c]!;
        const n = norm(f) * norm(g);
        return n > 0 ? dot / n : 0;
      });
      const want = extremes(cos, count, true, f);
      expect(Array.from(nb.indices.subarray(f * count, (f + 1) * count))).toEqual(want);
      want.forEach((g, r) => expect(nb.values[f * count + r]).toBeCloseTo(cos[g]!, 5));
    }
  });

  it('the logit lens equals W_dec[f] · diag(ln_f.weight) · W_U computed from the demo model’s own initializers', async () => {
    const [dSae, count] = [6, 8];
    const d = lm.architecture.dModel;
    const wDec = randomMatrix(dSae, d, 11);
    const lens = await logitLens(lm, wDec, dSae, count);
    expect(lens.finalNormScale).toBe('transformer.ln_f.weight');
    // Directly from the ONNX file: GPT-2 ties lm_head to the token embedding wte [vocab, d].
    const graph = graphOf(decodeModel(new Uint8Array(readFileSync(lm.folder.onnxPath))));
    const wte = readFloat32(findInitializer(graph, 'transformer.wte.weight'));
    const gamma = readFloat32(findInitializer(graph, 'transformer.ln_f.weight'));
    const vocab = wte.length / d;
    expect(lens.vocab).toBe(vocab);
    for (let f = 0; f < dSae; f++) {
      const logits = Float64Array.from({ length: vocab }, (_, v) => {
        let s = 0;
        for (let c = 0; c < d; c++) s += wDec[f * d + c]! * gamma[c]! * wte[v * d + c]!;
        return s;
      });
      for (const [side, largest] of [
        [lens.positive, true],
        [lens.negative, false],
      ] as const) {
        const want = extremes(logits, count, largest);
        expect(Array.from(side.indices.subarray(f * count, (f + 1) * count))).toEqual(want);
        want.forEach((v, r) => expect(side.values[f * count + r]).toBeCloseTo(logits[v]!, 3));
      }
    }
  });
});
