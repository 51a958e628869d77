import { ARCHITECTURE_LABELS } from '../../../../shared/sae-architectures';
import type { SweepAxis, SweepParameter, SweepRunSummary } from '../../../../shared/types/sweeps';

/** One column of a sweep's run table: the value it sorts by and the text it shows ("—" until measured). */
export interface RunColumn {
  key: string;
  header: string;
  /** Hover text of the header: what the figure is, its units and which way is better. */
  title: string;
  value: (run: SweepRunSummary) => number | string | null;
  text: (run: SweepRunSummary) => string;
  numeric: boolean;
}

/** Wall time as people read it: "42 s", "3 m 05 s", "1 h 02 m". */
export function formatSeconds(s: number | null): string {
  if (s === null || !Number.isFinite(s)) return '—';
  const t = Math.round(s);
  if (t < 60) return `${t} s`;
  if (t < 3600) return `${Math.floor(t / 60)} m ${String(t % 60).padStart(2, '0')} s`;
  return `${Math.floor(t / 3600)} h ${String(Math.floor((t % 3600) / 60)).padStart(2, '0')} m`;
}

const fixed =
  (digits: number, suffix = '') =>
  (v: number | null) =>
    v === null || !Number.isFinite(v) ? '—' : `${v.toFixed(digits)}${suffix}`;

/** Short axis headers (the table is wide): the parameter's own name, as the run names write it. */
const AXIS_HEADERS: Partial<Record<SweepParameter, string>> = {
  architecture: 'architecture',
  expansionFactor: 'expansion',
  totalSteps: 'steps',
  batchSize: 'batch',
};

function figure(key: keyof SweepRunSummary & string, header: string, title: string, format: (v: number | null) => string): RunColumn {
  const value = (r: SweepRunSummary) => r[key] as number | null;
  return { key, header, title, value, text: (r) => format(value(r)), numeric: true };
}

/**
 * The run table's columns (docs/training.md, "Sweeps in the app"): the swept values first (one
 * column per axis), then architecture unless it is swept, then the final figures.
 */
export function runColumns(axes: readonly SweepAxis[]): RunColumn[] {
  const axisColumns: RunColumn[] = axes.map((a) => ({
    key: `point.${a.parameter}`,
    header: AXIS_HEADERS[a.parameter] ?? a.parameter,
    title: `swept: ${a.parameter}`,
    value: (r) => r.point[a.parameter] ?? null,
    text: (r) => {
      const v = r.point[a.parameter];
      return v === undefined ? '—' : a.parameter === 'architecture' ? ARCHITECTURE_LABELS[r.architecture] : String(v);
    },
    numeric: a.parameter !== 'architecture',
  }));
  const architecture: RunColumn[] = axes.some((a) => a.parameter === 'architecture')
    ? []
    : [
        {
          key: 'architecture',
          header: 'architecture',
          title: 'SAE architecture',
          value: (r) => ARCHITECTURE_LABELS[r.architecture],
          text: (r) => ARCHITECTURE_LABELS[r.architecture],
          numeric: false,
        },
      ];
  const status: RunColumn = {
    key: 'status',
    header: 'status',
    title: 'queued, training, completed…',
    value: (r) => r.status,
    text: (r) => r.status,
    numeric: false,
  };
  return [
    ...axisColumns,
    ...architecture,
    status,
    figure('explainedVariance', 'EV', 'explained variance of the last metrics (higher is better)', fixed(3)),
    figure('l0', 'L0', 'active features per token (lower is sparser)', fixed(1)),
    figure('ceDelta', 'ΔCE', 'nats per token the SAE adds when spliced in (lower is better)', fixed(3)),
    figure('ceDeltaPercent', 'ΔCE %', 'ΔCE as a percentage of the clean CE', fixed(1, '%')),
    figure('ceLossRecovered', 'CE rec.', 'CE loss recovered vs zero ablation (1 = nothing lost)', fixed(3)),
    figure('deadFeatures', 'dead', 'features that fired on no recent token', fixed(0)),
    figure('denseFeatures', 'dense', 'features firing on more than the dense threshold of tokens', fixed(0)),
    {
      key: 'seconds',
      header: 'time',
      title: 'wall time from start to completion',
      value: (r) => r.seconds,
      text: (r) => formatSeconds(r.seconds),
      numeric: true,
    },
  ];
}

/** The run's name without its sweep's prefix ("sweep · k=32, architecture=topk" → "k=32, architecture=topk"). */
export function shortRunName(run: Pick<SweepRunSummary, 'name'>, sweepName: string): string {
  const prefix = `${sweepName} · `;
  return run.name.startsWith(prefix) ? run.name.slice(prefix.length) : run.name;
}

/**
 * A sweep run's name ("<sweep> · <point>", the point as `pointLabel` writes it, which has no " · ")
 * split in two; a name without the separator is all point.
 */
export function splitSweepRunName(name: string): { sweep: string; point: string } {
  const i = name.lastIndexOf(' · ');
  return i === -1 ? { sweep: '', point: name } : { sweep: name.slice(0, i), point: name.slice(i + 3) };
}

/**
 * The swept values in words: "k ∈ {16, 32} × architecture ∈ {…}" for a full grid; when the points
 * are not the product of the axes (each architecture with its own knob), the parameters are
 * listed with ", " and the point count, so no one reads a 4 × 3 × 3 × 3 grid into 12 runs.
 */
export function axesText(axes: readonly SweepAxis[], runCount: number, withValues: boolean): string {
  if (!axes.length) return 'one point';
  const part = (a: SweepAxis) => (withValues ? `${a.parameter} ∈ {${a.values.join(', ')}}` : `${a.parameter} (${a.values.length})`);
  const grid = axes.reduce((n, a) => n * a.values.length, 1) === runCount;
  return grid ? axes.map(part).join(' × ') : `${runCount} points over ${axes.map(part).join(', ')}`;
}
