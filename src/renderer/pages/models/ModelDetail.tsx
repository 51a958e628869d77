import { Card, Group, SimpleGrid, Stack, Table, Text, Title } from '@mantine/core';
import type { ModelRecord } from '../../../shared/types/models';
import { formatBytes, formatCount } from '../format';
import { HookMap } from './HookMap';
import { TryItPanel } from './TryItPanel';

function Fact({ label, value }: { label: string; value: string | number }) {
  return (
    <Stack gap={0}>
      <Text size="xs" c="dimmed" tt="uppercase" fw={700}>
        {label}
      </Text>
      <Text size="sm" fw={500}>
        {value}
      </Text>
    </Stack>
  );
}

/** Architecture, hook map, files and a prompt box for one model. */
export function ModelDetail({ model }: { model: ModelRecord }) {
  const a = model.architecture;
  if (!a) return <Text c="dimmed">{model.status === 'failed' ? model.error : 'Inspecting…'}</Text>;
  return (
    <Stack gap="lg" data-testid="model-detail">
      <Card>
        <Title order={4} mb="md">
          Architecture
        </Title>
        <SimpleGrid cols={{ base: 3, lg: 6 }} spacing="md">
          <Fact label="Family" value={a.family} />
          <Fact label="Layers" value={a.nLayers} />
          <Fact label="d_model" value={a.dModel} />
          <Fact label="Heads (KV)" value={`${a.nHeads} (${a.nKvHeads})`} />
          <Fact label="Head dim" value={a.headDim} />
          <Fact label="d_mlp (ratio)" value={a.dMlp ? `${a.dMlp} (${(a.dMlp / a.dModel).toFixed(2)}×)` : '—'} />
          <Fact label="Vocab" value={a.vocabSize.toLocaleString()} />
          <Fact label="Max positions" value={a.maxPositions ?? '—'} />
          <Fact label="Parameters" value={formatCount(a.parameterCount)} />
          <Fact label="Precision" value={a.dtype} />
          <Fact label="Residual" value={`${a.residual}${a.fusedGraph ? ' (fused)' : ''}`} />
          <Fact label="KV cache" value={a.kvCache ? 'yes' : 'no (recompute)'} />
        </SimpleGrid>
      </Card>
      <SimpleGrid cols={{ base: 1, lg: 2 }} spacing="lg">
        <Card>
          <Title order={4} mb="xs">
            Try it
          </Title>
          <TryItPanel
            modelId={model.id}
            defaultPrompt={model.source === 'bundled' ? 'And God said unto Moses,' : 'The meaning of life is'}
          />
        </Card>
        <Card>
          <Group justify="space-between" mb="xs">
            <Title order={4}>Hook points</Title>
            <Text size="xs" c="dimmed">
              {model.hooks.length} found in the ONNX graph
            </Text>
          </Group>
          <HookMap hooks={model.hooks} nLayers={a.nLayers} />
          {model.hookNotes.map((n) => (
            <Text key={n} size="xs" c="yellow.4" mt={4}>
              {n}
            </Text>
          ))}
          <Title order={5} mt="md" mb={4}>
            Files
          </Title>
          <Table fz="xs">
            <Table.Tbody>
              {model.files.map((f) => (
                <Table.Tr key={f.path}>
                  <Table.Td ff="monospace">{f.path}</Table.Td>
                  <Table.Td ta="right">{formatBytes(f.bytes)}</Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
          <Text size="xs" c="dimmed" mt={4}>
            {model.path}
          </Text>
        </Card>
      </SimpleGrid>
    </Stack>
  );
}
