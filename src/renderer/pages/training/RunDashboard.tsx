import { Alert, Anchor, Badge, Button, Group, Progress, SimpleGrid, Stack, Text, Title } from '@mantine/core';
import { IconPlayerPause, IconPlayerPlay, IconPlayerStop, IconRotateClockwise, IconTrash } from '@tabler/icons-react';
import { useState } from 'react';
import type { TrainingRecord, TrainingStatus } from '../../../shared/types/training';
import { getClient } from '../../api/client';
import { ConfirmDelete } from '../../components/ConfirmDelete';
import { notifyError } from '../../components/notify';
import { RunFeaturesLinks } from '../features/RunFeaturesLinks';
import { TrainingExports } from '../exports/OwnerExports';
import { CheckpointManager } from './CheckpointManager';
import { LogViewer } from './LogViewer';
import { sparsityLabel } from '../../../shared/sae-architectures';
import { MetricCards } from './MetricCards';
import { TrainingCharts } from './TrainingCharts';
import { useTrainingRun } from './useTrainingRun';
import { openTraining } from './route';

export const STATUS_COLORS: Record<TrainingStatus, string> = {
  queued: 'gray',
  running: 'emerald',
  paused: 'yellow',
  completed: 'blue',
  failed: 'red',
  cancelled: 'orange',
  interrupted: 'orange',
};
export const STATUS_LABELS: Record<TrainingStatus, string> = {
  queued: 'queued',
  running: 'training',
  paused: 'paused',
  completed: 'completed',
  failed: 'failed',
  cancelled: 'stopped',
  interrupted: 'interrupted',
};

/** Run controls (docs/training.md, "Runs in the app"): pause (checkpoints first), resume, stop (keeps a checkpoint), retry a failed run. */
function Controls({ run, onDeleted }: { run: TrainingRecord; onDeleted: () => void }) {
  const [deleting, setDeleting] = useState(false);
  const call = (method: 'training.pause' | 'training.resume' | 'training.stop' | 'training.retry') =>
    getClient()
      .invoke(method, { id: run.id })
      .catch((err: unknown) => notifyError(err));
  const s = run.status;
  return (
    <Group gap="xs">
      {s === 'running' && (
        <Button
          size="xs"
          variant="light"
          color="yellow"
          leftSection={<IconPlayerPause size={14} />}
          onClick={() => void call('training.pause')}
          data-testid="run-pause"
        >
          Pause
        </Button>
      )}
      {(s === 'paused' || s === 'interrupted' || s === 'cancelled') && (
        <Button
          size="xs"
          variant="light"
          color="emerald"
          leftSection={<IconPlayerPlay size={14} />}
          onClick={() => void call('training.resume')}
          data-testid="run-resume"
        >
          Resume
        </Button>
      )}
      {(s === 'running' || s === 'paused' || s === 'queued') && (
        <Button
          size="xs"
          variant="light"
          color="red"
          leftSection={<IconPlayerStop size={14} />}
          onClick={() => void call('training.stop')}
          data-testid="run-stop"
        >
          Stop
        </Button>
      )}
      {s === 'failed' && (
        <Button
          size="xs"
          variant="light"
          leftSection={<IconRotateClockwise size={14} />}
          onClick={() => void call('training.retry')}
          data-testid="run-retry"
        >
          Retry from last checkpoint
        </Button>
      )}
      {!['running', 'paused', 'queued'].includes(s) && (
        <Button size="xs" variant="subtle" color="red" leftSection={<IconTrash size={14} />} onClick={() => setDeleting(true)}>
          Delete
        </Button>
      )}
      <ConfirmDelete
        item={deleting ? run : null}
        consequence="The run's metrics, logs and every checkpoint (SAE weights) are removed from disk."
        remove={(id) => getClient().invoke('training.delete', { id })}
        onClose={() => setDeleting(false)}
        onDeleted={onDeleted}
      />
    </Group>
  );
}

export function RunDashboard({ id, onSelect }: { id: string; onSelect: (id: string | null) => void }) {
  const { run, points, density } = useTrainingRun(id);
  if (!run) return <Text c="dimmed">Loading…</Text>;
  const hp = run.hyperparameters;
  return (
    <Stack gap="sm" data-testid="run-dashboard">
      <Group justify="space-between" align="flex-start">
        <Stack gap={2}>
          <Group gap="xs">
            <Title order={4}>{run.name}</Title>
            <Badge color={STATUS_COLORS[run.status]} data-testid="run-status">
              {STATUS_LABELS[run.status]}
            </Badge>
            {run.sweepId && (
              <Anchor size="xs" onClick={() => openTraining({ sweepId: run.sweepId })} data-testid="run-sweep-link">
                part of a sweep: open it
              </Anchor>
            )}
          </Group>
          <Text size="xs" c="dimmed">
            {run.hook} · {sparsityLabel(hp)} · {run.dIn}→{run.dSae} · lr {hp.learningRate} {hp.optimizer} {hp.lrSchedule} · batch{' '}
            {hp.batchSize} · {run.config.source.kind === 'model' ? 'streamed from the model' : 'activation set'} ·{' '}
            {run.engine ?? 'engine chosen at start'}
          </Text>
        </Stack>
        <Group gap="xs">
          <RunFeaturesLinks run={run} />
          <Controls run={run} onDeleted={() => onSelect(null)} />
        </Group>
      </Group>
      <Group gap="sm" wrap="nowrap">
        <Progress
          value={(100 * run.currentStep) / run.totalSteps}
          flex={1}
          animated={run.status === 'running'}
          color={STATUS_COLORS[run.status]}
          aria-label={`training progress: step ${run.currentStep} of ${run.totalSteps}`}
        />
        <Text size="xs" ff="monospace" data-testid="run-step" style={{ whiteSpace: 'nowrap' }}>
          step {run.currentStep} / {run.totalSteps}
        </Text>
      </Group>
      {run.status === 'completed' && (
        <Text size="xs" c="dimmed" data-testid="next-steps">
          Next:{' '}
          <Anchor href="#/features" size="xs">
            find what its features respond to (Features)
          </Anchor>{' '}
          →{' '}
          <Anchor href="#/steering" size="xs">
            steer generation with them (Steering)
          </Anchor>
        </Text>
      )}
      {run.error && (
        <Alert color={run.status === 'failed' ? 'red' : 'orange'} data-testid="run-error">
          {run.error}
        </Alert>
      )}
      <MetricCards run={run} points={points} />
      <TrainingCharts run={run} points={points} density={density} />
      <SimpleGrid cols={{ base: 1, lg: 2 }} spacing="sm">
        <LogViewer trainingId={run.id} />
        <CheckpointManager run={run} onBranched={(t) => onSelect(t.id)} />
      </SimpleGrid>
      <TrainingExports run={run} />
    </Stack>
  );
}
