import { mkdtempSync, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CorrelationPartner, CorrelationSummary } from '../../shared/types/analysis';
import { DEMO_MODEL_DIR, fakeContext } from '../../../test/task-support';
import { demoTokens, HOOK, randomSae } from '../features/test-support';
import { selectedWindows } from '../features/windows';
import { cachedModel } from '../model/model-cache';
import { encodeDirect } from '../sae/math';
import { buildSaeLensCfg, writeSaeLensFolder } from '../sae/saelens-format';
import type { SaeWeights } from '../sae/types';
import { CORRELATION_FILES, correlationTask } from './correlation-task';
import type { CorrelationTaskParams } from './protocol';

/**
 * The correlation job end to end against a direct computation: every held-out window through the
 * demo model alone, the SAE encoded in float64 (src/compute/sae/math.ts), the whole
 * [tokens × d_sae] activation matrix kept, and Pearson r by the two-pass, mean-centred formula.
 * The job streams the same windows in batches of ~3 windows (several batches), encodes with ONNX
 * Runtime and accumulates raw sums (pearson.ts), so agreement checks the streaming, the feature →
 * matrix-slot mapping and the files it writes (r.f32, partners.json, summary.json).
 */
const D_SAE = 24;
const PARTNERS = 4;
/** Matrix order differs from feature order on purpose (slot mapping), and leaves some features out. */
const FEATURES = [7, 0, 19, 3, 12, 23, 5, 16, 1, 10, 21, 8];
let tokens: Awaited<ReturnType<typeof demoTokens>>;
let root: string;
let weights: SaeWeights;

/** a [tokens × D_SAE] over the held-out windows, float64, in window order. */
async function directActivations(): Promise<{ a: Float64Array; n: number }> {
  const lm = cachedModel(DEMO_MODEL_DIR, 'cpu');
  const rows: Float64Array[] = [];
  let n = 0;
  for await (const w of selectedWindows(tokens.tokensDir, { ordinals: tokens.validationOrdinals, maxTokens: 1e9 })) {
    const x = (await lm.forward({ inputIds: [Array.from(w.tokens)] }, { read: [HOOK] })).activations[HOOK]!;
    rows.push(encodeDirect(weights, { architecture: 'standard', dIn: 256, dSae: D_SAE }, x, w.tokens.length));
    n += w.tokens.length;
  }
  const a = new Float64Array(n * D_SAE);
  let at = 0;
  for (const r of rows) {
    a.set(r, at);
    at += r.length;
  }
  return { a, n };
}

function directR(a: Float64Array, n: number, i: number, j: number): number {
  let mi = 0;
  let mj = 0;
  for (let t = 0; t < n; t++) {
    mi += a[t * D_SAE + i]!;
    mj += a[t * D_SAE + j]!;
  }
  mi /= n;
  mj /= n;
  let sij = 0;
  let sii = 0;
  let sjj = 0;
  for (let t = 0; t < n; t++) {
    const di = a[t * D_SAE + i]! - mi;
    const dj = a[t * D_SAE + j]! - mj;
    sij += di * dj;
    sii += di * di;
    sjj += dj * dj;
  }
  return sii > 0 && sjj > 0 ? sij / Math.sqrt(sii * sjj) : 0;
}

function params(): CorrelationTaskParams {
  return {
    saeId: 'sae-test',
    saeDir: path.join(root, 'sae'),
    modelDir: DEMO_MODEL_DIR,
    hook: HOOK,
    tokensDir: tokens.tokensDir,
    datasetId: tokens.datasetId,
    split: 'validation',
    splitFilter: { dbPath: tokens.dbPath, datasetId: tokens.datasetId, splits: ['validation'] },
    maxTokens: 1_000_000,
    batchTokens: 100,
    provider: 'cpu',
    features: FEATURES,
    frequencies: FEATURES.map(() => 0),
    partners: PARTNERS,
    outDir: path.join(root, 'correlations'),
  };
}

/** Pairs whose encoder directions are mixed (0.8 · first + 0.6 · second) so they fire together: real correlations to find. */
const MIXED: [number, number][] = [
  [7, 0],
  [19, 3],
  [12, 23],
];

