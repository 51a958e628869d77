import { Button, Divider, Indicator, Popover, ScrollArea, Stack, Text } from '@mantine/core';
import { IconListCheck } from '@tabler/icons-react';
import { useRef } from 'react';
import { isActive, useJobs } from '../api/useJobs';
import { useEvent } from '../api/hooks';
import { JobRow } from './JobRow';
import { notifyError } from './notify';

/** Header tray: running jobs with progress; recent finished ones below. Toasts failures. */
export function JobTray() {
  const jobs = useJobs(30);
  const active = jobs.filter(isActive);
  const recent = jobs.filter((j) => !isActive(j)).slice(0, 6);
  const toasted = useRef(new Set<string>());
  useEvent('job.updated', (job) => {
    if ((job.status === 'failed' || job.status === 'interrupted') && !toasted.current.has(job.id)) {
      toasted.current.add(job.id);
      notifyError(new Error(job.error?.message ?? job.message ?? 'no reason given'), `${job.title} ${job.status}`);
    }
  });
  return (
    <Popover width={380} position="bottom-end" shadow="lg" withArrow>
      <Popover.Target>
        <Indicator label={active.length} size={16} disabled={active.length === 0} color="blue">
          <Button variant="default" size="xs" leftSection={<IconListCheck size={16} />} aria-label="Jobs" data-testid="job-tray-button">
            Jobs
          </Button>
        </Indicator>
      </Popover.Target>
      <Popover.Dropdown data-testid="job-tray">
        <ScrollArea.Autosize mah={420}>
          <Stack gap="md">
            <Text size="xs" tt="uppercase" c="dimmed" fw={700}>
              Running ({active.length})
            </Text>
            {active.length === 0 && (
              <Text size="sm" c="dimmed">
                Nothing running. Long operations (downloads, tokenizing, extraction, training) appear here.
              </Text>
            )}
            {active.map((j) => (
              <JobRow key={j.id} job={j} />
            ))}
            {recent.length > 0 && <Divider label="Recent" labelPosition="left" />}
            {recent.map((j) => (
              <JobRow key={j.id} job={j} />
            ))}
          </Stack>
        </ScrollArea.Autosize>
      </Popover.Dropdown>
    </Popover>
  );
}
