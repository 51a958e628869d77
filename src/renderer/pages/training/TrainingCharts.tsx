import { Button, Checkbox, Group, Paper, SimpleGrid, Switch, Text } from '@mantine/core';
import { IconDownload } from '@tabler/icons-react';
import { useState } from 'react';
import type { DensityHistogram, TrainingMetricPoint, TrainingRecord } from '../../../shared/types/training';
import { targetL0 } from '../../../shared/sae-architectures';
import { BarChart } from '../../charts/BarChart';
import { LineChart, type LineSeries } from '../../charts/LineChart';

type EvalKey = 'ceDelta' | 'ceLossRecovered' | 'ceLossRecoveredMean' | 'klWithSae';
type Key = 'loss' | 'mse' | 'l1' | 'l0' | 'explainedVariance' | 'deadFeatures' | 'denseFeatures' | 'learningRate' | EvalKey;
const EVAL_KEYS: readonly Key[] = ['ceDelta', 'ceLossRecovered', 'ceLossRecoveredMean', 'klWithSae'];
const SERIES: Record<Key, { label: string; color: string }> = {
  loss: { label: 'total loss (MSE + λ·L1)', color: '#10b981' },
  mse: { label: 'MSE', color: '#22d3ee' },
  l1: { label: 'L1 (unweighted, before ×λ)', color: '#a78bfa' },
  l0: { label: 'L0', color: '#3b82f6' },
  explainedVariance: { label: 'explained variance', color: '#06b6d4' },
  deadFeatures: { label: 'dead features', color: '#ef4444' },
  denseFeatures: { label: 'dense features', color: '#fb923c' },
  learningRate: { label: 'learning rate', color: '#f59e0b' },
  ceDelta: { label: 'ΔCE (nats)', color: '#facc15' },
  ceLossRecovered: { label: 'CE recovered (vs zero)', color: '#eab308' },
  ceLossRecoveredMean: { label: 'CE recovered (vs mean)', color: '#f97316' },
  klWithSae: { label: 'KL with SAE', color: '#f472b6' },
};

function valueOf(p: TrainingMetricPoint, k: Key): number | null {
  if (EVAL_KEYS.includes(k)) return p.eval ? p.eval[k as EvalKey] : null;
  const v = p[k as Exclude<Key, EvalKey>];
  return v === null ? null : v;
}

function series(points: TrainingMetricPoint[], k: Key, normalise = false, label?: string): LineSeries {
  const pts = points
    .map((p) => [p.step, valueOf(p, k)] as const)
    .filter((p): p is readonly [number, number] => p[1] !== null && Number.isFinite(p[1]));
  const max = normalise ? pts.reduce((m, p) => Math.max(m, Math.abs(p[1])), 1e-30) : 1;
  return { name: label ?? SERIES[k].label, color: SERIES[k].color, points: pts.map(([x, y]) => [x, y / max]), readoutScale: max };
}

function ChartCard({ title, children }: { title: string; children: React.ReactNode }) {
  return (
    <Paper withBorder p="sm" radius="md">
      <Text size="sm" fw={600} mb={4}>
        {title}
      </Text>
      {children}
    </Paper>
  );
}

function download(name: string, text: string, type: string): void {
  const url = URL.createObjectURL(new Blob([text], { type }));
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  a.click();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}

/** Columns and their CSV headers, with units (docs/training.md "Units"). */
const CSV_COLUMNS = [
  ['step', 'step'],
  ['loss', 'loss (normalised units; summed over d_in)'],
  ['mse', 'mse (normalised units; summed over d_in)'],
  ['mseRawPerElement', 'mse_raw_per_element (activation units squared)'],
  ['l1', 'l1 (normalised units; unweighted)'],
  ['l0', 'l0 (features per token)'],
  ['explainedVariance', 'explained_variance'],
  ['deadFeatures', 'dead_features'],
  ['denseFeatures', 'dense_features'],
  ['learningRate', 'learning_rate'],
  ['tokensPerSecond', 'tokens_per_second'],
  ['memoryBytes', 'memory_bytes'],
] as const;
const EVAL_COLUMNS = [
  ['ceClean', 'ce_clean (nats)'],
  ['ceWithSae', 'ce_with_sae (nats)'],
  ['ceDelta', 'delta_ce (nats)'],
  ['ceDeltaPercent', 'delta_ce (% of clean)'],
  ['ceZeroAblation', 'ce_zero_ablation (nats)'],
  ['ceLossRecovered', 'ce_recovered_vs_zero'],
  ['ceMeanAblation', 'ce_mean_ablation (nats)'],
  ['ceLossRecoveredMean', 'ce_recovered_vs_mean'],
  ['klWithSae', 'kl_with_sae (nats)'],
] as const;

export function metricsCsv(points: TrainingMetricPoint[]): string {
  const head = [...CSV_COLUMNS.map((c) => c[1]), ...EVAL_COLUMNS.map((c) => c[1]), 'at'].join(',');
  // Not measured at that step (e.g. the step-0 baseline eval has no training metrics): an empty cell.
  const cell = (v: number | null | undefined) => (v === null || v === undefined || !Number.isFinite(v) ? '' : v);
  const rows = points.map((p) =>
    [...CSV_COLUMNS.map(([c]) => cell(p[c])), ...EVAL_COLUMNS.map(([c]) => cell(p.eval?.[c])), new Date(p.at).toISOString()].join(','),
  );
  return [head, ...rows].join('\n') + '\n';
}

