import { ApiError } from '../../../../shared/contract';
import { gridPoints } from '../../../../shared/sweeps/grid';
import type { SweepAxis, SweepParameter, SweepPoint } from '../../../../shared/types/sweeps';
import type { TrainingHyperparameters } from '../../../../shared/types/training';
import type { TrainableArchitecture } from '../../../../shared/sae-architectures';
import { parseAxisValues, valueRule, type NumericHyperparameter } from './axis-values';

/** The most points one sweep may have (the contract's limit, `sweeps.create`). */
export const MAX_SWEEP_POINTS = 64;

/** The swept parameters in the researcher's words (the drawer's axis select). */
export const PARAMETER_LABELS: Record<SweepParameter, string> = {
  architecture: 'Architecture',
  l1Coefficient: 'L1 coefficient λ',
  k: 'k (TopK / BatchTopK)',
  l0Coefficient: 'L0 coefficient λ (JumpReLU)',
  expansionFactor: 'Expansion factor',
  learningRate: 'Learning rate',
  totalSteps: 'Training steps',
  batchSize: 'Batch size (tokens)',
  auxKCoefficient: 'AuxK coefficient',
  jumpReluBandwidth: 'STE bandwidth ε (JumpReLU)',
  topkThresholdLr: 'Threshold rate (BatchTopK)',
  seed: 'Seed',
};

/** One axis as the drawer holds it: a parameter and its values, typed (numbers) or picked (architectures). */
export interface AxisDraft {
  parameter: SweepParameter;
  text: string;
  architectures: TrainableArchitecture[];
}

export interface SweepPlan {
  axes: SweepAxis[];
  points: SweepPoint[];
  /** What stops the sweep from starting, each naming its axis. Empty: ready. */
  problems: string[];
}

/** The parameter that sets sparsity for an architecture: the axis a sweep most often starts from. */
export function sparsityParameter(architecture: TrainableArchitecture): SweepParameter {
  return architecture === 'topk' || architecture === 'batchtopk' ? 'k' : architecture === 'jumprelu' ? 'l0Coefficient' : 'l1Coefficient';
}

/** A first axis to edit: half, once and twice the base value (rounded for whole-number fields). */
export function suggestAxis(parameter: SweepParameter, base: TrainingHyperparameters): AxisDraft {
  if (parameter === 'architecture') return { parameter, text: '', architectures: [base.architecture] };
  const rule = valueRule(parameter);
  const v = base[parameter];
  const round = (x: number) => (rule.integer ? Math.round(x) : Number(x.toPrecision(3)));
  const values = [...new Set([v / 2, v, v * 2].map(round))].filter((x) => x >= rule.min && x <= rule.max);
  return { parameter, text: values.join(', '), architectures: [] };
}

/**
 * The grid the drawer would start: each axis' values checked against the contract, the
 * cartesian product (first axis outermost, as `gridPoints`), and the run count limit.
 */
export function planSweep(drafts: readonly AxisDraft[]): SweepPlan {
  const problems: string[] = [];
  const axes: SweepAxis[] = [];
  const seen = new Set<SweepParameter>();
  for (const d of drafts) {
    const label = PARAMETER_LABELS[d.parameter];
    if (seen.has(d.parameter)) {
      problems.push(`${label} is on both axes`);
      continue;
    }
    seen.add(d.parameter);
    if (d.parameter === 'architecture') {
      if (!d.architectures.length) problems.push(`${label}: pick at least one`);
      axes.push({ parameter: d.parameter, values: [...d.architectures] });
      continue;
    }
    const { values, problems: bad } = parseAxisValues(d.text, valueRule(d.parameter as NumericHyperparameter));
    problems.push(...bad.map((b) => `${label}: ${b}`));
    if (!values.length && !bad.length) problems.push(`${label}: enter at least one value`);
    axes.push({ parameter: d.parameter, values });
  }
  const points = axes.every((a) => a.values.length) ? gridPoints(axes) : [];
  if (points.length > MAX_SWEEP_POINTS) problems.push(`${points.length} runs: a sweep has at most ${MAX_SWEEP_POINTS}`);
  return { axes, points, problems };
}

/** Why the server refused a sweep, and which point (0-based) when it names one (`details.point` of the ApiError). */
export interface SweepRefusal {
  message: string;
  point: number | null;
}

export function sweepRefusal(err: unknown): SweepRefusal {
  const details = err instanceof ApiError ? err.details : undefined;
  const point =
    typeof details === 'object' && details !== null && 'point' in details && typeof details.point === 'number' ? details.point : null;
  return { message: err instanceof Error ? err.message : String(err), point };
}
