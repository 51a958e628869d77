import { ActionIcon, Badge, Group, Progress, Stack, Text, Tooltip } from '@mantine/core';
import { IconPlayerPause, IconPlayerPlay, IconX } from '@tabler/icons-react';
import type { JobRecord, JobStatus } from '../../shared/types/jobs';
import { getClient } from '../api/client';
import { jobMessage, jobStatusLabel } from './job-labels';
import { notifyError } from './notify';

export const STATUS_COLOR: Record<JobStatus, string> = {
  queued: 'gray',
  running: 'blue',
  paused: 'yellow',
  completed: 'emerald',
  failed: 'red',
  cancelled: 'gray',
  interrupted: 'orange',
};

async function control(action: 'jobs.cancel' | 'jobs.pause' | 'jobs.resume', id: string) {
  try {
    await getClient().invoke(action, { id });
  } catch (err) {
    notifyError(err, 'Job control failed');
  }
}

/** One job: title, status, progress, message, and its controls. */
export function JobRow({ job }: { job: JobRecord }) {
  const live = job.status === 'running' || job.status === 'queued' || job.status === 'paused';
  return (
    <Stack gap={4} data-testid={`job-${job.kind}`} data-status={job.status} style={{ minWidth: 0 }}>
      <Group justify="space-between" wrap="nowrap" align="flex-start" gap="xs">
        <Text size="sm" fw={500} lineClamp={2} title={job.title} style={{ minWidth: 0, overflowWrap: 'anywhere' }}>
          {job.title}
        </Text>
        <Group gap={4} wrap="nowrap" style={{ flexShrink: 0 }}>
          <Badge size="sm" variant="light" color={STATUS_COLOR[job.status]} style={{ overflow: 'visible' }} data-testid="job-status">
            {jobStatusLabel(job)}
          </Badge>
          {job.status === 'running' && (
            <Tooltip label="Pause">
              <ActionIcon size="sm" variant="subtle" aria-label={`Pause ${job.title}`} onClick={() => void control('jobs.pause', job.id)}>
                <IconPlayerPause size={14} />
              </ActionIcon>
            </Tooltip>
          )}
          {job.status === 'paused' && (
            <Tooltip label="Resume">
              <ActionIcon size="sm" variant="subtle" aria-label={`Resume ${job.title}`} onClick={() => void control('jobs.resume', job.id)}>
                <IconPlayerPlay size={14} />
              </ActionIcon>
            </Tooltip>
          )}
          {live && (
            <Tooltip label="Cancel">
              <ActionIcon
                size="sm"
                variant="subtle"
                color="red"
                aria-label={`Cancel ${job.title}`}
                onClick={() => void control('jobs.cancel', job.id)}
              >
                <IconX size={14} />
              </ActionIcon>
            </Tooltip>
          )}
        </Group>
      </Group>
      <Progress
        value={job.progress * 100}
        size="sm"
        animated={job.status === 'running'}
        color={STATUS_COLOR[job.status]}
        aria-label={`${job.title}: ${Math.round(job.progress * 100)}%`}
      />
      {jobMessage(job) && (
        <Text size="xs" c={job.error ? 'red.4' : 'dimmed'} lineClamp={2} style={{ overflowWrap: 'anywhere' }}>
          {jobMessage(job)}
        </Text>
      )}
    </Stack>
  );
}
