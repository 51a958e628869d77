import { Group, Text } from '@mantine/core';
import { gradient, type ScaleKind } from './colour-scales';

/** A colour bar with its end (and, diverging, centre) values. */
export function Legend({ kind, low, high, unit }: { kind: ScaleKind; low: number; high: number; unit: string }) {
  return (
    <Group gap={6} wrap="nowrap" data-testid="colour-legend">
      <Text size="xs" ff="monospace">
        {low.toPrecision(3)}
      </Text>
      <div style={{ width: 160, height: 10, borderRadius: 2, background: gradient(kind) }} />
      <Text size="xs" ff="monospace">
        {high.toPrecision(3)}
      </Text>
      {kind === 'diverging' && (
        <Text size="xs" c="dimmed">
          (white = 0)
        </Text>
      )}
      <Text size="xs" c="dimmed">
        {unit}
      </Text>
    </Group>
  );
}
