import type { TrainingHyperparameters } from './types/training';

/** The trainable SAE architectures in the researcher's names (docs/training.md "Architectures"). */
export type TrainableArchitecture = TrainingHyperparameters['architecture'];

export const ARCHITECTURE_LABELS: Record<TrainableArchitecture, string> = {
  standard: 'ReLU + L1',
  topk: 'TopK',
  batchtopk: 'BatchTopK',
  jumprelu: 'JumpReLU',
  gated: 'Gated',
  matryoshka: 'Matryoshka',
};

/** Default Matryoshka levels as fractions of d_sae: d_sae/16, /8, /4, /2, d_sae (each level doubles, as Bussmann et al. 2025). */
export const MATRYOSHKA_WIDTHS_DEFAULT: readonly number[] = [1 / 16, 1 / 8, 1 / 4, 1 / 2, 1];

/**
 * The Matryoshka prefix widths in features, from the run's fractions of d_sae: each
 * round(fraction · d_sae), d_sae appended when the list stops short of it (as SAELens appends
 * a final level of width d_sae). Returns a sentence instead when two levels round to the same
 * width or a level is empty (a d_sae too small for the fractions asked).
 */
export function matryoshkaPrefixWidths(fractions: readonly number[] | undefined, dSae: number): number[] | string {
  const widths = (fractions ?? MATRYOSHKA_WIDTHS_DEFAULT).map((v) => Math.round(v * dSae));
  if (widths[widths.length - 1] !== dSae) widths.push(dSae);
  for (let i = 0; i < widths.length; i++) {
    const [w, prev] = [widths[i] ?? 0, i === 0 ? 0 : (widths[i - 1] ?? 0)];
    if (w <= prev || w > dSae)
      return `Matryoshka widths ${widths.join(', ')} (of ${dSae} features) must be strictly increasing from at least 1 to ${dSae}; use fewer or wider levels`;
  }
  return widths;
}

/** BatchTopK and Matryoshka (BatchTopK inside): k on average over the batch, a global threshold at inference. */
export function isBatchTopKFamily(architecture: string): architecture is 'batchtopk' | 'matryoshka' {
  return architecture === 'batchtopk' || architecture === 'matryoshka';
}

/** k per token (TopK) or on average over the batch (BatchTopK, Matryoshka): the L0 the run aims at. */
export function targetL0(hp: Pick<TrainingHyperparameters, 'architecture' | 'k'>): number | null {
  return hp.architecture === 'topk' || isBatchTopKFamily(hp.architecture) ? hp.k : null;
}

/** The sparsity setting that names a run: k, JumpReLU's L0 λ, or the L1 λ. */
export function sparsityLabel(hp: Pick<TrainingHyperparameters, 'architecture' | 'k' | 'l0Coefficient' | 'l1Coefficient'>): string {
  switch (hp.architecture) {
    case 'topk':
      return `TopK k=${hp.k}`;
    case 'batchtopk':
      return `BatchTopK k=${hp.k}`;
    case 'matryoshka':
      return `Matryoshka k=${hp.k}`;
    case 'jumprelu':
      return `JumpReLU L0 λ=${hp.l0Coefficient}`;
    case 'gated':
      return `Gated L1 λ=${hp.l1Coefficient}`;
    default:
      return `ReLU + L1 λ=${hp.l1Coefficient}`;
  }
}
