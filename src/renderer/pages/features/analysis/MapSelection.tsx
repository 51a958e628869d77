import { Button, Card, Group, Table, Text, UnstyledButton } from '@mantine/core';
import type { FeatureMapView } from '../../../../shared/types/analysis';
import { formatFrequency } from '../shade';
import type { SelectTool } from './MapCanvas';

const SHOWN = 100;

/** The group a box or lasso selected: how many, their median firing frequency, the first 100 (most frequent first), each opens its feature. */
export function MapSelection({
  map,
  selected,
  tool,
  onOpen,
  onClear,
}: {
  map: FeatureMapView;
  selected: number[];
  tool: SelectTool;
  onOpen: (f: number) => void;
  onClear: () => void;
}) {
  const byFrequency = [...selected].sort((a, b) => map.frequency[b]! - map.frequency[a]! || a - b);
  const freqs = selected.map((i) => map.frequency[i]!).sort((a, b) => a - b);
  const median = freqs.length ? freqs[Math.floor(freqs.length / 2)]! : 0;
  const labelled = selected.filter((i) => map.label[i]).length;
  return (
    <Card withBorder padding="xs" data-testid="map-selection" data-count={selected.length}>
      <Group justify="space-between" wrap="nowrap">
        <Text size="sm" fw={600}>
          {selected.length.toLocaleString()} feature{selected.length === 1 ? '' : 's'} in the {tool}
        </Text>
        <Button size="compact-xs" variant="subtle" onClick={onClear} data-testid="map-selection-clear">
          Clear (Esc)
        </Button>
      </Group>
      {selected.length > 0 && (
        <Text size="xs" c="dimmed">
          median firing {formatFrequency(median)} · {labelled} labelled
        </Text>
      )}
      <Table verticalSpacing={1}>
        <Table.Tbody>
          {byFrequency.slice(0, SHOWN).map((i) => (
            <Table.Tr key={i} data-testid="map-selection-row" data-feature={i}>
              <Table.Td>
                <UnstyledButton ff="monospace" fz="xs" onClick={() => onOpen(i)} aria-label={`Open feature ${i}`}>
                  #{i}
                </UnstyledButton>
              </Table.Td>
              <Table.Td fz="xs">{map.label[i] ?? '—'}</Table.Td>
              <Table.Td fz="xs" ff="monospace">
                {formatFrequency(map.frequency[i]!)}
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
      {selected.length > SHOWN && (
        <Text size="xs" c="dimmed">
          … and {(selected.length - SHOWN).toLocaleString()} more (the {SHOWN} most frequent are listed)
        </Text>
      )}
      {selected.length === 0 && (
        <Text size="xs" c="dimmed">
          No feature inside; draw around some points.
        </Text>
      )}
    </Card>
  );
}
