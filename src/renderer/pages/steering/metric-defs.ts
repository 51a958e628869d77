/**
 * What each measured effect is, for its tooltip (the definitions of docs/steering.md, "Measured
 * effects"). Every metric is teacher-forced: a continuation is scored by one forward over
 * prompt + continuation, distributions at temperature 1.
 */
import type { SampleMetrics } from '../../../shared/types/steering';

export interface MetricDef {
  name: string;
  unit: string;
  definition: string;
  digits: number;
}

export const METRIC_DEFS: Record<keyof SampleMetrics, MetricDef> = {
  meanKl: {
    name: 'Mean KL(unsteered ‖ steered)',
    unit: 'nats',
    definition:
      "Mean over the steered text's positions of the KL divergence from the unsteered model's next-token distribution to the steered model's, both scored on the steered continuation. 0 = steering changed nothing.",
    digits: 4,
  },
  perplexityUnsteered: {
    name: 'Perplexity, unsteered output',
    unit: '',
    definition: "exp of the mean negative log-probability of the unsteered continuation's tokens under the unsteered model.",
    digits: 2,
  },
  perplexitySteered: {
    name: 'Perplexity, steered output',
    unit: '',
    definition:
      'exp of the mean negative log-probability of the steered continuation under the UNSTEERED model: how natural the steered text is to the original model. Large = the text broke.',
    digits: 2,
  },
  perplexityDelta: {
    name: 'Perplexity difference',
    unit: '',
    definition: 'Steered output perplexity − unsteered output perplexity (both under the unsteered model).',
    digits: 2,
  },
  wordJaccard: {
    name: 'Word overlap (Jaccard)',
    unit: '',
    definition:
      '|A ∩ B| / |A ∪ B| of the two continuations’ word sets (runs of letters, digits and apostrophes, lower-cased). 1 = the same words.',
    digits: 3,
  },
  similarity: {
    name: 'Similarity (trigram cosine)',
    unit: '',
    definition:
      'Cosine of the two continuations’ character-trigram count vectors (lower-cased, whitespace runs as one space): counts repeats and partial word matches. 1 = the same text.',
    digits: 3,
  },
};

export const SHIFT_DEFINITION =
  'The 10 tokens whose probability changed most (|p steered − p unsteered|) at the first generated position, i.e. the prompt’s last position — the same for every sample.';

export const TARGET_DEFINITION =
  "Probability mass on the feature's top logit-lens tokens (the largest entries of W_dec[f]·W_U), under the steered model: at the first generated position, and averaged over the unsteered continuation's positions (a text fixed across the sweep, so the curve moves only with the coefficient).";

export function formatMetric(v: number | null | undefined, digits: number): string {
  if (v === null || v === undefined || !Number.isFinite(v)) return '—';
  if (v !== 0 && Math.abs(v) < 10 ** -digits) return v.toExponential(1);
  return v.toFixed(digits);
}
