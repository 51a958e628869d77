import { Anchor, Badge, Group, Paper, Stack, Text, Title } from '@mantine/core';
import { useState } from 'react';
import type { ContextSource, FeatureContext, FeatureExamples } from '../../../shared/types/features';
import { ActivationTokens } from './ActivationTokens';
import { formatActivation, visibleToken } from './shade';
import { SourceSampleModal } from './SourceSampleModal';

const percentOfMax = (v: number, max: number) => ((100 * v) / max).toFixed(v / max < 0.01 ? 2 : 0);

function ContextCard({
  c,
  rank,
  scale,
  onSource,
}: {
  c: FeatureContext;
  rank: string;
  scale: number;
  onSource: (s: ContextSource) => void;
}) {
  const [hover, setHover] = useState<number | null>(null);
  const shown = hover ?? c.peakIndex;
  return (
    <Paper withBorder p="xs" radius="sm" data-testid="feature-example">
      <Group justify="space-between" mb={2} gap="xs" wrap="nowrap">
        <Group gap={8} wrap="nowrap">
          <Text size="xs" c="dimmed" ff="monospace">
            {rank}
          </Text>
          <Text size="xs" c="emerald.3" ff="monospace">
            max {formatActivation(c.peakActivation)}
          </Text>
          <Text size="xs" c="dimmed" ff="monospace" data-testid="example-hover">
            {JSON.stringify(visibleToken(c.tokens[shown] ?? ''))} = {formatActivation(c.activations[shown] ?? 0)}
          </Text>
        </Group>
        {c.source.sampleOrdinal !== null ? (
          <Anchor size="xs" onClick={() => onSource(c.source)} data-testid="example-source">
            sample #{c.source.sampleOrdinal}
          </Anchor>
        ) : (
          <Text size="xs" c="dimmed" title="This token window spans several samples (concatenated tokenization)">
            window #{c.source.windowIndex}
          </Text>
        )}
      </Group>
      <ActivationTokens tokens={c.tokens} activations={c.activations} scale={scale} peakIndex={c.peakIndex} onHover={setHover} />
    </Paper>
  );
}

/**
 * Examples (docs/features.md, "The feature pass"): the top-k max-activating contexts, then sae_vis-style quantile groups so weak
 * activations are visible too. Every shade uses the feature's max over the pass as its scale.
 */
export function ExamplesTab({ examples, maxActivation }: { examples: FeatureExamples; maxActivation: number }) {
  const [source, setSource] = useState<ContextSource | null>(null);
  const scale = maxActivation > 0 ? maxActivation : 1;
  if (examples.top.length === 0)
    return (
      <Text c="dimmed" size="sm">
        This feature fired on no token of the pass: no examples.
      </Text>
    );
  return (
    <Stack gap="md" data-testid="examples-tab">
      <Stack gap={6}>
        <Group justify="space-between">
          <Title order={5}>Top activations</Title>
          <Text size="xs" c="dimmed">
            {examples.top.length} contexts, highest first · hover a token for its activation
          </Text>
        </Group>
        {examples.top.map((c, i) => (
          <ContextCard key={`top-${i}`} c={c} rank={`#${i + 1}`} scale={scale} onSource={setSource} />
        ))}
      </Stack>
      {[...examples.quantiles]
        .sort((a, b) => b.high - a.high)
        .map((g, gi) => (
          <Stack gap={6} key={`q-${gi}`} data-testid="quantile-group">
            <Group justify="space-between">
              <Group gap="xs">
                <Title order={6}>
                  Interval {formatActivation(g.low)} – {formatActivation(g.high)}
                </Title>
                <Badge size="xs" variant="light" color="gray">
                  {percentOfMax(g.low, scale)}–{percentOfMax(Math.min(g.high, scale), scale)}% of max
                </Badge>
              </Group>
              <Text size="xs" c="dimmed">
                {g.contexts.length} sampled of {g.population.toLocaleString()} firing tokens in this interval
              </Text>
            </Group>
            {g.contexts.map((c, i) => (
              <ContextCard key={`q-${gi}-${i}`} c={c} rank={`${gi + 1}.${i + 1}`} scale={scale} onSource={setSource} />
            ))}
          </Stack>
        ))}
      <SourceSampleModal source={source} onClose={() => setSource(null)} />
    </Stack>
  );
}