/** A random SAE (features/test-support) with MIXED encoder columns, so the matrix holds strong r as well as ≈ 0. */
async function correlatedSae(dir: string): Promise<SaeWeights> {
  const w = await randomSae(path.join(root, 'scratch'), 'standard', D_SAE, 5);
  for (const [i, j] of MIXED)
    for (let c = 0; c < 256; c++) w.W_enc[c * D_SAE + j] = 0.8 * w.W_enc[c * D_SAE + i]! + 0.6 * w.W_enc[c * D_SAE + j]!;
  for (let c = 0; c < 256; c++) for (let f = 0; f < D_SAE; f++) w.W_dec[f * 256 + c] = w.W_enc[c * D_SAE + f]!;
  w.b_enc.fill(-2); // fires on roughly a tenth of the tokens (randomSae's −4 leaves some features silent on 800 tokens)
  await writeSaeLensFolder(
    dir,
    w,
    buildSaeLensCfg(
      'standard',
      256,
      D_SAE,
      { modelName: 'demo-model', hookName: HOOK, hookLayer: 2, contextSize: 32, prependBos: true },
      8,
    ),
  );
  return w;
}

beforeAll(async () => {
  tokens = await demoTokens();
  root = mkdtempSync(path.join(os.tmpdir(), 'correlations-'));
  weights = await correlatedSae(path.join(root, 'sae'));
}, 120_000);
afterAll(() => tokens?.cleanup());

describe('correlation job', () => {
  it('r.f32 and each feature’s top partners equal a direct Pearson computation, streamed over several batches', async () => {
    const ctx = fakeContext();
    const summary = await correlationTask(params(), ctx);
    const { a, n } = await directActivations();
    const m = FEATURES.length;

    expect(summary.tokens).toBe(n);
    expect(summary.features).toEqual(FEATURES);
    expect(ctx.progressValues.filter((v) => v > 0 && v < 1).length).toBeGreaterThanOrEqual(4); // one per batch: it streamed
    const onDisk = JSON.parse(readFileSync(path.join(params().outDir, CORRELATION_FILES.summary), 'utf8')) as CorrelationSummary;
    expect(onDisk.tokens).toBe(n);

    const buf = readFileSync(path.join(params().outDir, CORRELATION_FILES.matrix));
    const r = new Float32Array(buf.buffer, buf.byteOffset, buf.byteLength / 4);
    expect(r.length).toBe(m * m);
    const want = (i: number, j: number) =>
      i === j ? (directR(a, n, FEATURES[i]!, FEATURES[i]!) > 0 ? 1 : 0) : directR(a, n, FEATURES[i]!, FEATURES[j]!);
    for (let i = 0; i < m; i++) for (let j = 0; j < m; j++) expect(r[i * m + j]).toBeCloseTo(want(i, j), 4);
    // Not an all-zero matrix agreeing with itself: the mixed pairs correlate, and are each other's first partner.
    const slot = (f: number) => FEATURES.indexOf(f);

    for (const [i, j] of MIXED) expect(r[slot(i) * m + slot(j)]).toBeGreaterThan(0.3);

    const partners = JSON.parse(readFileSync(path.join(params().outDir, CORRELATION_FILES.partners), 'utf8')) as CorrelationPartner[][];
    expect(partners.length).toBe(m);
    for (let i = 0; i < m; i++) {
      const ranked = FEATURES.map((f, j) => ({ f, r: want(i, j), j }))
        .filter((q) => q.j !== i)
        .sort((x, y) => y.r - x.r || x.f - y.f)
        .slice(0, PARTNERS);
      expect(partners[i]!.map((q) => q.featureIndex)).toEqual(ranked.map((q) => q.f));
      partners[i]!.forEach((q, k) => expect(q.r).toBeCloseTo(ranked[k]!.r, 4));
    }
    for (const [i, j] of MIXED) expect(partners[slot(i)]![0]!.featureIndex).toBe(j);
  }, 180_000);
});
