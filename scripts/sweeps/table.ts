/**
 * The demo sweep's result table (docs/training.md, "Sweeps"): one row per run with the figures the
 * sweep page shows, as markdown for the terminal and as plain numbers for the JSON file.
 */
import type { SweepRunSummary } from '../../src/shared/types/sweeps';

/** A run's figures as the sweep page shows them (ΔCE in nats per token and % of the clean CE), and its swept value ("k=32"). */
export type SweepTableRow = Omit<SweepRunSummary, 'trainingId' | 'point' | 'currentStep' | 'totalSteps' | 'dSae'> & { parameter: string };

/** The point's values other than the architecture ("k=32"); "(defaults)" for a point that sets nothing else. */
function parameterOf(r: SweepRunSummary): string {
  const rest = Object.entries(r.point).filter(([k, v]) => k !== 'architecture' && v !== undefined);
  return rest.length ? rest.map(([k, v]) => `${k}=${String(v)}`).join(', ') : '(defaults)';
}

export function sweepTable(runs: SweepRunSummary[]): SweepTableRow[] {
  return runs.map((r) => {
    const { trainingId: _id, point: _point, currentStep: _step, totalSteps: _total, dSae: _dSae, ...figures } = r;
    return { ...figures, parameter: parameterOf(r) };
  });
}

const fixed = (v: number | null, digits: number, suffix = '') => (v === null ? '—' : `${v.toFixed(digits)}${suffix}`);

/** Markdown, one line per run; ΔCE as "nats (percent)". */
export function markdownTable(rows: SweepTableRow[]): string {
  const head = ['name', 'architecture', 'parameter', 'EV', 'L0', 'ΔCE nats (%)', 'CE recovered', 'dead', 'dense', 'seconds'];
  const lines = rows.map((r) => [
    r.name,
    r.architecture,
    r.parameter,
    fixed(r.explainedVariance, 3),
    fixed(r.l0, 1),
    r.ceDelta === null ? '—' : `${r.ceDelta.toFixed(3)} (${fixed(r.ceDeltaPercent, 1, '%')})`,
    fixed(r.ceLossRecovered, 3),
    fixed(r.deadFeatures, 0),
    fixed(r.denseFeatures, 0),
    fixed(r.seconds, 0),
  ]);
  return [head, head.map(() => '---'), ...lines].map((cells) => `| ${cells.join(' | ')} |`).join('\n');
}
