import { Alert, Anchor, Badge, Button, Checkbox, Group, Loader, Progress, Stack, Text, Title } from '@mantine/core';
import { IconArrowLeft, IconPlayerStop, IconTrash } from '@tabler/icons-react';
import { useState } from 'react';
import type { SweepStatus } from '../../../../shared/types/sweeps';
import { getClient } from '../../../api/client';
import { ConfirmDelete } from '../../../components/ConfirmDelete';
import { notifyError } from '../../../components/notify';
import { formatDateTime } from '../../format';
import { axesText } from './columns';
import { SweepPlots } from './SweepPlots';
import { SweepRunsTable } from './SweepRunsTable';
import { useLiveSweep } from './useSweeps';

export const SWEEP_STATUS_COLORS: Record<SweepStatus, string> = {
  queued: 'gray',
  running: 'emerald',
  completed: 'blue',
  stopped: 'orange',
  failed: 'red',
};

/**
 * A sweep's page (docs/training.md, "Sweeps in the app"): status, the two frontier plots, the
 * run table, Stop and Delete. A dot or a row's Open goes to that run's dashboard (Back returns).
 */
export function SweepPage({
  id,
  onBack,
  onOpenRun,
  onDeleted,
}: {
  id: string;
  onBack: () => void;
  onOpenRun: (trainingId: string) => void;
  /** After Delete sweep: the run list changed too (kept runs lose their sweep badge, or the runs are gone). */
  onDeleted: () => void;
}) {
  const sweep = useLiveSweep(id);
  const [selected, setSelected] = useState<string | null>(null);
  const [deleting, setDeleting] = useState(false);
  const [deleteRuns, setDeleteRuns] = useState(false);
  const [stopping, setStopping] = useState(false);
  const back = (
    <Anchor component="button" type="button" size="sm" onClick={onBack} data-testid="sweep-back">
      <Group gap={4}>
        <IconArrowLeft size={14} /> All sweeps
      </Group>
    </Anchor>
  );
  if (sweep.error && !sweep.data)
    return (
      <Stack gap="sm">
        {back}
        <Alert color="red" title="Could not load this sweep" data-testid="sweep-load-error">
          {sweep.error.message}
        </Alert>
      </Stack>
    );
  const s = sweep.data;
  if (!s)
    return (
      <Group gap="xs">
        <Loader size="xs" /> <Text c="dimmed">Loading the sweep…</Text>
      </Group>
    );
  const active = s.status === 'running' || s.status === 'queued';
  const stop = async () => {
    setStopping(true);
    try {
      await getClient().invoke('sweeps.stop', { id: s.id });
      await sweep.reload();
    } catch (err) {
      notifyError(err, 'Could not stop the sweep');
    } finally {
      setStopping(false);
    }
  };
  return (
    <Stack gap="sm" data-testid="sweep-page">
      {back}
      <Group justify="space-between" align="flex-start">
        <Stack gap={2}>
          <Group gap="xs">
            <Title order={4}>{s.name}</Title>
            <Badge color={SWEEP_STATUS_COLORS[s.status]} data-testid="sweep-status">
              {s.status}
            </Badge>
          </Group>
          <Text size="xs" c="dimmed">
            {s.hook} · {axesText(s.axes, s.runCount, true)} · created {formatDateTime(s.createdAt)}
          </Text>
        </Stack>
        <Group gap="xs">
          {active && (
            <Button
              size="xs"
              variant="light"
              color="red"
              leftSection={<IconPlayerStop size={14} />}
              loading={stopping}
              onClick={() => void stop()}
              data-testid="sweep-stop"
            >
              Stop sweep
            </Button>
          )}
          <Button
            size="xs"
            variant="subtle"
            color="red"
            leftSection={<IconTrash size={14} />}
            disabled={s.status === 'running'}
            title={s.status === 'running' ? 'stop the sweep first: a run is training' : undefined}
            onClick={() => setDeleting(true)}
            data-testid="sweep-delete"
          >
            Delete sweep
          </Button>
        </Group>
      </Group>
      <Group gap="sm" wrap="nowrap">
        <Progress
          value={(100 * s.completedCount) / Math.max(1, s.runCount)}
          flex={1}
          color={SWEEP_STATUS_COLORS[s.status]}
          animated={s.status === 'running'}
          aria-label={`${s.completedCount} of ${s.runCount} runs completed`}
        />
        <Text size="xs" ff="monospace" style={{ whiteSpace: 'nowrap' }} data-testid="sweep-progress">
          {s.completedCount}/{s.runCount} runs done{s.failedCount ? ` · ${s.failedCount} failed` : ''}
        </Text>
      </Group>
      <SweepPlots sweep={s} selectedId={selected} onOpen={onOpenRun} />
      <Text size="xs" c="dimmed">
        Click a dot (or Tab to it and press Enter) to open its run; click a row to find its dots. Ringed dots are on the Pareto frontier: no
        other run is both sparser and better.
      </Text>
      <SweepRunsTable sweep={s} selectedId={selected} onSelect={setSelected} onOpen={onOpenRun} />
      <ConfirmDelete
        item={deleting ? s : null}
        consequence={
          deleteRuns
            ? `The sweep and its ${s.runCount} runs go: their metrics, logs, checkpoints and SAEs are removed from disk.`
            : `The sweep goes; its ${s.runCount} runs stay in the run list as plain runs.`
        }
        extra={
          <Checkbox
            mb="md"
            label={`Also delete its ${s.runCount} runs`}
            checked={deleteRuns}
            onChange={(e) => setDeleteRuns(e.currentTarget.checked)}
            data-testid="sweep-delete-runs"
          />
        }
        remove={(sweepId) => getClient().invoke('sweeps.delete', { id: sweepId, deleteRuns })}
        onClose={() => setDeleting(false)}
        onDeleted={onDeleted}
      />
    </Stack>
  );
}
