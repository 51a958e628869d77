import { Badge, Card, Group, Loader, Stack, Table, Text, Title } from '@mantine/core';
import type { BackendProbe } from '../../shared/types/system';
import { useQuery } from '../api/hooks';

function Probes({ probes }: { probes: BackendProbe[] }) {
  return (
    <Table fz="xs" verticalSpacing={4}>
      <Table.Tbody>
        {probes.map((p) => (
          <Table.Tr key={p.name}>
            <Table.Td w={230} style={{ whiteSpace: 'nowrap' }}>
              <Badge size="xs" variant="light" color={p.loaded ? 'emerald' : 'gray'} mr={6}>
                {p.loaded ? 'loads' : 'no'}
              </Badge>
              {p.name.replace('@tensorflow/', '')}
            </Table.Td>
            <Table.Td c="dimmed">{p.detail}</Table.Td>
          </Table.Tr>
        ))}
      </Table.Tbody>
    </Table>
  );
}

/** The doctor report: which compute backends load here and why the faster ones did not. */
export function DoctorCard() {
  const { data, error, loading } = useQuery('system.doctor', {});
  return (
    <Card data-testid="doctor-card">
      <Group justify="space-between" mb="sm">
        <Title order={4}>Doctor</Title>
        {data && (
          <Badge variant="light">
            DB schema {data.database.appliedMigrations}/{data.database.shippedMigrations}
          </Badge>
        )}
      </Group>
      {loading && <Loader size="sm" />}
      {error && (
        <Text c="red.4" size="sm">
          {error.message}
        </Text>
      )}
      {data && (
        <Stack gap="xs">
          <Text size="sm">
            TensorFlow.js backend: <b>{data.tfjs.selected ?? 'none'}</b>
          </Text>
          <Probes probes={data.tfjs.probes} />
          <Text size="sm">ONNX Runtime {data.onnxRuntime.version ?? '(not loaded)'} execution providers</Text>
          <Probes probes={data.onnxRuntime.executionProviders} />
          <Text size="sm" data-testid="doctor-training-engine">
            SAE training engine: <b>{data.trainingEngine.selected === 'ort' ? 'ONNX Runtime' : 'TensorFlow.js'}</b>{' '}
            <Text span size="xs" c="dimmed">
              (setting {data.trainingEngine.setting}: {data.trainingEngine.reason})
            </Text>
          </Text>
        </Stack>
      )}
    </Card>
  );
}
