/** Test helpers: small SAEs written as real SAELens folders (random or chosen weights). */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { mulberry32 } from '../model/sampling';
import { encodeSafetensors } from '../sae/safetensors';
import { buildSaeLensCfg, writeSaeLensFolder } from '../sae/saelens-format';
import type { SaeArchitecture, SaeWeights } from '../sae/types';

/** Gaussian-ish weights (sum of 4 uniforms, variance 1/3) scaled by `scale`, seeded. */
export function randomWeights(dIn: number, dSae: number, seed: number, scale = 1 / Math.sqrt(dIn)): SaeWeights {
  const rnd = mulberry32(seed);
  const draw = () => (rnd() + rnd() + rnd() + rnd() - 2) * scale * Math.sqrt(3);
  return {
    W_enc: Float32Array.from({ length: dIn * dSae }, draw),
    b_enc: Float32Array.from({ length: dSae }, () => draw() * 0.1),
    W_dec: Float32Array.from({ length: dSae * dIn }, draw),
    b_dec: Float32Array.from({ length: dIn }, () => draw() * 0.1),
  };
}

export interface TestSae {
  dir: string;
  weights: SaeWeights;
  cleanup: () => void;
}

/** Writes `weights` (default random) as a SAELens folder for `hook` in a temp dir. */
export async function writeTestSae(o: {
  dIn: number;
  dSae: number;
  hook: string;
  architecture?: SaeArchitecture;
  k?: number;
  seed?: number;
  weights?: SaeWeights;
}): Promise<TestSae> {
  const root = mkdtempSync(path.join(os.tmpdir(), 'mistudio-steering-sae-'));
  const dir = path.join(root, 'sae');
  const weights = o.weights ?? randomWeights(o.dIn, o.dSae, o.seed ?? 1);
  const layer = Number(/blocks\.(\d+)\./.exec(o.hook)?.[1] ?? 0);
  const cfg = buildSaeLensCfg(
    o.architecture ?? 'standard',
    o.dIn,
    o.dSae,
    { modelName: 'test', hookName: o.hook, hookLayer: layer, contextSize: 32, prependBos: false },
    o.k,
  );
  await writeSaeLensFolder(dir, weights, cfg);
  return { dir, weights, cleanup: () => rmSync(root, { recursive: true, force: true }) };
}

/** A JumpReLU SAELens folder (cfg.json + weights with `threshold`), as SAELens writes one. */
export function writeJumpReluTestSae(o: {
  dIn: number;
  dSae: number;
  hook: string;
  weights: SaeWeights;
  threshold: Float32Array;
  applyBDecToInput?: boolean;
}): TestSae {
  const root = mkdtempSync(path.join(os.tmpdir(), 'mistudio-steering-jumprelu-'));
  const dir = path.join(root, 'sae');
  mkdirSync(dir);
  const { dIn, dSae, weights: w } = o;
  writeFileSync(
    path.join(dir, 'cfg.json'),
    JSON.stringify({
      architecture: 'jumprelu',
      d_in: dIn,
      d_sae: dSae,
      hook_name: o.hook,
      apply_b_dec_to_input: o.applyBDecToInput ?? true,
      normalize_activations: 'none',
    }),
  );
  const t = (shape: number[], data: Float32Array) => ({ shape, data });
  writeFileSync(
    path.join(dir, 'sae_weights.safetensors'),
    encodeSafetensors({
      W_enc: t([dIn, dSae], w.W_enc),
      b_enc: t([dSae], w.b_enc),
      W_dec: t([dSae, dIn], w.W_dec),
      b_dec: t([dIn], w.b_dec),
      threshold: t([dSae], o.threshold),
    }),
  );
  return { dir, weights: w, cleanup: () => rmSync(root, { recursive: true, force: true }) };
}
