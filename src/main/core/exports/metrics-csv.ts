import type { SpliceEval, TrainingMetricPoint } from '../../../shared/types/training';

/**
 * metrics.csv of an export (docs/interop-export.md "Metrics"): one row per metrics record of the run,
 * snake_case columns as SAELens/W&B name them where they have a name; `eval_*` = the splice evaluation
 * at that step (empty when none ran). Numbers are written as JavaScript prints them (shortest text that
 * reads back to the same float64), so a CSV read back gives the same values.
 */
const POINT_COLUMNS = [
  ['step', 'step'],
  ['loss', 'loss'],
  ['mse', 'mse'],
  ['mse_raw_per_element', 'mseRawPerElement'],
  ['l1', 'l1'],
  ['l0', 'l0'],
  ['explained_variance', 'explainedVariance'],
  ['dead_features', 'deadFeatures'],
  ['dense_features', 'denseFeatures'],
  ['learning_rate', 'learningRate'],
  ['tokens_per_second', 'tokensPerSecond'],
  ['memory_bytes', 'memoryBytes'],
  ['at_ms', 'at'],
] as const satisfies readonly (readonly [string, keyof TrainingMetricPoint])[];

const EVAL_COLUMNS = [
  ['eval_ce_clean', 'ceClean'],
  ['eval_ce_with_sae', 'ceWithSae'],
  ['eval_ce_delta', 'ceDelta'],
  ['eval_ce_delta_percent', 'ceDeltaPercent'],
  ['eval_ce_zero_ablation', 'ceZeroAblation'],
  ['eval_ce_loss_recovered', 'ceLossRecovered'],
  ['eval_ce_mean_ablation', 'ceMeanAblation'],
  ['eval_ce_loss_recovered_mean', 'ceLossRecoveredMean'],
  ['eval_kl_with_sae', 'klWithSae'],
  ['eval_tokens', 'tokens'],
] as const satisfies readonly (readonly [string, keyof SpliceEval])[];

export const METRICS_CSV_HEADER = [...POINT_COLUMNS, ...EVAL_COLUMNS].map(([c]) => c).join(',');

const cell = (v: number | null | undefined) => (v === null || v === undefined || !Number.isFinite(v) ? '' : String(v));

export function metricsCsvRow(p: TrainingMetricPoint): string {
  return [
    ...POINT_COLUMNS.map(([, k]) => cell(p[k] as number | null)),
    ...EVAL_COLUMNS.map(([, k]) => cell(p.eval ? p.eval[k] : null)),
  ].join(',');
}

/** A metrics row read back: column → number (null = empty cell). */
export type MetricsRow = Record<string, number | null>;

export class MetricsCsvError extends Error {
  readonly code = 'METRICS_CSV_INVALID';
}

/** Parses metrics.csv (ours: header first, numbers or empty cells); refuses anything else with the line it stopped at. */
export function parseMetricsCsv(text: string): MetricsRow[] {
  const lines = text.split(/\r?\n/).filter((l) => l.length > 0);
  const header = lines.shift()?.split(',') ?? [];
  if (header[0] !== 'step') throw new MetricsCsvError('metrics.csv does not start with a "step" column');
  return lines.map((line, i) => {
    const cells = line.split(',');
    if (cells.length !== header.length)
      throw new MetricsCsvError(`metrics.csv line ${i + 2} has ${cells.length} cells; the header has ${header.length}`);
    const row: MetricsRow = {};
    header.forEach((h, j) => {
      const c = cells[j]!;
      const v = c === '' ? null : Number(c);
      if (v !== null && !Number.isFinite(v)) throw new MetricsCsvError(`metrics.csv line ${i + 2}, column ${h}: "${c}" is not a number`);
      row[h] = v;
    });
    return row;
  });
}

/** A run's metric point as a CSV row reads back (for comparing an import with its source). */
export function metricsRowOf(p: TrainingMetricPoint): MetricsRow {
  const cells = metricsCsvRow(p).split(',');
  return Object.fromEntries(METRICS_CSV_HEADER.split(',').map((h, i) => [h, cells[i] === '' ? null : Number(cells[i])]));
}
