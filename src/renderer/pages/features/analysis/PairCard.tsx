import { Button, Card, Group, SimpleGrid, Stack, Text } from '@mantine/core';
import { useQuery } from '../../../api/hooks';
import { formatFrequency, visibleToken } from '../shade';

function One({ saeId, f, onOpen }: { saeId: string; f: number; onOpen: (f: number) => void }) {
  const q = useQuery('features.get', { saeId, featureIndex: f }, { deps: [saeId, f] });
  const d = q.data;
  return (
    <Stack gap={2} data-testid="pair-feature" data-feature={f}>
      <Group justify="space-between">
        <Text fw={700} ff="monospace">
          #{f}
        </Text>
        <Button size="compact-xs" variant="light" onClick={() => onOpen(f)} data-testid="pair-open">
          Open
        </Button>
      </Group>
      <Text size="sm">{d ? (d.label ?? d.suggestedLabel ?? 'unlabelled') : q.error ? q.error.message : '…'}</Text>
      {d && (
        <Text size="xs" c="dimmed">
          fires on {formatFrequency(d.frequency)} · top tokens{' '}
          {d.topTokens
            .slice(0, 5)
            .map((t) => JSON.stringify(visibleToken(t)))
            .join(', ')}
        </Text>
      )}
      {d && d.logitLens.positive.length > 0 && (
        <Text size="xs" c="dimmed">
          promotes{' '}
          {d.logitLens.positive
            .slice(0, 5)
            .map((t) => JSON.stringify(visibleToken(t.token)))
            .join(', ')}
        </Text>
      )}
    </Stack>
  );
}

/** The two features of a heatmap cell side by side, each with a link to its dashboard. */
export function PairCard({
  saeId,
  a,
  b,
  r,
  onOpen,
}: {
  saeId: string;
  a: number;
  b: number;
  r: number | null;
  onOpen: (f: number) => void;
}) {
  return (
    <Card withBorder data-testid="pair-card">
      <Text size="sm" fw={600} mb={4}>
        Pair #{a} × #{b}
        {r !== null ? ` · r = ${r.toFixed(3)}` : ''}
      </Text>
      <SimpleGrid cols={2}>
        <One saeId={saeId} f={a} onOpen={onOpen} />
        <One saeId={saeId} f={b} onOpen={onOpen} />
      </SimpleGrid>
    </Card>
  );
}
