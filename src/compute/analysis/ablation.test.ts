import { mkdtempSync, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AblationMode, AblationResult } from '../../shared/types/analysis';
import { DEMO_MODEL_DIR, fakeContext } from '../../../test/task-support';
import { demoTokens, HOOK, randomSae } from '../features/test-support';
import { selectedWindows } from '../features/windows';
import { cachedModel } from '../model/model-cache';
import { decodeDirect, encodeDirect } from '../sae/math';
import type { SaeWeights } from '../sae/types';
import { ablationTask } from './ablation-task';
import type { AblationTaskParams } from './protocol';

/**
 * The task's ΔCE against a direct two-run computation: every held-out window alone (unpadded),
 * the SAE in float64 (src/compute/sae/math.ts), the spliced values built here, CE and KL from
 * float64 log-softmax. Both modes; the task batches and pads windows and skips the ablated run
 * where the feature never fires, so agreement also checks those shortcuts.
 */
const D_SAE = 24;
let tokens: Awaited<ReturnType<typeof demoTokens>>;
let saeDir: string;
let weights: SaeWeights;
let feature = 0;

function logProbs(z: Float32Array, off: number, v: number): Float64Array {
  let max = -Infinity;
  for (let i = 0; i < v; i++) max = Math.max(max, z[off + i]!);
  let s = 0;
  for (let i = 0; i < v; i++) s += Math.exp(z[off + i]! - max);
  const lse = max + Math.log(s);
  return Float64Array.from(z.subarray(off, off + v), (x) => x - lse);
}

async function direct(mode: AblationMode) {
  const lm = cachedModel(DEMO_MODEL_DIR, 'cpu');
  const shape = { architecture: 'standard' as const, dIn: 256, dSae: D_SAE };
  const out = { base: 0, abl: 0, kl: 0, n: 0, fired: 0, firedDelta: 0, windowMeans: [] as number[] };
  for await (const w of selectedWindows(tokens.tokensDir, { ordinals: tokens.validationOrdinals, maxTokens: 1e9 })) {
    const row = Array.from(w.tokens);
    const clean = await lm.forward({ inputIds: [row] }, { read: [HOOK] });
    const x = clean.activations[HOOK]!; // [1, L, 256]
    const L = row.length;
    const f = encodeDirect(weights, shape, x, L);
    const xHat = decodeDirect(weights, shape, f, L);
    const baseline = new Float64Array(L * 256);
    const ablated = new Float64Array(L * 256);
    for (let p = 0; p < L; p++) {
      const a = f[p * D_SAE + feature]!;
      for (let c = 0; c < 256; c++) {
        const base = mode === 'sae' ? xHat[p * 256 + c]! : x[p * 256 + c]!;
        baseline[p * 256 + c] = base;
        ablated[p * 256 + c] = base - a * weights.W_dec[feature * 256 + c]!;
      }
    }
    const splice = async (v: Float64Array) =>
      (await lm.forward({ inputIds: [row] }, { deltas: { [HOOK]: Float32Array.from(v, (y, i) => y - x[i]!) } })).logits;
    const zb = await splice(baseline);
    const za = await splice(ablated);
    const vocab = clean.vocab;
    let windowDelta = 0;
    for (let p = 0; p + 1 < L; p++) {
      const lb = logProbs(zb, p * vocab, vocab);
      const la = logProbs(za, p * vocab, vocab);
      const d = -la[row[p + 1]!]! + lb[row[p + 1]!]!;
      out.base -= lb[row[p + 1]!]!;
      out.abl -= la[row[p + 1]!]!;
      for (let i = 0; i < vocab; i++) out.kl += Math.exp(lb[i]!) * (lb[i]! - la[i]!);
      if (f[p * D_SAE + feature]! > 0) {
        out.fired++;
        out.firedDelta += d;
      }
      windowDelta += d;
      out.n++;
    }
    out.windowMeans.push(windowDelta / (L - 1));
  }
  return out;
}

function params(mode: AblationMode, name: string): AblationTaskParams {
  return {
    saeId: 'sae-test',
    saeDir,
    modelDir: DEMO_MODEL_DIR,
    hook: HOOK,
    tokensDir: tokens.tokensDir,
    datasetId: tokens.datasetId,
    split: 'validation',
    splitFilter: { dbPath: tokens.dbPath, datasetId: tokens.datasetId, splits: ['validation'] },
    maxTokens: 1_000_000,
    batchTokens: 100,
    featureIndex: feature,
    mode,
    topChanges: 5,
    outFile: path.join(saeDir, '..', `${name}.json`),
    provider: 'cpu',
  };
}

