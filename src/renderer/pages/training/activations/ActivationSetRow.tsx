import { ActionIcon, Badge, Button, Group, Menu, Progress, Stack, Table, Text, Tooltip } from '@mantine/core';
import { IconChevronDown, IconFlask, IconTrash, IconX } from '@tabler/icons-react';
import type { ActivationSetRecord } from '../../../../shared/types/activations';
import type { JobRecord } from '../../../../shared/types/jobs';
import { getClient } from '../../../api/client';
import { notifyError } from '../../../components/notify';
import { formatBytes, formatCount, formatDateTime, formatRate } from '../../format';

const STATUS_COLOR: Record<ActivationSetRecord['status'], string> = {
  extracting: 'blue',
  ready: 'emerald',
  failed: 'red',
  interrupted: 'orange',
};

/** blocks.6.hook_resid_post → L6 resid_post */
const shortHook = (hook: string) => hook.replace(/^blocks\.(\d+)\.hook_/, 'L$1 ');

/** Hooks shown as badges; past four, a "+N" badge lists the rest in its tooltip. */
function HookBadges({ hooks }: { hooks: string[] }) {
  const shown = hooks.slice(0, 4);
  const rest = hooks.slice(4);
  return (
    <Group gap={4} wrap="wrap">
      {shown.map((h) => (
        <Tooltip key={h} label={h}>
          <Badge
            size="sm"
            variant="light"
            color="gray"
            tt="none"
            ff="monospace"
            style={{ overflow: 'visible', flexShrink: 0 }}
            data-testid="activation-set-hook"
          >
            {shortHook(h)}
          </Badge>
        </Tooltip>
      ))}
      {rest.length > 0 && (
        <Tooltip label={rest.join(', ')} multiline maw={360}>
          <Badge size="sm" variant="outline" color="gray" tt="none">
            +{rest.length}
          </Badge>
        </Tooltip>
      )}
    </Group>
  );
}

function StatusCell({ set, job }: { set: ActivationSetRecord; job: JobRecord | undefined }) {
  const detail = set.status === 'extracting' ? (job?.status === 'queued' ? 'waiting for the GPU pool…' : job?.message) : set.error;
  return (
    <Stack gap={4}>
      <Group gap={6} wrap="nowrap">
        <Badge size="sm" variant="light" color={STATUS_COLOR[set.status]} data-testid="activation-set-status">
          {set.status}
        </Badge>
        {set.status === 'extracting' && job && (
          <Text size="xs" c="dimmed">
            {Math.round(job.progress * 100)}%
          </Text>
        )}
      </Group>
      {set.status === 'extracting' && <Progress value={(job?.progress ?? 0) * 100} size="xs" animated={job?.status === 'running'} />}
      {detail && (
        <Tooltip label={detail} multiline maw={420} openDelay={300}>
          <Text
            size="xs"
            c={set.status === 'extracting' ? 'dimmed' : 'red.4'}
            lineClamp={2}
            data-testid={set.status === 'extracting' ? 'activation-set-progress' : 'activation-set-error'}
          >
            {detail}
          </Text>
        </Tooltip>
      )}
    </Stack>
  );
}

/** "Train SAE": one hook trains at once; several open a menu to pick the hook. */
function TrainButton({ set, onTrain }: { set: ActivationSetRecord; onTrain: (setId: string, hook: string) => void }) {
  const disabled = set.status !== 'ready' || set.hooks.length === 0;
  if (set.hooks.length <= 1) {
    return (
      <Button
        size="xs"
        variant="light"
        leftSection={<IconFlask size={14} />}
        disabled={disabled}
        onClick={() => onTrain(set.id, set.hooks[0]!)}
        data-testid="activation-set-train"
      >
        Train SAE
      </Button>
    );
  }
  return (
    <Menu position="bottom-end" withinPortal shadow="md">
      <Menu.Target>
        <Button
          size="xs"
          variant="light"
          leftSection={<IconFlask size={14} />}
          rightSection={<IconChevronDown size={12} />}
          disabled={disabled}
          data-testid="activation-set-train"
        >
          Train SAE
        </Button>
      </Menu.Target>
      <Menu.Dropdown>
        <Menu.Label>Train on which hook?</Menu.Label>
        {set.hooks.map((h) => (
          <Menu.Item key={h} ff="monospace" fz="xs" onClick={() => onTrain(set.id, h)} data-testid="activation-set-train-hook">
            {h}
          </Menu.Item>
        ))}
      </Menu.Dropdown>
    </Menu>
  );
}

