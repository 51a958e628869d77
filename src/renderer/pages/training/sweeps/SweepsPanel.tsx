import { Alert, Badge, Group, Loader, Progress, Table, Text } from '@mantine/core';
import { IconGridDots } from '@tabler/icons-react';
import type { KeyboardEvent } from 'react';
import type { SweepRecord } from '../../../../shared/types/sweeps';
import type { Query } from '../../../api/hooks';
import { EmptyState } from '../../../components/EmptyState';
import { formatDateTime } from '../../format';
import { axesText } from './columns';
import { SWEEP_STATUS_COLORS, SweepPage } from './SweepPage';

function SweepList({ sweeps, onOpen }: { sweeps: SweepRecord[]; onOpen: (id: string) => void }) {
  const key = (id: string) => (e: KeyboardEvent) => {
    if (e.key === 'Enter' || e.key === ' ') {
      e.preventDefault();
      onOpen(id);
    }
  };
  return (
    <Table highlightOnHover verticalSpacing="xs" data-testid="sweep-list">
      <Table.Thead>
        <Table.Tr>
          <Table.Th>Sweep</Table.Th>
          <Table.Th>Grid</Table.Th>
          <Table.Th>Status</Table.Th>
          <Table.Th w={220}>Runs done</Table.Th>
          <Table.Th>Created</Table.Th>
        </Table.Tr>
      </Table.Thead>
      <Table.Tbody>
        {sweeps.map((s) => (
          <Table.Tr
            key={s.id}
            onClick={() => onOpen(s.id)}
            onKeyDown={key(s.id)}
            tabIndex={0}
            style={{ cursor: 'pointer' }}
            data-testid="sweep-row"
          >
            <Table.Td>
              <Text size="sm" fw={600}>
                {s.name}
              </Text>
              <Text size="xs" c="dimmed">
                {s.hook}
              </Text>
            </Table.Td>
            <Table.Td>
              <Text size="xs">{axesText(s.axes, s.runCount, false)}</Text>
            </Table.Td>
            <Table.Td>
              <Badge size="sm" color={SWEEP_STATUS_COLORS[s.status]} data-testid="sweep-row-status">
                {s.status}
              </Badge>
            </Table.Td>
            <Table.Td>
              <Group gap="xs" wrap="nowrap">
                <Progress
                  value={(100 * s.completedCount) / Math.max(1, s.runCount)}
                  flex={1}
                  size="sm"
                  color={SWEEP_STATUS_COLORS[s.status]}
                  aria-label={`${s.completedCount} of ${s.runCount} runs completed`}
                />
                <Text size="xs" ff="monospace" style={{ whiteSpace: 'nowrap' }} data-testid="sweep-row-done">
                  {s.completedCount}/{s.runCount}
                  {s.failedCount ? ` · ${s.failedCount} failed` : ''}
                </Text>
              </Group>
            </Table.Td>
            <Table.Td>
              <Text size="xs">{formatDateTime(s.createdAt)}</Text>
            </Table.Td>
          </Table.Tr>
        ))}
      </Table.Tbody>
    </Table>
  );
}

/** The Training tab's "Sweeps" view: the list of sweeps, or one sweep's page (docs/training.md, "Sweeps in the app"). */
export function SweepsPanel({
  sweeps,
  sweepId,
  onOpenSweep,
  onOpenRun,
  onSweepDeleted,
}: {
  sweeps: Query<SweepRecord[]>;
  /** The open sweep (from the route); null shows the list. */
  sweepId: string | null;
  onOpenSweep: (id: string | null) => void;
  onOpenRun: (trainingId: string) => void;
  onSweepDeleted: () => void;
}) {
  if (sweepId)
    return <SweepPage key={sweepId} id={sweepId} onBack={() => onOpenSweep(null)} onOpenRun={onOpenRun} onDeleted={onSweepDeleted} />;
  if (sweeps.error && !sweeps.data)
    return (
      <Alert color="red" title="Could not list the sweeps">
        {sweeps.error.message}
      </Alert>
    );
  if (!sweeps.data)
    return (
      <Group gap="xs">
        <Loader size="xs" /> <Text c="dimmed">Loading sweeps…</Text>
      </Group>
    );
  if (!sweeps.data.length)
    return (
      <EmptyState icon={<IconGridDots size={28} />} title="No sweeps yet">
        A sweep trains one SAE per point of a grid — e.g. TopK k ∈ {'{'}16, 32, 64{'}'} × two learning rates — queued one after another,
        then plots L0 against explained variance and ΔCE with the Pareto frontier. Open <b>New training</b>, set up the base run, and turn
        on <b>Sweep</b>.
      </EmptyState>
    );
  return <SweepList sweeps={sweeps.data} onOpen={onOpenSweep} />;
}
