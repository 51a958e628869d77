import { Card, SimpleGrid, Stack, Text, Title } from '@mantine/core';
import type { DatasetRecord } from '../../../shared/types/datasets';
import { BarChart } from '../../charts/BarChart';
import { formatCount } from '../format';

function Stat({ label, value }: { label: string; value: string }) {
  return (
    <Card p="md">
      <Text size="xs" c="dimmed" tt="uppercase" fw={700}>
        {label}
      </Text>
      <Text size="lg" fw={700}>
        {value}
      </Text>
    </Card>
  );
}

/** Statistics (docs/datasets.md), computed by a job after tokenization. */
export function StatisticsTab({ dataset }: { dataset: DatasetRecord }) {
  const st = dataset.statistics;
  if (!st) return <Text c="dimmed">Statistics are computed after the dataset is tokenized (Tokenization tab).</Text>;
  const hist = st.lengthHistogram.counts.map((c, i) => ({
    label: `${st.lengthHistogram.edges[i]}–${st.lengthHistogram.edges[i + 1] ?? ''}`,
    value: c,
  }));
  const top = st.topTokens.slice(0, 30).map((t) => ({
    label: tokenLabel(t.text) || `#${t.id}`,
    value: t.count,
    title: `${JSON.stringify(t.text)} (id ${t.id}): ${t.count.toLocaleString()} (${(100 * t.fraction).toFixed(2)} %)`,
  }));
  const splits = Object.entries(st.splits).map(([k, v]) => ({
    label: k,
    value: v.samples,
    title: `${k}: ${v.samples} samples, ${v.tokens.toLocaleString()} tokens`,
  }));
  return (
    <Stack data-testid="dataset-statistics">
      <SimpleGrid cols={{ base: 3, lg: 7 }}>
        <Stat label="Samples" value={formatCount(st.totalSamples)} />
        <Stat label="Tokens" value={formatCount(st.totalTokens)} />
        <Stat label="Avg / sample" value={st.avgTokens.toFixed(1)} />
        <Stat label="Min" value={String(st.minTokens)} />
        <Stat label="Median" value={String(st.medianTokens)} />
        <Stat label="Max" value={String(st.maxTokens)} />
        <Stat label="Unique tokens" value={formatCount(st.uniqueTokens)} />
      </SimpleGrid>
      <SimpleGrid cols={{ base: 1, lg: 2 }}>
        <Card>
          <Title order={5} mb="xs">
            Sequence length (tokens per sample)
          </Title>
          <BarChart data={hist} xLabel="tokens" yLabel="samples" testId="chart-lengths" />
        </Card>
        <Card>
          <Title order={5} mb="xs">
            Top tokens
          </Title>
          <BarChart data={top} yLabel="count" color="#3b82f6" testId="chart-top-tokens" />
        </Card>
      </SimpleGrid>
      <Card>
        <Title order={5} mb="xs">
          Split distribution
        </Title>
        <BarChart data={splits} height={180} yLabel="samples" color="#a855f7" testId="chart-splits" />
      </Card>
    </Stack>
  );
}

/** Token text made visible: leading spaces as ␣, newlines as ↵. */
function tokenLabel(text: string): string {
  return text.replace(/ /g, '␣').replace(/\n/g, '↵').replace(/\t/g, '⇥');
}
