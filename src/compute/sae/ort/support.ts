import * as ort from 'onnxruntime-node';
import { isBatchTopKFamily, matryoshkaWidthsOf } from '../architectures';
import type { SaeHyperparameters } from '../types';
import { OrtEngineError } from './errors';

/** Refuses what the ort step graph does not compute, naming the engine that does. */
export function checkSupported(hp: SaeHyperparameters): void {
  if (hp.ghostGradients) {
    throw new OrtEngineError(
      'SAE_ORT_UNSUPPORTED_OPTION',
      'ghost gradients are not in the ort step graph; train this SAE with the tfjs engine (Settings → training engine: tfjs)',
    );
  }
  if (!['standard', 'topk', 'jumprelu', 'batchtopk', 'gated', 'matryoshka'].includes(hp.architecture)) {
    throw new OrtEngineError(
      'SAE_ORT_UNSUPPORTED_OPTION',
      `architecture ${String(hp.architecture)} is not in the ort step graph; use the tfjs engine`,
    );
  }
  if (!Number.isInteger(hp.dIn) || hp.dIn < 1 || !Number.isInteger(hp.expansionFactor * hp.dIn)) {
    throw new OrtEngineError('SAE_ORT_BAD_INPUT', `d_in ${hp.dIn} × expansion ${hp.expansionFactor} is not a whole number of features`);
  }
  const dSae = hp.expansionFactor * hp.dIn;
  if ((hp.architecture === 'topk' || isBatchTopKFamily(hp.architecture)) && (!hp.k || !Number.isInteger(hp.k) || hp.k < 1 || hp.k > dSae)) {
    throw new OrtEngineError(
      'SAE_ORT_BAD_INPUT',
      `${hp.architecture === 'topk' ? 'TopK' : 'BatchTopK'} needs k in 1…${dSae} (got ${String(hp.k)})`,
    );
  }
  if (hp.architecture === 'matryoshka') {
    try {
      matryoshkaWidthsOf(hp, dSae);
    } catch (e) {
      throw new OrtEngineError('SAE_ORT_BAD_INPUT', e instanceof Error ? e.message : String(e));
    }
  }
  if (hp.architecture === 'jumprelu' && !((hp.jumpReluBandwidth ?? 0.001) > 0)) {
    throw new OrtEngineError('SAE_ORT_BAD_INPUT', `JumpReLU needs a positive bandwidth ε (got ${String(hp.jumpReluBandwidth)})`);
  }
}

/**
 * AuxK feeds for this step, or null when no feature is dead (then SAELens's aux loss is 0 and
 * the plain graph runs). dead: tokensSinceFired ≥ deadWindowTokens (as firing.ts); as SAELens:
 * k_aux = min(kAux, #dead), aux_scale = coefficient · min(#dead / kAux, 1), kAux = ⌊d_in / 2⌋.
 */
export function deadFeatureFeeds(hp: SaeHyperparameters, tokensSinceFired: Float32Array): Record<string, ort.Tensor> | null {
  const coefficient = hp.auxKCoefficient;
  if (coefficient === 0) return null;
  const dead = Uint8Array.from(tokensSinceFired, (t) => (t >= hp.deadWindowTokens ? 1 : 0));
  const numDead = dead.reduce((a, b) => a + b, 0);
  if (numDead === 0) return null;
  const kAux = hp.kAux ?? Math.floor(hp.dIn / 2);
  return {
    dead_mask: new ort.Tensor('bool', dead, [dead.length]),
    k_aux: new ort.Tensor('int64', BigInt64Array.of(BigInt(Math.min(kAux, numDead))), [1]),
    aux_scale: new ort.Tensor('float32', Float32Array.of(coefficient * Math.min(numDead / kAux, 1)), []),
  };
}
