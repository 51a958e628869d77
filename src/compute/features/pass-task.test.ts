import { existsSync, mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readTokenRows } from '../datasets/tokenize';
import { DEMO_MODEL_DIR, fakeContext } from '../../../test/task-support';
import { cachedModel } from '../model/model-cache';
import { TaskCancelledError } from '../runtime/protocol';
import { encodeDirect } from '../sae/math';
import type { SaeWeights } from '../sae/types';
import { featurePassTask } from './pass-task';
import { probeTextTask } from './probe-task';
import type { FeaturePassFeature, FeaturePassReport, FeaturePassTaskParams } from './protocol';
import { openFeaturePass } from './result-reader';
import { CONTEXT, demoTokens, HOOK, randomSae } from './test-support';

const D_SAE = 48;
let ds: Awaited<ReturnType<typeof demoTokens>>;
let saeDir = '';
let topkDir = '';
let weights: SaeWeights;
let n = 0;

beforeAll(async () => {
  ds = await demoTokens();
  saeDir = path.join(ds.dir, 'sae');
  topkDir = path.join(ds.dir, 'sae-topk');
  weights = await randomSae(saeDir, 'standard', D_SAE);
  await randomSae(topkDir, 'topk', D_SAE, 2, 6);
}, 120_000);
afterAll(() => ds.cleanup());

function params(over: Partial<FeaturePassTaskParams> = {}): FeaturePassTaskParams {
  return {
    saeDir,
    modelDir: DEMO_MODEL_DIR,
    hook: HOOK,
    tokensDir: ds.tokensDir,
    datasetId: ds.datasetId,
    splitFilter: { dbPath: ds.dbPath, datasetId: ds.datasetId, splits: ['validation'] },
    maxTokens: 100_000,
    topK: 4,
    contextWindow: 3,
    quantileGroups: 3,
    quantileExamples: 2,
    batchTokens: 4 * CONTEXT,
    logitLensTokens: 5,
    neighbours: 3,
    outDir: path.join(ds.dir, 'passes', `p${n++}`),
    ...over,
  };
}

function readAll(dir: string): FeaturePassFeature[] {
  const r = openFeaturePass(dir);
  try {
    return [...r.features()];
  } finally {
    r.close();
  }
}