/** Live charts (docs/training.md): loss, L0, dead features, LR, EV, splice evals; log toggle, a normalised multi-series view, CSV/JSON download, density histogram. */
export function TrainingCharts({
  run,
  points,
  density,
}: {
  run: TrainingRecord;
  points: TrainingMetricPoint[];
  density: DensityHistogram | null;
}) {
  const [log, setLog] = useState(false);
  const [overlay, setOverlay] = useState<Key[]>(['loss', 'l0', 'deadFeatures', 'explainedVariance']);
  const file = run.name.replace(/[^\w.-]+/g, '_');
  // No L1 term in the loss: TopK/BatchTopK/Matryoshka (MSE + AuxK) and JumpReLU (MSE + λ·L0).
  const target = targetL0(run.hyperparameters);
  const noL1 = run.architecture !== 'standard' && run.architecture !== 'gated';
  const lossLabels: Partial<Record<TrainingRecord['architecture'], string>> = {
    jumprelu: 'total loss (MSE + λ·L0)',
    topk: 'total loss (MSE + AuxK)',
    batchtopk: 'total loss (MSE + AuxK)',
    matryoshka: 'total loss (Σ prefix-level MSE + AuxK)',
    gated: 'total loss (MSE + λ·L1 + aux reconstruction)',
  };
  const lossLabel = lossLabels[run.architecture];
  const densityBars = density
    ? [
        { label: 'never', value: density.deadCount, title: `${density.deadCount} features never fired in these ${density.tokens} tokens` },
        ...density.counts.map((c, i) => ({
          label: density.edges[i]!.toFixed(1),
          value: c,
          title: `log10 density in [${density.edges[i]!.toFixed(1)}, ${density.edges[i + 1]!.toFixed(1)}): ${c} features`,
        })),
      ]
    : [];
  return (
    <>
      <Group justify="space-between" mt="md" mb="xs">
        <Switch label="Log scale" checked={log} onChange={(e) => setLog(e.currentTarget.checked)} data-testid="log-scale" />
        <Group gap="xs">
          <Button
            size="xs"
            variant="default"
            leftSection={<IconDownload size={14} />}
            disabled={!points.length}
            onClick={() => download(`${file}-metrics.csv`, metricsCsv(points), 'text/csv')}
            data-testid="download-csv"
          >
            CSV
          </Button>
          <Button
            size="xs"
            variant="default"
            leftSection={<IconDownload size={14} />}
            disabled={!points.length}
            onClick={() =>
              download(`${file}-metrics.json`, JSON.stringify({ training: run, metrics: points }, null, 2), 'application/json')
            }
            data-testid="download-json"
          >
            JSON
          </Button>
        </Group>
      </Group>
      <SimpleGrid cols={{ base: 1, lg: 2 }} spacing="sm" data-testid="training-charts">
        <ChartCard title="Loss (normalised units, summed over d_in; mean over tokens)">
          <LineChart
            testId="chart-loss"
            log={log}
            series={[series(points, 'loss', false, lossLabel), series(points, 'mse'), ...(noL1 ? [] : [series(points, 'l1')])]}
          />
        </ChartCard>
        <ChartCard title={`L0 (active features per token${target !== null ? `, target k = ${target}` : ''})`}>
          <LineChart
            testId="chart-l0"
            log={log}
            series={[series(points, 'l0')]}
            references={target !== null ? [{ y: target, label: `target k = ${target}`, color: '#f59e0b' }] : []}
          />
        </ChartCard>
        <ChartCard title={`Dead and dense features (of ${run.dSae}; dense: on > ${run.hyperparameters.denseThreshold * 100}% of tokens)`}>
          <LineChart testId="chart-dead" log={log} series={[series(points, 'deadFeatures'), series(points, 'denseFeatures')]} />
        </ChartCard>
        <ChartCard title="Learning rate">
          <LineChart testId="chart-lr" log={log} series={[series(points, 'learningRate')]} />
        </ChartCard>
        <ChartCard title="Explained variance and CE recovered (vs zero and vs mean ablation)">
          <LineChart
            testId="chart-ev"
            series={[series(points, 'explainedVariance'), series(points, 'ceLossRecovered'), series(points, 'ceLossRecoveredMean')]}
          />
        </ChartCard>
        <ChartCard title={`Feature density (log10 fraction of tokens)${density ? ` · step ${density.step}` : ''}`}>
          {density ? (
            <BarChart testId="chart-density" data={densityBars} height={200} color="#8b5cf6" xLabel="log10 density" yLabel="features" />
          ) : (
            <Text size="xs" c="dimmed">
              after the first histogram interval
            </Text>
          )}
        </ChartCard>
      </SimpleGrid>
      <Paper withBorder p="sm" radius="md" mt="sm">
        <Group justify="space-between" mb={4}>
          <Text size="sm" fw={600}>
            Multi-series (each scaled to its own maximum)
          </Text>
          <Group gap="sm">
            {(Object.keys(SERIES) as Key[]).map((k) => (
              <Checkbox
                key={k}
                size="xs"
                label={SERIES[k].label}
                color={SERIES[k].color}
                checked={overlay.includes(k)}
                onChange={(e) => {
                  const on = e.currentTarget.checked;
                  setOverlay((o) => (on ? [...o, k] : o.filter((x) => x !== k)));
                }}
              />
            ))}
          </Group>
        </Group>
        <LineChart
          testId="chart-overlay"
          log={log}
          height={220}
          series={overlay.map((k) => series(points, k, true, k === 'loss' ? lossLabel : undefined))}
          yLabel="÷ max"
        />
      </Paper>
    </>
  );
}
