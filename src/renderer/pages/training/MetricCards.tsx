import { Group, SimpleGrid } from '@mantine/core';
import { IconAlertTriangle, IconTrendingDown, IconTrendingUp } from '@tabler/icons-react';
import type { TrainingMetricPoint, TrainingRecord } from '../../../shared/types/training';
import { useQuery } from '../../api/hooks';
import { formatBytes, formatCount } from '../format';
import { EvalCard } from './EvalCard';
import { targetL0 } from '../../../shared/sae-architectures';
import { Card } from './MetricCard';
import { num } from './numbers';

const UNITS =
  'Normalised units: inputs scaled to mean norm √d_in, squared error summed over the d_in dimensions, mean over the batch tokens.';

/** Metric cards (docs/training.md): loss ↓, L0 vs target, dead and dense of total, throughput / memory / GPU; plus EV and the splice eval. */
export function MetricCards({ run, points }: { run: TrainingRecord; points: TrainingMetricPoint[] }) {
  const gpu = useQuery('system.info', {}, { refreshMs: run.status === 'running' ? 5000 : undefined, deps: [run.status] });
  // Training metrics come from the newest record that has them (the step-0 baseline record holds only its eval).
  const measured = points.filter((p) => Number.isFinite(p.loss));
  const last = measured.at(-1) ?? run.latest;
  const prev = measured.length > 5 ? measured[measured.length - 6] : undefined;
  const falling = last && prev ? last.loss < prev.loss : null;
  const target = targetL0(run.hyperparameters);
  const gpus = gpu.data?.gpu.devices ?? [];
  const util = gpus.find((g) => g.utilizationPercent !== null)?.utilizationPercent ?? null;
  const hp = run.hyperparameters;
  const dead = last?.deadFeatures ?? 0;
  const dense = last?.denseFeatures ?? 0;
  const pct = (n: number) => `${((100 * n) / Math.max(1, run.dSae)).toFixed(1)}%`;
  // Dense is worth a warning when more than a tenth of the dictionary fires on > threshold of tokens.
  const denseWarn = dense > 0.1 * run.dSae;
  return (
    <SimpleGrid cols={{ base: 2, md: 3, lg: 4 }} spacing="sm">
      <EvalCard run={run} />
      <Card
        title="Loss"
        testId="card-loss"
        color="emerald.4"
        value={num(last?.loss)}
        hint={`Total loss of the last batch: MSE + λ·L1 (TopK: MSE + AuxK). ${UNITS} Raw MSE is per element, in the activations' own units.`}
        sub={
          <>
            <Group gap={4} wrap="nowrap">
              {falling === null ? null : falling ? (
                <IconTrendingDown size={14} color="#34d399" />
              ) : (
                <IconTrendingUp size={14} color="#f87171" />
              )}
              MSE {num(last?.mse, 3)} · L1 {num(last?.l1, 3)}
            </Group>
            <div data-testid="card-mse-raw">raw MSE/elem {num(last?.mseRawPerElement, 3)}</div>
          </>
        }
      />
      <Card
        title="Explained variance"
        testId="card-ev"
        color="cyan.4"
        value={num(last?.explainedVariance, 3)}
        hint="1 − Σ‖x − x̂‖² / Σ‖x − x̄‖² over the last batch (unitless; the same in normalised and raw units)."
        sub="of the activations' variance"
      />
      <Card
        title="L0"
        testId="card-l0"
        color="blue.4"
        value={num(last?.l0, 3)}
        hint="Mean number of active (non-zero) features per token over the last batch."
        sub={target ? `target k = ${target}` : `of ${formatCount(run.dSae)} features`}
      />
      <Card
        title="Dead features"
        testId="card-dead"
        color={dead > 0 ? 'red.4' : 'gray.4'}
        value={last ? `${dead} / ${run.dSae.toLocaleString('en-US')}` : '—'}
        hint={`Features that fired on no token in the last ${formatCount(hp.deadWindowTokens)} training tokens (the dead window, Advanced settings).`}
        sub={last ? `${pct(dead)} of the dictionary` : undefined}
      />
      <Card
        title={
          <Group gap={4} wrap="nowrap">
            {denseWarn && <IconAlertTriangle size={12} color="#fb923c" />}
            Dense features
          </Group>
        }
        testId="card-dense"
        color={denseWarn ? 'orange.4' : 'gray.4'}
        value={last ? `${dense} / ${run.dSae.toLocaleString('en-US')}` : '—'}
        hint={`Features that fired on more than ${hp.denseThreshold * 100}% of the tokens in the dead window (the dense threshold, Advanced settings). Many dense features mean the SAE is not sparse yet: a larger L1 coefficient (or smaller k) or more steps make features rarer. Flagged when more than 10% of the dictionary is dense.`}
        sub={last ? `${pct(dense)} fire on > ${hp.denseThreshold * 100}% of tokens` : undefined}
      />
      <Card
        title="Throughput"
        testId="card-throughput"
        color="violet.4"
        value={last ? `${formatCount(Math.round(last.tokensPerSecond))} tok/s` : '—'}
        hint="Training tokens per second over the last metrics interval (evaluation time excluded); memory = the worker process's resident set."
        sub={`${last ? formatBytes(last.memoryBytes) : ''}${util !== null ? ` · GPU ${util}%` : gpus.length ? '' : ' · no GPU'} · ${run.engine ?? 'engine: starting'}`}
      />
    </SimpleGrid>
  );
}
