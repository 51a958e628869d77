import { Button, Divider, Indicator, Popover, ScrollArea, Stack, Text } from '@mantine/core';
import { useHotkeys } from '@mantine/hooks';
import { IconListCheck } from '@tabler/icons-react';
import { useEffect, useRef, useState } from 'react';
import { isActive, useJobs } from '../api/useJobs';
import { useEvent } from '../api/hooks';
import { keepInRecent, toastsWhenDone } from './job-labels';
import { JobRow } from './JobRow';
import { notifyError, notifySuccess } from './notify';

/**
 * Header tray: running jobs with progress; recent finished ones below (quick jobs such as each
 * Try-it generation are not kept there). Toasts failures, and completions of long jobs.
 * Closes on Escape, on an outside click and when the tab changes.
 */
export function JobTray() {
  const jobs = useJobs(30);
  const [opened, setOpened] = useState(false);
  const active = jobs.filter(isActive);
  const recent = jobs.filter((j) => !isActive(j) && keepInRecent(j)).slice(0, 6);
  const toasted = useRef(new Set<string>());
  useHotkeys([['Escape', () => setOpened(false)]], [], true);
  useEffect(() => {
    const close = () => setOpened(false);
    window.addEventListener('hashchange', close);
    return () => window.removeEventListener('hashchange', close);
  }, []);
  useEvent('job.updated', (job) => {
    if (toasted.current.has(job.id)) return;
    if (job.status === 'failed' || job.status === 'interrupted') {
      toasted.current.add(job.id);
      notifyError(new Error(job.error?.message ?? job.message ?? 'no reason given'), `${job.title} ${job.status}`);
    } else if (job.status === 'completed' && toastsWhenDone(job)) {
      toasted.current.add(job.id);
      notifySuccess(job.message ?? 'done', `${job.title}: finished`, 8000);
    }
  });
  return (
    <Popover
      opened={opened}
      onChange={setOpened}
      width="min(400px, calc(100vw - 24px))"
      position="bottom-end"
      shadow="lg"
      withArrow
      middlewares={{ shift: { padding: 12 }, flip: true }}
      closeOnEscape
    >
      <Popover.Target>
        <Indicator label={active.length} size={16} disabled={active.length === 0} color="blue">
          <Button
            variant="default"
            size="xs"
            leftSection={<IconListCheck size={16} />}
            aria-label="Jobs"
            aria-expanded={opened}
            onClick={() => setOpened((o) => !o)}
            data-testid="job-tray-button"
          >
            Jobs
          </Button>
        </Indicator>
      </Popover.Target>
      <Popover.Dropdown data-testid="job-tray" style={{ maxWidth: 'calc(100vw - 24px)' }}>
        <ScrollArea.Autosize mah={420} scrollbars="y" type="auto" offsetScrollbars>
          <Stack gap="md" style={{ minWidth: 0 }}>
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