async function cancelExtraction(jobId: string) {
  try {
    await getClient().invoke('jobs.cancel', { id: jobId });
  } catch (err) {
    notifyError(err, 'Cancel failed');
  }
}

export function ActivationSetRow({
  set,
  job,
  onTrain,
  onDelete,
}: {
  set: ActivationSetRecord;
  job: JobRecord | undefined;
  onTrain?: (setId: string, hook: string) => void;
  onDelete: (set: ActivationSetRecord) => void;
}) {
  const extracting = set.status === 'extracting';
  return (
    <Table.Tr data-testid="activation-set-row" data-status={set.status}>
      <Table.Td maw={220}>
        <Text size="sm" fw={600} lineClamp={2} title={set.name}>
          {set.name}
        </Text>
      </Table.Td>
      <Table.Td maw={180}>
        <Text size="sm" truncate title={set.modelName ?? undefined}>
          {set.modelName ?? (
            <Text span c="dimmed" size="sm">
              deleted model
            </Text>
          )}
        </Text>
        <Text size="xs" c="dimmed" truncate title={set.datasetName ?? undefined}>
          {set.datasetName ?? 'deleted dataset'}
        </Text>
      </Table.Td>
      <Table.Td miw={120} maw={200}>
        <HookBadges hooks={set.hooks} />
      </Table.Td>
      <Table.Td>
        <Text size="sm" style={{ whiteSpace: 'nowrap' }}>
          {extracting ? '—' : `${formatCount(set.tokenCount)} tok`}
        </Text>
        <Text size="xs" c="dimmed" style={{ whiteSpace: 'nowrap' }}>
          {extracting ? '' : `${formatBytes(set.sizeBytes)} · `}
          {set.dtype} · d {set.dModel}
        </Text>
      </Table.Td>
      <Table.Td w={200}>
        <StatusCell set={set} job={job} />
      </Table.Td>
      <Table.Td>
        <Text size="xs" c="dimmed" style={{ whiteSpace: 'nowrap' }}>
          {formatDateTime(set.createdAt)}
        </Text>
        <Text size="xs" c="dimmed" style={{ whiteSpace: 'nowrap' }}>
          {formatRate(set.tokensPerSecond)}
        </Text>
      </Table.Td>
      <Table.Td>
        <Group gap={4} justify="flex-end" wrap="nowrap">
          {onTrain && <TrainButton set={set} onTrain={onTrain} />}
          {extracting && set.jobId ? (
            <Tooltip label="Cancel extraction (nothing is kept)">
              <ActionIcon
                variant="subtle"
                color="red"
                aria-label={`Cancel extraction of ${set.name}`}
                onClick={() => void cancelExtraction(set.jobId!)}
                data-testid="activation-set-cancel"
              >
                <IconX size={16} />
              </ActionIcon>
            </Tooltip>
          ) : (
            <Tooltip label="Delete">
              <ActionIcon
                variant="subtle"
                color="red"
                aria-label={`Delete ${set.name}`}
                onClick={() => onDelete(set)}
                data-testid="activation-set-delete"
              >
                <IconTrash size={16} />
              </ActionIcon>
            </Tooltip>
          )}
        </Group>
      </Table.Td>
    </Table.Tr>
  );
}
