import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { SaeEncoder } from '../../features/encoder';
import { featureActivations, steeringSaeFrom } from '../../steering/sae';
import { loadCheckpoint, saveCheckpoint } from '../../training/checkpoint';
import { decodeDirect } from '../math';
import { foldInputScale, scaleBatch } from '../normalize';
import { OrtEngine } from '../ort/engine';
import { emptyState, gaussian, hyper, randomWeights, rng } from '../ort/test-support';
import { matryoshkaWidthsOf } from '../architectures';
import { decodeSafetensors } from '../safetensors';
import { buildSaeLensCfg, SAE_WEIGHTS_FILENAME, writeSaeLensFolder } from '../saelens-format';
import { readSaeLensFolder } from '../saelens-reader';
import type { SaeArchitecture, SaeWeights } from '../types';
import { expectBitIdentical } from './support';

/**
 * SAELens-layout export of the new architectures: JumpReLU with `threshold` = exp(log_threshold),
 * BatchTopK and Matryoshka as JumpReLU at their global threshold (as SAELens saves them; Matryoshka's
 * cfg.json also records matryoshka_widths), Gated with b_gate,
 * r_mag, b_mag (no b_enc). The folder, read back
 * by saelens-reader.ts, encodes raw activations in the feature pass's and steering's encoders
 * as our engine encodes the scaled ones, and decodes alike. Checkpoints keep what resume needs.
 */
const [dIn, factor, n] = [8, 4, 40];
const dSae = dIn * factor;
const scale = 1.7; // the input scale, folded into the exported weights
const prov = { modelName: 'tiny-gpt2', hookName: 'blocks.1.hook_resid_post', hookLayer: 1, contextSize: 64, prependBos: true };
const dirs: string[] = [];
afterAll(async () => Promise.all(dirs.map((d) => rm(d, { recursive: true, force: true }))));

async function trained(arch: SaeArchitecture) {
  const r = rng(61);
  const hp = hyper(arch, dIn, factor, { k: 4, jumpReluBandwidth: 0.2, matryoshkaWidths: [0.25, 0.5] });
  const w: SaeWeights = randomWeights(r, dIn, dSae, 0.3);
  if (arch === 'jumprelu') w.log_threshold = Float32Array.from({ length: dSae }, () => Math.log(0.1 + 0.5 * r()));
  if (arch === 'gated') Object.assign(w, { r_mag: gaussian(r, dSae, 0.3), b_mag: gaussian(r, dSae, 0.1) });
  const engine = new OrtEngine({ provider: 'cpu' });
  await engine.init(hp, w, emptyState(dSae));
  for (let s = 0; s < 5; s++) await engine.step(scaleBatch(gaussian(r, n * dIn), scale), 1e-2, 0.05);
  return { engine, hp, exp: await engine.exportState(), raw: gaussian(r, n * dIn) };
}

/** cfg.json for the run (Matryoshka: with its prefix widths in features). */
function cfgOf(arch: SaeArchitecture, hp: ReturnType<typeof hyper>) {
  return buildSaeLensCfg(arch, dIn, dSae, prov, hp.k, arch === 'matryoshka' ? matryoshkaWidthsOf(hp, dSae) : undefined);
}

describe.each(['jumprelu', 'batchtopk', 'gated', 'matryoshka'] as const)('%s export', (arch) => {
  it('loads with SAELens key names and reproduces our encode/decode in the feature pass and steering', async () => {
    const { engine, hp, exp, raw } = await trained(arch);
    const ours = await engine.encode(scaleBatch(raw, scale), n);
    const oursDecoded = await engine.decode(ours, n);
    await engine.dispose();
    const dir = path.join(await mkdtemp(path.join(tmpdir(), 'sae-arch-')), 'sae');
    dirs.push(path.dirname(dir));
    const extras = exp.topkThreshold !== undefined ? { topkThreshold: exp.topkThreshold } : {};
    await writeSaeLensFolder(dir, foldInputScale(exp.weights, scale), cfgOf(arch, hp), {}, extras);
    const loaded = await readSaeLensFolder(dir);
    expect(loaded.architecture).toBe(arch === 'gated' ? 'gated' : 'jumprelu');
    expect(loaded.trainedArchitecture).toBe(arch);
    if (arch === 'gated') {
      const names = [...decodeSafetensors(await readFile(path.join(dir, SAE_WEIGHTS_FILENAME))).tensors.keys()].sort();
      expect(names).toEqual(['W_dec', 'W_enc', 'b_dec', 'b_gate', 'b_mag', 'r_mag']);
    } else expect(loaded.threshold).toBeDefined();
    if (arch === 'batchtopk' || arch === 'matryoshka') {
      expect(exp.topkThreshold ?? 0).toBeGreaterThan(0);
      expect(new Set(loaded.threshold).size).toBe(1);
    }
    if (arch === 'matryoshka') {
      const cfg = JSON.parse(await readFile(path.join(dir, 'cfg.json'), 'utf8')) as Record<string, unknown>;
      expect(cfg).toMatchObject({ architecture: 'jumprelu', matryoshka_widths: [8, 16, 32], metadata: { trained_k: 4 } });
    }
    const enc = await SaeEncoder.open(loaded, 'cpu');
    const got = await enc.encode(raw, n);
    await enc.release();
    if (got.kind !== 'dense') throw new Error('JumpReLU and Gated encode densely');
    let active = 0;
    got.f.forEach((v, i) => {
      expect(v).toBeCloseTo(ours[i] ?? NaN, 4);
      if (v > 0) active++;
    });
    expect(active).toBeGreaterThan(0);
    const steer = featureActivations(steeringSaeFrom(dir, loaded), raw, n, [0, 5, 17]);
    steer.forEach((v, i) => expect(v).toBeCloseTo(ours[Math.floor(i / 3) * dSae + [0, 5, 17][i % 3]!] ?? NaN, 4));
    // Decoding the same features: the folded decoder gives raw units = ours / scale.
    const decoded = decodeDirect(loaded.weights, { architecture: 'standard', dIn, dSae }, ours, n);
    decoded.forEach((v, i) => expect(v).toBeCloseTo((oursDecoded[i] ?? NaN) / scale, 4));
  });

  it('a checkpoint keeps the trained threshold state and the moments for exact resume', async () => {
    const { engine, hp, exp } = await trained(arch);
    await engine.dispose();
    const out = await mkdtemp(path.join(tmpdir(), 'sae-arch-ckpt-'));
    dirs.push(out);
    const cfg = cfgOf(arch, hp);
    const state = {
      ...emptyState(dSae, 5),
      moments: exp.moments,
      tokensSinceFired: exp.tokensSinceFired ?? new Float32Array(dSae),
      inputScale: scale,
      ...(exp.topkThreshold !== undefined ? { topkThreshold: exp.topkThreshold } : {}),
    };
    const rec = await saveCheckpoint(out, 'run-1', cfg, { weights: exp.weights, state, cursor: { shard: 0, row: 200, epoch: 0 } }, 1);
    const back = await loadCheckpoint(rec.path);
    expectBitIdentical(hp, exp.weights, back.weights, 'weights');
    if (!exp.moments || !back.state.moments) throw new Error('expected Adam moments');
    expectBitIdentical(hp, exp.moments.m, back.state.moments.m, 'm');
    expectBitIdentical(hp, exp.moments.v, back.state.moments.v, 'v');
    expect(back.state.topkThreshold).toBe(exp.topkThreshold);
  });
});
