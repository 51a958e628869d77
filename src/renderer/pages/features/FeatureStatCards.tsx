import { Badge, Paper, SimpleGrid, Text, Tooltip } from '@mantine/core';
import type { ReactNode } from 'react';
import { DENSITY_THRESHOLDS, INTERPRETABILITY_PROXY, type DensityBucket, type FeatureDetail } from '../../../shared/types/features';
import { formatCount } from '../format';
import { formatActivation, formatFrequency } from './shade';

export const DENSITY_COLORS: Record<DensityBucket, string> = { dead: 'gray', 'ultra-low': 'yellow', normal: 'emerald', dense: 'red' };

/** The density buckets' definitions in words, from the one set of thresholds the pass uses. */
export function densityRule(bucket: DensityBucket): string {
  const lo = formatFrequency(DENSITY_THRESHOLDS.ultraLowBelow);
  const hi = formatFrequency(DENSITY_THRESHOLDS.denseAbove);
  switch (bucket) {
    case 'dead':
      return 'fired on no token of the pass';
    case 'ultra-low':
      return `fires on fewer than ${lo} of tokens`;
    case 'dense':
      return `fires on more than ${hi} of tokens`;
    default:
      return `fires on ${lo}–${hi} of tokens`;
  }
}

function Stat({ title, value, sub, hint, testId }: { title: string; value: ReactNode; sub: ReactNode; hint: string; testId: string }) {
  return (
    <Tooltip label={hint} multiline w={300} openDelay={300}>
      <Paper withBorder p="sm" radius="md" data-testid={testId}>
        <Text size="xs" c="dimmed" tt="uppercase" fw={600}>
          {title}
        </Text>
        <Text size="lg" fw={700} ff="monospace" component="div">
          {value}
        </Text>
        <Text size="xs" c="dimmed" component="div">
          {sub}
        </Text>
      </Paper>
    </Tooltip>
  );
}

/** Stat cards (docs/features.md): frequency, max, mean, the named proxy, and the density bucket with its rule. */
export function FeatureStatCards({ f }: { f: FeatureDetail }) {
  return (
    <SimpleGrid cols={{ base: 2, md: 3, xl: 5 }} spacing="sm">
      <Stat
        title="Frequency"
        testId="stat-frequency"
        value={formatFrequency(f.frequency)}
        sub={`${formatCount(f.firingCount)} of ${formatCount(f.passTokens)} tokens`}
        hint="Fraction of the feature pass's tokens on which the feature's activation was > 0."
      />
      <Stat
        title="Max activation"
        testId="stat-max"
        value={formatActivation(f.maxActivation)}
        sub="over every token of the pass"
        hint="The largest activation of this feature over the pass (SAE activation units)."
      />
      <Stat
        title="Mean activation"
        testId="stat-mean"
        value={formatActivation(f.meanActivation)}
        sub="over firing tokens only"
        hint="Mean activation over the tokens where it fired (zeros excluded)."
      />
      <Stat
        title={INTERPRETABILITY_PROXY.name}
        testId="stat-proxy"
        value={f.proxy === null ? '—' : f.proxy.toFixed(2)}
        sub="interpretability proxy, 0–1"
        hint={INTERPRETABILITY_PROXY.definition}
      />
      <Stat
        title="Density"
        testId="stat-density"
        value={
          <Badge color={DENSITY_COLORS[f.densityBucket]} variant="light" size="lg">
            {f.densityBucket}
          </Badge>
        }
        sub={densityRule(f.densityBucket)}
        hint={`dead: no token; ultra-low: < ${formatFrequency(DENSITY_THRESHOLDS.ultraLowBelow)}; dense: > ${formatFrequency(DENSITY_THRESHOLDS.denseAbove)} of tokens; normal: in between.`}
      />
    </SimpleGrid>
  );
}