beforeAll(async () => {
  tokens = await demoTokens();
  saeDir = path.join(mkdtempSync(path.join(os.tmpdir(), 'ablation-')), 'sae');
  weights = await randomSae(saeDir, 'standard', D_SAE, 7);
  // The feature that fires most on the held-out windows (so the ablation has something to measure).
  const lm = cachedModel(DEMO_MODEL_DIR, 'cpu');
  const counts = new Array<number>(D_SAE).fill(0);
  for await (const w of selectedWindows(tokens.tokensDir, { ordinals: tokens.validationOrdinals, maxTokens: 1e9 })) {
    const x = (await lm.forward({ inputIds: [Array.from(w.tokens)] }, { read: [HOOK] })).activations[HOOK]!;
    const f = encodeDirect(weights, { architecture: 'standard', dIn: 256, dSae: D_SAE }, x, w.tokens.length);
    for (let i = 0; i < f.length; i++) if (f[i]! > 0) counts[i % D_SAE]!++;
  }
  feature = counts.indexOf(Math.max(...counts));
}, 120_000);
afterAll(() => tokens?.cleanup());

describe('measured ablation', () => {
  for (const mode of ['sae', 'error-preserved'] as const) {
    it(`ΔCE, ΔCE where fired, KL and the CI equal a direct two-run computation (${mode})`, async () => {
      const r = await ablationTask(params(mode, mode), fakeContext());
      const d = await direct(mode);
      expect(r.tokens).toBe(d.n);
      expect(r.firedTokens).toBe(d.fired);
      expect(d.fired).toBeGreaterThan(0);
      expect(r.ceBaseline).toBeCloseTo(d.base / d.n, 4);
      expect(r.ceAblated).toBeCloseTo(d.abl / d.n, 4);
      expect(r.deltaCe).toBeCloseTo((d.abl - d.base) / d.n, 5);
      expect(Math.abs(r.deltaCe)).toBeGreaterThan(1e-4); // the feature matters at this scale: the check is not 0 ≈ 0
      expect(r.deltaCeWhereFired!).toBeCloseTo(d.firedDelta / d.fired, 4);
      expect(r.kl).toBeCloseTo(d.kl / d.n, 5);
      // ΔCE split by whether a top logit-lens token follows adds back up to the total.
      expect(r.lensTokens.length).toBe(5);
      const split = (r.deltaCeWhereLensTokenFollows ?? 0) * r.lensPositions + (r.deltaCeElsewhere ?? 0) * (r.tokens - r.lensPositions);
      expect(split / r.tokens).toBeCloseTo(r.deltaCe, 8);
      const w = d.windowMeans;
      const mean = w.reduce((s, v) => s + v, 0) / w.length;
      const half = 1.96 * Math.sqrt(w.reduce((s, v) => s + (v - mean) ** 2, 0) / (w.length - 1) / w.length);
      expect(r.deltaCeCi95[1] - r.deltaCeCi95[0]).toBeCloseTo(2 * half, 4);
      // The most-changed positions are sorted and the file on disk is the result.
      expect(r.increased.length + r.decreased.length).toBeGreaterThan(0);
      for (let i = 1; i < r.increased.length; i++) expect(r.increased[i]!.deltaCe).toBeLessThanOrEqual(r.increased[i - 1]!.deltaCe);
      const onDisk = JSON.parse(readFileSync(params(mode, mode).outFile, 'utf8')) as AblationResult;
      expect(onDisk.deltaCe).toBe(r.deltaCe);
    }, 180_000);
  }

  it('error-preserved and sae modes differ (the SAE error term is in one baseline only)', async () => {
    const a = JSON.parse(readFileSync(params('sae', 'sae').outFile, 'utf8')) as AblationResult;
    const b = JSON.parse(readFileSync(params('error-preserved', 'error-preserved').outFile, 'utf8')) as AblationResult;
    expect(a.ceBaseline).not.toBeCloseTo(b.ceBaseline, 3);
  });
});
