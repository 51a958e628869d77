import { Group, Stack, Switch, Text } from '@mantine/core';
import { useState } from 'react';
import type { FeatureDetail } from '../../../shared/types/features';
import { LogBinHistogram } from '../../charts/LogBinHistogram';
import { formatCount } from '../format';
import { formatActivation } from './shade';

/** The activation distribution over the pass's firing tokens, on log-spaced bins. */
export function HistogramTab({ f }: { f: FeatureDetail }) {
  const [logCounts, setLogCounts] = useState(true);
  const { edges, counts } = f.histogram;
  const total = counts.reduce((a, b) => a + b, 0);
  if (total === 0)
    return (
      <Text c="dimmed" size="sm">
        This feature fired on no token of the pass: nothing to histogram.
      </Text>
    );
  return (
    <Stack gap="xs" data-testid="histogram-tab">
      <Group justify="space-between">
        <Text size="xs" c="dimmed">
          {formatCount(total)} firing tokens of {formatCount(f.passTokens)} · {counts.length} log-spaced bins from{' '}
          {formatActivation(edges[0] ?? 0)} to {formatActivation(edges.at(-1) ?? 0)}
        </Text>
        <Switch size="xs" label="log counts" checked={logCounts} onChange={(e) => setLogCounts(e.currentTarget.checked)} />
      </Group>
      <LogBinHistogram
        edges={edges}
        counts={counts}
        logCounts={logCounts}
        xLabel="activation (log scale)"
        yLabel="tokens"
        formatEdge={formatActivation}
        testId="feature-histogram"
      />
    </Stack>
  );
}
