import { ActionIcon, Button, Group, Menu, NumberInput, Paper, Popover, Stack, Table, Text, Tooltip } from '@mantine/core';
import { IconDeviceFloppy, IconGitBranch, IconPlayerPlay, IconTrash } from '@tabler/icons-react';
import { useState } from 'react';
import type { CheckpointInfo, TrainingRecord } from '../../../shared/types/training';
import { getClient } from '../../api/client';
import { useEvent, useQuery } from '../../api/hooks';
import { notifyError, notifySuccess } from '../../components/notify';
import { UseCheckpointButton } from '../features/UseCheckpointButton';
import { formatBytes, formatDateTime } from '../format';

const ACTIVE = ['queued', 'running', 'paused'];

/** Checkpoints (docs/training.md): save now, auto-save interval, list (step, loss, time, size), continue / branch from, delete. */
export function CheckpointManager({ run, onBranched }: { run: TrainingRecord; onBranched: (t: TrainingRecord) => void }) {
  const cps = useQuery('training.checkpoints', { id: run.id }, { deps: [run.id] });
  useEvent('training.changed', (e) => e.id === run.id && void cps.reload());
  const act = async (p: Promise<unknown>, ok?: string) => {
    try {
      await p;
      if (ok) notifySuccess(ok);
      await cps.reload();
    } catch (err) {
      notifyError(err);
    }
  };
  const list = [...(cps.data ?? [])].reverse();
  const active = ACTIVE.includes(run.status);
  const load = async (cp: CheckpointInfo, mode: 'continue' | 'branch', totalSteps?: number) => {
    try {
      const t = await getClient().invoke('training.loadCheckpoint', { checkpointId: cp.id, mode, ...(totalSteps ? { totalSteps } : {}) });
      if (mode === 'branch') onBranched(t);
      notifySuccess(mode === 'branch' ? `Branched "${t.name}" from step ${cp.step}` : `Continuing from step ${cp.step}`);
    } catch (err) {
      notifyError(err, 'Could not load the checkpoint');
    }
  };
  return (
    <Paper withBorder radius="md" p="sm" data-testid="checkpoints">
      <Group justify="space-between" mb={6}>
        <Stack gap={0}>
          <Text size="sm" fw={600}>
            Checkpoints
          </Text>
          <Text size="xs" c="dimmed">
            SAELens folders (cfg.json + sae_weights.safetensors) + trainer state · auto-save{' '}
            {run.config.checkpointEvery > 0 ? `every ${run.config.checkpointEvery} steps` : 'at the end only'}, and on pause / stop
          </Text>
        </Stack>
        <Button
          size="xs"
          leftSection={<IconDeviceFloppy size={14} />}
          disabled={run.status !== 'running'}
          onClick={() =>
            void act(getClient().invoke('training.saveCheckpoint', { id: run.id }), 'A checkpoint is written at the next step')
          }
          data-testid="save-checkpoint"
        >
          Save now
        </Button>
      </Group>
      {list.length === 0 ? (
        <Text size="xs" c="dimmed">
          No checkpoints yet.
        </Text>
      ) : (
        <Table.ScrollContainer minWidth={480} mah={240}>
          <Table striped highlightOnHover verticalSpacing={4} fz="xs">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>Step</Table.Th>
                <Table.Th>Loss</Table.Th>
                <Table.Th>Saved</Table.Th>
                <Table.Th>Size</Table.Th>
                <Table.Th />
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {list.map((cp) => (
                <Table.Tr key={cp.id} data-testid="checkpoint-row">
                  <Table.Td ff="monospace">{cp.step}</Table.Td>
                  <Table.Td ff="monospace">{cp.loss === null ? '—' : cp.loss.toPrecision(5)}</Table.Td>
                  <Table.Td>{formatDateTime(cp.createdAt)}</Table.Td>
                  <Table.Td>{formatBytes(cp.sizeBytes)}</Table.Td>
                  <Table.Td>
                    <Group gap={4} justify="flex-end" wrap="nowrap">
                      <UseCheckpointButton checkpoint={cp} />
                      <StepsPopover
                        icon={<IconPlayerPlay size={14} />}
                        label={active ? 'Stop the run first' : 'Continue this run from here'}
                        aria={`Continue from step ${cp.step}`}
                        disabled={active}
                        defaultSteps={cp.step < run.totalSteps ? run.totalSteps : cp.step + Math.max(100, Math.round(run.totalSteps / 2))}
                        min={cp.step + 1}
                        warning={(() => {
                          const later = list.filter((c) => c.step > cp.step).length;
                          return later ? `The ${later} later checkpoint(s) and the metrics after step ${cp.step} are deleted.` : null;
                        })()}
                        action="Continue"
                        onConfirm={(steps) => void load(cp, 'continue', steps)}
                      />
                      <StepsPopover
                        icon={<IconGitBranch size={14} />}
                        label="Branch a new run from here"
                        aria={`Branch from step ${cp.step}`}
                        defaultSteps={Math.max(run.totalSteps, cp.step + 1)}
                        min={cp.step + 1}
                        warning={null}
                        action="Branch"
                        onConfirm={(steps) => void load(cp, 'branch', steps)}
                      />
                      <Menu position="left">
                        <Menu.Target>
                          <ActionIcon size="sm" variant="subtle" color="red" aria-label={`Delete checkpoint at step ${cp.step}`}>
                            <IconTrash size={14} />
                          </ActionIcon>
                        </Menu.Target>
                        <Menu.Dropdown>
                          <Menu.Label>Delete the checkpoint at step {cp.step}?</Menu.Label>
                          <Menu.Item
                            color="red"
                            onClick={() =>
                              void act(
                                getClient()
                                  .invoke('training.deleteCheckpoint', { checkpointId: cp.id })
                                  .then((r) => notifySuccess(`${formatBytes(r.freedBytes)} freed`)),
                              )
                            }
                          >
                            Delete
                          </Menu.Item>
                        </Menu.Dropdown>
                      </Menu>
                    </Group>
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}
    </Paper>
  );
}

/** An icon button opening "train to step N" (+ what it deletes, if anything) and a confirm button. */
function StepsPopover({
  icon,
  label,
  aria,
  disabled = false,
  defaultSteps,
  min,
  warning,
  action,
  onConfirm,
}: {
  icon: React.ReactNode;
  label: string;
  aria: string;
  disabled?: boolean;
  defaultSteps: number;
  min: number;
  warning: string | null;
  action: string;
  onConfirm: (steps: number) => void;
}) {
  const [opened, setOpened] = useState(false);
  const [steps, setSteps] = useState(defaultSteps);
  return (
    <Popover opened={opened} onChange={setOpened} withArrow position="left" trapFocus>
      <Popover.Target>
        <Tooltip label={label}>
          <ActionIcon size="sm" variant="subtle" disabled={disabled} aria-label={aria} onClick={() => setOpened((o) => !o)}>
            {icon}
          </ActionIcon>
        </Tooltip>
      </Popover.Target>
      <Popover.Dropdown>
        <Stack gap="xs" w={240}>
          <NumberInput size="xs" label="Train to step" value={steps} min={min} onChange={(v) => setSteps(Number(v))} />
          {warning && (
            <Text size="xs" c="orange">
              {warning}
            </Text>
          )}
          <Button
            size="xs"
            disabled={!(steps >= min)}
            onClick={() => {
              setOpened(false);
              onConfirm(steps);
            }}
          >
            {action}
          </Button>
        </Stack>
      </Popover.Dropdown>
    </Popover>
  );
}
