import { Alert, Button, Card, Group, Progress, SimpleGrid, Stack, Table, Text, Title } from '@mantine/core';
import { IconStethoscope } from '@tabler/icons-react';
import { useState } from 'react';
import { getClient } from '../api/client';
import { useQuery } from '../api/hooks';
import { isActive, useJobs } from '../api/useJobs';
import { JobRow } from '../components/JobRow';
import { notifyError } from '../components/notify';
import { DoctorCard } from './DoctorCard';
import { formatBytes } from './format';
import { PageHeader } from './PageHeader';
import { isJobOf } from '../../shared/types/jobs';

function Meter({ label, used, total, detail }: { label: string; used: number; total: number; detail: string }) {
  const pct = total > 0 ? (100 * used) / total : 0;
  return (
    <Card>
      <Text size="xs" tt="uppercase" c="dimmed" fw={700}>
        {label}
      </Text>
      <Text size="xl" fw={700} mt={4}>
        {pct.toFixed(0)}%
      </Text>
      <Progress value={pct} mt="xs" color={pct > 90 ? 'red' : pct > 70 ? 'yellow' : 'emerald'} />
      <Text size="xs" c="dimmed" mt={6}>
        {detail}
      </Text>
    </Card>
  );
}

export function SystemPage() {
  const info = useQuery('system.info', {}, { refreshMs: 3000 });
  const jobs = useJobs(50);
  const active = jobs.filter(isActive);
  const lastSelfTest = jobs.find((j) => isJobOf(j, 'system.selftest'));
  const [starting, setStarting] = useState(false);
  const runSelfTest = async () => {
    setStarting(true);
    try {
      await getClient().invoke('system.runSelfTest', {});
    } catch (err) {
      notifyError(err, 'Self-test did not start');
    } finally {
      setStarting(false);
    }
  };
  const s = info.data;
  return (
    <>
      <PageHeader
        title="System"
        description="This machine's resources, GPUs, compute backends and the jobs running now."
        actions={
          <Button
            leftSection={<IconStethoscope size={16} />}
            onClick={() => void runSelfTest()}
            loading={starting}
            data-testid="run-self-test"
          >
            Run doctor self-test
          </Button>
        }
      />
      {info.error && (
        <Alert color="red" title="System information unavailable" mb="md">
          {info.error.message}
        </Alert>
      )}
      {s && (
        <SimpleGrid cols={{ base: 2, lg: 4 }} mb="lg">
          <Meter
            label="CPU"
            used={s.cpu.usagePercent}
            total={100}
            detail={`${s.cpu.cores} cores · ${s.cpu.model} · load ${s.cpu.loadAverage1m.toFixed(2)}`}
          />
          <Meter
            label="Memory"
            used={s.memory.totalBytes - s.memory.freeBytes}
            total={s.memory.totalBytes}
            detail={`${formatBytes(s.memory.totalBytes - s.memory.freeBytes)} of ${formatBytes(s.memory.totalBytes)} · miStudio ${formatBytes(s.memory.processRssBytes)}`}
          />
          {s.disk ? (
            <Meter
              label="Disk (data dir)"
              used={s.disk.totalBytes - s.disk.freeBytes}
              total={s.disk.totalBytes}
              detail={`${formatBytes(s.disk.freeBytes)} free · ${s.disk.path}`}
            />
          ) : (
            <Card>
              <Text size="sm" c="dimmed">
                Disk usage of the data dir is unavailable.
              </Text>
            </Card>
          )}
          <Card data-testid="gpu-card">
            <Text size="xs" tt="uppercase" c="dimmed" fw={700}>
              GPU
            </Text>
            {s.gpu.devices.length === 0 ? (
              <Text size="sm" mt={6}>
                {s.gpu.note}
              </Text>
            ) : (
              s.gpu.devices.map((g) => (
                <Stack key={g.name} gap={2} mt={6}>
                  <Text size="sm" fw={600}>
                    {g.name}
                  </Text>
                  <Text size="xs" c="dimmed">
                    {g.utilizationPercent ?? '?'}% util · {g.memoryUsedMiB ?? '?'}/{g.memoryTotalMiB ?? '?'} MiB · {g.temperatureC ?? '?'}{' '}
                    °C
                  </Text>
                </Stack>
              ))
            )}
          </Card>
        </SimpleGrid>
      )}
      <SimpleGrid cols={{ base: 1, lg: 2 }} spacing="lg">
        <Card>
          <Title order={4} mb="sm">
            Active jobs
          </Title>
          {active.length === 0 ? (
            <Text size="sm" c="dimmed">
              No jobs running. Downloads, tokenization, extraction and training show here with progress and controls.
            </Text>
          ) : (
            <Stack>
              {active.map((j) => (
                <JobRow key={j.id} job={j} />
              ))}
            </Stack>
          )}
          {lastSelfTest && !isActive(lastSelfTest) && (
            <>
              <Title order={5} mt="lg" mb="xs">
                Last self-test: {lastSelfTest.status}
              </Title>
              <Table fz="xs" data-testid="self-test-checks">
                <Table.Tbody>
                  {(lastSelfTest.result?.checks ?? []).map((c) => (
                    <Table.Tr key={c.name}>
                      <Table.Td c={c.passed ? 'emerald.4' : 'red.4'}>{c.passed ? 'PASS' : 'FAIL'}</Table.Td>
                      <Table.Td>{c.name}</Table.Td>
                      <Table.Td c="dimmed">{c.detail}</Table.Td>
                    </Table.Tr>
                  ))}
                </Table.Tbody>
              </Table>
            </>
          )}
        </Card>
        <DoctorCard />
      </SimpleGrid>
      {s && (
        <Group mt="md" gap="lg">
          <Text size="xs" c="dimmed">
            miStudio {s.versions.app} · Node {s.versions.node}
            {s.versions.electron ? ` · Electron ${s.versions.electron}` : ' · serve mode'} · {s.platform} {s.arch} · data dir {s.dataDir}
          </Text>
        </Group>
      )}
    </>
  );
}
