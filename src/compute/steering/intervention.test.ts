import { afterAll, describe, expect, it } from 'vitest';
import { decodeDirect, encodeDirect } from '../sae/math';
import { clampDeltas, interventionDeltas, steeringVector } from './intervention';
import { featureActivations, loadSteeringSae } from './sae';
import { randomWeights, writeJumpReluTestSae, writeTestSae, type TestSae } from './test-support';

const D_IN = 8;
const D_SAE = 24;
const made: TestSae[] = [];
afterAll(() => made.forEach((s) => s.cleanup()));

function randomRows(n: number, d: number, seed: number): Float32Array {
  return randomWeights(d, n, seed, 2).W_enc.subarray(0, n * d);
}

describe('SAE encoder for steering vs the direct SAE forward (src/compute/sae/math.ts)', () => {
  it.each([
    ['standard', undefined],
    ['topk', 5],
  ] as const)('%s: a_f equals encodeDirect for chosen features', async (architecture, k) => {
    const t = await writeTestSae({ dIn: D_IN, dSae: D_SAE, hook: 'blocks.0.hook_resid_post', architecture, ...(k ? { k } : {}), seed: 3 });
    made.push(t);
    const sae = await loadSteeringSae(t.dir);
    expect(sae).toMatchObject({ architecture, dIn: D_IN, dSae: D_SAE, hookName: 'blocks.0.hook_resid_post' });
    const x = randomRows(6, D_IN, 11);
    const features = [0, 5, 17, 23];
    const got = featureActivations(sae, x, 6, features);
    const direct = encodeDirect(t.weights, { architecture, dIn: D_IN, dSae: D_SAE, ...(k ? { k } : {}) }, x, 6);
    for (let r = 0; r < 6; r++) features.forEach((f, i) => expect(got[r * features.length + i]).toBeCloseTo(direct[r * D_SAE + f]!, 5));
    if (architecture === 'topk')
      for (let r = 0; r < 6; r++) expect(direct.subarray(r * D_SAE, (r + 1) * D_SAE).filter((v) => v > 0).length).toBeLessThanOrEqual(5);
  });

  it('jumprelu: a = pre · [pre > threshold], threshold read from the safetensors', async () => {
    const w = randomWeights(D_IN, D_SAE, 5);
    const threshold = Float32Array.from({ length: D_SAE }, (_, j) => (j % 3) * 0.2);
    const t = writeJumpReluTestSae({
      dIn: D_IN,
      dSae: D_SAE,
      hook: 'blocks.0.hook_resid_pre',
      weights: w,
      threshold,
      applyBDecToInput: false,
    });
    made.push(t);
    const sae = await loadSteeringSae(t.dir);
    const x = randomRows(4, D_IN, 2);
    const all = Array.from({ length: D_SAE }, (_, j) => j);
    const got = featureActivations(sae, x, 4, all);
    // apply_b_dec_to_input = false: pre = x W_enc + b_enc.
    for (let r = 0; r < 4; r++) {
      for (const j of all) {
        let pre = w.b_enc[j]!;
        for (let c = 0; c < D_IN; c++) pre += x[r * D_IN + c]! * w.W_enc[c * D_SAE + j]!;
        expect(got[r * D_SAE + j]).toBeCloseTo(pre > threshold[j]! ? pre : 0, 5);
      }
    }
  });
});

describe('interventions vs direct sums', () => {
  it('additive vector = Σ c·scale·W_dec[f]; clamp delta = x̂(a′) − x̂(a) with the error term kept', async () => {
    const t = await writeTestSae({ dIn: D_IN, dSae: D_SAE, hook: 'blocks.0.hook_resid_post', seed: 9 });
    made.push(t);
    const sae = await loadSteeringSae(t.dir);
    const features = [
      { feature: 2, coefficient: 1.5, scale: 2, mode: 'clamp' as const },
      { feature: 7, coefficient: -0.5, scale: 4, mode: 'clamp' as const },
    ];
    const v = steeringVector(sae, features);
    for (let c = 0; c < D_IN; c++) expect(v[c]).toBeCloseTo(3 * t.weights.W_dec[2 * D_IN + c]! - 2 * t.weights.W_dec[7 * D_IN + c]!, 6);

    // Clamp: the edited activation vector decoded minus the original decoded = the delta;
    // so x + δ keeps x − x̂ (the error) and moves x̂ to the clamped reconstruction.
    const x = randomRows(5, D_IN, 4);
    const shape = { architecture: 'standard' as const, dIn: D_IN, dSae: D_SAE };
    const a = encodeDirect(t.weights, shape, x, 5);
    const edited = Float64Array.from(a);
    for (let r = 0; r < 5; r++) for (const f of features) edited[r * D_SAE + f.feature] = f.coefficient * f.scale;
    const before = decodeDirect(t.weights, shape, a, 5);
    const after = decodeDirect(t.weights, shape, edited, 5);
    const delta = clampDeltas(sae, features, x, 5);
    for (let i = 0; i < 5 * D_IN; i++) expect(delta[i]).toBeCloseTo(after[i]! - before[i]!, 5);
  });

  it('positions: prompt-only and generated-only zero the other positions', async () => {
    const t = await writeTestSae({ dIn: D_IN, dSae: D_SAE, hook: 'blocks.0.hook_resid_post', seed: 10 });
    made.push(t);
    const sae = await loadSteeringSae(t.dir);
    const features = [{ feature: 1, coefficient: 2, scale: 1, mode: 'additive' as const }];
    const rowNonZero = (d: Float32Array) =>
      Array.from({ length: d.length / D_IN }, (_, r) => d.subarray(r * D_IN, (r + 1) * D_IN).some((v) => v !== 0));
    // Positions 2…5 of a 4-token prompt: 2, 3 are prompt, 4, 5 generated.
    expect(rowNonZero(interventionDeltas(sae, { positions: 'prompt', features }, 2, 4, 4))).toEqual([true, true, false, false]);
    expect(rowNonZero(interventionDeltas(sae, { positions: 'generated', features }, 2, 4, 4))).toEqual([false, false, true, true]);
    const x = randomRows(4, D_IN, 8);
    expect(
      rowNonZero(
        interventionDeltas(
          sae,
          { positions: 'generated', features: [{ feature: 1, coefficient: 5, scale: 1, mode: 'clamp' as const }] },
          2,
          4,
          4,
          x,
        ),
      ),
    ).toEqual([false, false, true, true]);
  });
});
