import { matryoshkaWidthsOf } from '../src/compute/sae/architectures';
import { hyper } from '../src/compute/sae/ort/test-support';
import type { SaeArchitecture, SaeHyperparameters } from '../src/compute/sae/types';
import type { PeerHyper } from './sae-peer';

/** The cases of bench/sae-train.ts: sizes, hyperparameters, the peer's view of them. */
export const [D_IN, FACTOR, BATCH, K] = [768, 8, 4096, 64];
export const D_SAE = D_IN * FACTOR;

export interface BenchCase {
  /** --arch name. */
  id: string;
  title: string;
  architecture: SaeArchitecture;
  /** Overrides of the shared hyperparameters below. */
  hyper?: Partial<SaeHyperparameters>;
}

export const BENCH_CASES: BenchCase[] = [
  { id: 'standard', title: 'standard (ReLU, L1 weighted by ‖W_dec‖, λ 1)', architecture: 'standard' },
  { id: 'topk', title: `TopK k=${K} (no dead feature, AuxK = 0 as SAELens)`, architecture: 'topk' },
  {
    // deadWindowTokens 0: every feature counts as dead on every step, so AuxK runs at its
    // heaviest (k_aux = d_in/2 = 384 of all 6,144 latents per token, scale 1) every step.
    id: 'topk-auxk',
    title: `TopK k=${K} + AuxK (every feature dead: k_aux 384, coefficient 1/32)`,
    architecture: 'topk',
    hyper: { deadWindowTokens: 0 },
  },
  { id: 'batchtopk', title: `BatchTopK k=${K} (top ${K}·4096 of the batch, threshold update)`, architecture: 'batchtopk' },
  {
    id: 'matryoshka',
    title: `Matryoshka (BatchTopK k=${K} inner, prefix widths ${matryoshkaWidthsOf({}, D_SAE).join(' / ')}, every level's MSE summed)`,
    architecture: 'matryoshka',
  },
  { id: 'jumprelu', title: 'JumpReLU (STE, rectangle kernel, ε 0.001, θ₀ 0.001, λ·L0 with λ 1)', architecture: 'jumprelu' },
  { id: 'gated', title: 'Gated (gate/magnitude paths, λ·L1(gate) with λ 1, aux through the frozen decoder)', architecture: 'gated' },
];

export function gaussian(n: number, scale: number, seed: number): Float32Array {
  let s = seed >>> 0;
  const u = () => ((s = (Math.imul(s, 1664525) + 1013904223) >>> 0) + 0.5) / 4294967296;
  return Float32Array.from({ length: n }, () => scale * Math.sqrt(-2 * Math.log(u())) * Math.cos(2 * Math.PI * u()));
}

/** The engine test's hyperparameters (ort/test-support.ts) at the bench's sizes: Adam lr 1e-4, λ 1, AuxK 1/32. */
export function benchHyper(c: BenchCase): SaeHyperparameters {
  return hyper(c.architecture, D_IN, FACTOR, {
    k: K,
    auxKCoefficient: 1 / 32,
    learningRate: 1e-4,
    batchSize: BATCH,
    totalSteps: 1000,
    l1Coefficient: 1,
    ...c.hyper,
  });
}

/** The same hyperparameters as bench/python/sae_peer.py reads them (the engine passes l1Coefficient as λ of L0 too). */
export function peerHyper(hp: SaeHyperparameters): PeerHyper {
  return {
    k: hp.k ?? K,
    lr: hp.learningRate,
    l1_coefficient: hp.l1Coefficient,
    l0_coefficient: hp.l1Coefficient,
    bandwidth: hp.jumpReluBandwidth ?? 0.001,
    aux_coefficient: hp.auxKCoefficient ?? 1 / 32,
    k_aux: hp.kAux ?? Math.floor(D_IN / 2),
    dead_window: hp.deadWindowTokens,
    topk_threshold_lr: hp.topkThresholdLr ?? 0.01,
    matryoshka_widths: hp.architecture === 'matryoshka' ? matryoshkaWidthsOf(hp, D_SAE) : [],
  };
}
