import { Progress, Table, Text, UnstyledButton } from '@mantine/core';
import type { FeatureNeighbour } from '../../../shared/types/features';

/** Features whose decoder directions point the same way (cosine of W_dec rows); click to open one. */
export function NeighboursTab({ neighbours, onOpen }: { neighbours: FeatureNeighbour[]; onOpen: (featureIndex: number) => void }) {
  if (neighbours.length === 0)
    return (
      <Text c="dimmed" size="sm">
        No neighbours were computed for this feature.
      </Text>
    );
  return (
    <>
      <Text size="xs" c="dimmed" mb="xs">
        Cosine similarity of decoder rows W_dec[f] · W_dec[g] / (‖W_dec[f]‖ ‖W_dec[g]‖): features that write (nearly) the same direction
        into the residual stream.
      </Text>
      <Table highlightOnHover verticalSpacing={4} data-testid="neighbours-tab">
        <Table.Thead>
          <Table.Tr>
            <Table.Th w={90}>Feature</Table.Th>
            <Table.Th>Label</Table.Th>
            <Table.Th w={220}>Cosine</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {neighbours.map((n) => (
            <Table.Tr key={n.featureIndex} style={{ cursor: 'pointer' }} onClick={() => onOpen(n.featureIndex)} data-testid="neighbour-row">
              <Table.Td>
                <UnstyledButton ff="monospace" fz="sm" c="emerald.3">
                  #{n.featureIndex}
                </UnstyledButton>
              </Table.Td>
              <Table.Td>
                <Text size="sm" c={n.label ? undefined : 'dimmed'}>
                  {n.label ?? 'unlabelled'}
                </Text>
              </Table.Td>
              <Table.Td>
                <Text size="xs" ff="monospace" component="span" mr={6}>
                  {n.cosine.toFixed(3)}
                </Text>
                <Progress
                  value={Math.abs(n.cosine) * 100}
                  size="sm"
                  display="inline-block"
                  w={120}
                  color={n.cosine >= 0 ? 'emerald' : 'red'}
                />
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </>
  );
}