describe('feature pass task on the demo model', () => {
  it('reads only validation windows, and its statistics and top contexts match a direct forward + float64 encode', async () => {
    const reports: FeaturePassReport[] = [];
    const ctx = { ...fakeContext(), report: (m: FeaturePassReport) => reports.push(m) };
    const p = params();
    const res = await featurePassTask(p, ctx);
    expect(readdirSync(path.dirname(p.outDir)).filter((f) => f.includes('.partial-'))).toEqual([]);
    // Direct: every validation window through the model and the reference encoder.
    const windows: { index: number; tokens: number[] }[] = [];
    for await (const row of readTokenRows(ds.tokensDir))
      if (row.segments.every((s) => ds.validationOrdinals.has(s.sampleOrdinal)))
        windows.push({ index: row.row, tokens: Array.from(row.tokens) });
    expect(res.tokens).toBe(windows.length * CONTEXT);
    expect(res.windows).toBe(windows.length);
    const lm = cachedModel(DEMO_MODEL_DIR, 'cpu');
    const x = (await lm.forward({ inputIds: windows.map((w) => w.tokens) }, { read: [HOOK] })).activations[HOOK]!;
    const f = encodeDirect(weights, { architecture: 'standard', dIn: 256, dSae: D_SAE }, x, res.tokens);
    const features = readAll(p.outDir);
    expect(features.length).toBe(D_SAE);
    let checked = 0;
    for (const feat of features) {
      const col = Array.from({ length: res.tokens }, (_, t) => f[t * D_SAE + feat.featureIndex]!);
      const firing = col.filter((v) => v > 1e-4); // float32 vs float64: leave out activations at the rounding edge
      expect(Math.abs(feat.firingCount - firing.length)).toBeLessThanOrEqual(col.filter((v) => v > 0 && v <= 1e-4).length);
      expect(feat.frequency).toBeCloseTo(feat.firingCount / res.tokens, 12);
      expect(feat.maxActivation).toBeCloseTo(Math.max(0, ...col), 3);
      if (!firing.length) continue;
      expect(feat.meanActivation).toBeCloseTo(firing.reduce((a, b) => a + b, 0) / firing.length, 2);
      const argmax = col.indexOf(Math.max(...col));
      const top = feat.top[0]!;
      expect(top.source.windowIndex).toBe(windows[Math.floor(argmax / CONTEXT)]!.index);
      expect(top.source.peakPosition).toBe(argmax % CONTEXT);
      expect(ds.validationOrdinals.has(top.source.sampleOrdinal ?? 4)).toBe(true);
      top.activations.forEach((a, i) => expect(a).toBeCloseTo(col[argmax - top.peakIndex + i]!, 3));
      expect(top.tokenIds[top.peakIndex]).toBe(windows[Math.floor(argmax / CONTEXT)]!.tokens[argmax % CONTEXT]);
      expect(feat.histogram.counts.reduce((a, b) => a + b, 0)).toBe(feat.firingCount);
      expect(feat.logitLens.positive).toHaveLength(5);
      expect(feat.neighbours).toHaveLength(3);
      checked++;
    }
    expect(checked).toBeGreaterThan(D_SAE / 2);
    const progress = reports.filter((r) => r.type === 'progress');
    expect(progress.at(-1)).toMatchObject({ tokensDone: res.tokens, tokensTotal: res.tokens });
    expect(progress.at(-1)?.type === 'progress' && progress.at(-1)).toMatchObject({ featuresSeen: D_SAE - res.dead });
  }, 120_000);

  it('gives the same results whether the windows come one per batch or all in one batch (standard and TopK)', async () => {
    for (const dir of [saeDir, topkDir]) {
      const one = params({ saeDir: dir, batchTokens: CONTEXT });
      const all = params({ saeDir: dir, batchTokens: 100 * CONTEXT });
      await featurePassTask(one, fakeContext());
      await featurePassTask(all, fakeContext());
      const [a, b] = [readAll(one.outDir), readAll(all.outDir)];
      expect(a.map((x) => x.top.map((c) => [c.source.windowIndex, c.source.peakPosition]))).toEqual(
        b.map((x) => x.top.map((c) => [c.source.windowIndex, c.source.peakPosition])),
      );
      expect(
        a.map((x) => [
          x.firingCount,
          x.quantiles.map((q) => [q.low, q.population, q.contexts.map((c) => [c.source.windowIndex, c.source.peakPosition])]),
        ]),
      ).toEqual(
        b.map((x) => [
          x.firingCount,
          x.quantiles.map((q) => [q.low, q.population, q.contexts.map((c) => [c.source.windowIndex, c.source.peakPosition])]),
        ]),
      );
      for (let j = 0; j < a.length; j++) {
        expect(a[j]!.maxActivation).toBeCloseTo(b[j]!.maxActivation, 4);
        expect(a[j]!.meanActivation).toBeCloseTo(b[j]!.meanActivation, 4);
      }
    }
  }, 240_000);

  it('a cancel mid-pass leaves the previous result folder as it was and nothing half-written', async () => {
    const parent = path.join(ds.dir, 'cancel');
    mkdirSync(path.join(parent, 'previous'), { recursive: true });
    writeFileSync(path.join(parent, 'previous', 'manifest.json'), '{"kept":true}');
    const p = params({ outDir: path.join(parent, 'next'), batchTokens: CONTEXT });
    await expect(featurePassTask(p, fakeContext({ cancelAtCheckpoint: 3 }))).rejects.toBeInstanceOf(TaskCancelledError);
    expect(readdirSync(parent)).toEqual(['previous']);
    expect(existsSync(p.outDir)).toBe(false);
    await expect(featurePassTask({ ...p, outDir: path.join(parent, 'previous') }, fakeContext())).rejects.toThrow(/already exists/);
  }, 120_000);

  it('probe: per token the top features and one feature’s activation equal the direct forward + encode', async () => {
    const text = 'And God said, Let there be light: and there was light.';
    const lm = cachedModel(DEMO_MODEL_DIR, 'cpu');
    const r = await probeTextTask({ saeDir, modelDir: DEMO_MODEL_DIR, hook: HOOK, text, topFeatures: 3, featureIndex: 5 }, fakeContext());
    const ids = [lm.tokenizer.bosTokenId!, ...lm.tokenizer.encode(text)];
    const x = (await lm.forward({ inputIds: [ids] }, { read: [HOOK] })).activations[HOOK]!;
    const f = encodeDirect(weights, { architecture: 'standard', dIn: 256, dSae: D_SAE }, x, ids.length);
    expect(r.tokens.map((t) => t.tokenId)).toEqual(ids.slice(1));
    r.tokens.forEach((t, i) => {
      const row = Array.from(f.subarray((i + 1) * D_SAE, (i + 2) * D_SAE));
      expect(t.featureActivation).toBeCloseTo(row[5]!, 3);
      const want = [...row.keys()]
        .filter((j) => row[j]! > 1e-3)
        .sort((a, b) => row[b]! - row[a]!)
        .slice(0, 3);
      expect(t.top.map((e) => e.featureIndex).slice(0, want.length)).toEqual(want);
      t.top.forEach((e) => expect(e.activation).toBeCloseTo(row[e.featureIndex]!, 3));
    });
    expect(r.tokens.some((t) => t.top.length > 0)).toBe(true);
  }, 60_000);
});
