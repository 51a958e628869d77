import type { TrainingHyperparameters } from './types/training';

/** The trainable SAE architectures in the researcher's names (docs/training.md "Architectures"). */
export type TrainableArchitecture = TrainingHyperparameters['architecture'];

export const ARCHITECTURE_LABELS: Record<TrainableArchitecture, string> = {
  standard: 'ReLU + L1',
  topk: 'TopK',
  batchtopk: 'BatchTopK',
  jumprelu: 'JumpReLU',
  gated: 'Gated',
};

/** k per token (TopK) or on average over the batch (BatchTopK): the L0 the run aims at. */
export function targetL0(hp: Pick<TrainingHyperparameters, 'architecture' | 'k'>): number | null {
  return hp.architecture === 'topk' || hp.architecture === 'batchtopk' ? hp.k : null;
}

/** The sparsity setting that names a run: k, JumpReLU's L0 λ, or the L1 λ. */
export function sparsityLabel(hp: Pick<TrainingHyperparameters, 'architecture' | 'k' | 'l0Coefficient' | 'l1Coefficient'>): string {
  switch (hp.architecture) {
    case 'topk':
      return `TopK k=${hp.k}`;
    case 'batchtopk':
      return `BatchTopK k=${hp.k}`;
    case 'jumprelu':
      return `JumpReLU L0 λ=${hp.l0Coefficient}`;
    case 'gated':
      return `Gated L1 λ=${hp.l1Coefficient}`;
    default:
      return `ReLU + L1 λ=${hp.l1Coefficient}`;
  }
}
