import { Group, Paper, SimpleGrid, Text, Tooltip } from '@mantine/core';
import { IconTrendingDown, IconTrendingUp } from '@tabler/icons-react';
import type { TrainingMetricPoint, TrainingRecord } from '../../../shared/types/training';
import { useQuery } from '../../api/hooks';
import { formatBytes, formatCount } from '../format';

function Card({ title, value, sub, color, testId, hint }: { title: string; value: string; sub?: React.ReactNode; color: string; testId: string; hint: string }) {
  return (
    <Tooltip label={hint} multiline w={280} openDelay={400}>
      <Paper withBorder p="sm" radius="md" data-testid={testId}>
        <Text size="xs" c="dimmed" tt="uppercase" fw={600}>{title}</Text>
        <Text size="xl" fw={700} c={color} ff="monospace">{value}</Text>
        <Text size="xs" c="dimmed" component="div">{sub}</Text>
      </Paper>
    </Tooltip>
  );
}

const num = (v: number | null | undefined, digits = 4) => (v === null || v === undefined || !Number.isFinite(v) ? '—' : Number(v.toPrecision(digits)).toString());

/** Seed 1.2 metric cards: loss ↓, L0 vs target, dead of total, throughput / memory / GPU; plus EV and the splice eval. */
export function MetricCards({ run, points }: { run: TrainingRecord; points: TrainingMetricPoint[] }) {
  const gpu = useQuery('system.info', {}, { refreshMs: run.status === 'running' ? 5000 : undefined, deps: [run.status] });
  const last = points.at(-1) ?? run.latest;
  const prev = points.length > 5 ? points[points.length - 6] : undefined;
  const falling = last && prev ? last.loss < prev.loss : null;
  const target = run.architecture === 'topk' ? run.hyperparameters.k : null;
  const e = run.latestEval;
  const gpus = gpu.data?.gpu.devices ?? [];
  const util = gpus.find((g) => g.utilizationPercent !== null)?.utilizationPercent ?? null;
  return (
    <SimpleGrid cols={{ base: 2, md: 3, xl: 6 }} spacing="sm">
      <Card
        title="Loss"
        testId="card-loss"
        color="emerald.4"
        value={num(last?.loss)}
        hint="Total loss of the last batch: MSE (squared error summed over d_in, mean over tokens) + λ·L1 (or + AuxK for TopK)."
        sub={
          <Group gap={4}>
            {falling === null ? null : falling ? <IconTrendingDown size={14} color="#34d399" /> : <IconTrendingUp size={14} color="#f87171" />}
            MSE {num(last?.mse, 3)} · L1 {num(last?.l1, 3)}
          </Group>
        }
      />
      <Card title="Explained variance" testId="card-ev" color="cyan.4" value={num(last?.explainedVariance, 3)} hint="1 − Σ‖x − x̂‖² / Σ‖x − x̄‖² over the batch." sub="of the activations' variance" />
      <Card title="L0" testId="card-l0" color="blue.4" value={num(last?.l0, 3)} hint="Mean number of active features per token." sub={target ? `target k = ${target}` : `of ${formatCount(run.dSae)} features`} />
      <Card
        title="Dead features"
        testId="card-dead"
        color="red.4"
        value={last ? `${last.deadFeatures} / ${formatCount(run.dSae)}` : '—'}
        hint={`Features that fired on no token in the last ${formatCount(run.hyperparameters.deadWindowTokens)} tokens. Dense: fire on more than ${run.hyperparameters.denseThreshold * 100}% of tokens.`}
        sub={last ? `${((100 * last.deadFeatures) / Math.max(1, run.dSae)).toFixed(1)}% · dense ${last.denseFeatures}` : undefined}
      />
      <Card
        title="Throughput"
        testId="card-throughput"
        color="violet.4"
        value={last ? `${formatCount(Math.round(last.tokensPerSecond))} tok/s` : '—'}
        hint="Training tokens per second over the last metrics interval (evaluation time excluded); memory = the worker process's resident set."
        sub={`${last ? formatBytes(last.memoryBytes) : ''}${util !== null ? ` · GPU ${util}%` : gpus.length ? '' : ' · no GPU'} · ${run.engine ?? 'engine: starting'}`}
      />
      <Card
        title="CE recovered"
        testId="card-ce"
        color="yellow.4"
        value={e ? num(e.ceLossRecovered, 3) : '—'}
        hint="Splice evaluation on the dataset's validation (else test) text, which extraction and streaming leave out of the training data by default (the run's log says which): (CE zero-ablation − CE with SAE) / (CE zero-ablation − CE clean); KL = mean KL(clean ‖ with SAE) per token, in nats."
        sub={e ? `CE ${num(e.ceClean)} → ${num(e.ceWithSae)} (zero ${num(e.ceZeroAblation)}) · KL ${num(e.klWithSae, 3)}` : 'no splice eval yet'}
      />
    </SimpleGrid>
  );
}
