import { Alert, Button, Group, Progress, Stack, Text } from '@mantine/core';
import { IconPlayerStop } from '@tabler/icons-react';
import type { JobRecord } from '../../../../shared/types/jobs';

/** A running analysis job: progress bar, its message, cancel; a failed one says why. */
export function JobProgress({ job, onCancel, testId }: { job: JobRecord; onCancel: () => void; testId: string }) {
  if (job.status === 'failed')
    return (
      <Alert color="red" title="The job failed" data-testid={`${testId}-failed`}>
        {job.error?.message ?? 'unknown error'}
      </Alert>
    );
  return (
    <Stack gap={4} data-testid={`${testId}-progress`}>
      <Group justify="space-between">
        <Text size="sm">{job.status === 'queued' ? 'Queued: waits for a compute worker' : (job.message ?? 'Running')}</Text>
        <Button size="xs" variant="light" color="red" leftSection={<IconPlayerStop size={14} />} onClick={onCancel}>
          Cancel
        </Button>
      </Group>
      <Progress value={100 * job.progress} animated={job.status === 'running'} />
    </Stack>
  );
}
