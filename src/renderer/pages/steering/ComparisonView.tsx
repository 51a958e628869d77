import { useState } from 'react';
import { Alert, Group, SegmentedControl, Stack, Text } from '@mantine/core';
import type { SteeringPair } from '../../../shared/types/steering';
import { MetricsPanel } from './MetricsPanel';
import { TextPair } from './TextPair';
import type { SteeringRunState } from './useSteeringRun';

const STATUS: Record<string, string> = {
  queued: 'Queued…',
  running: 'Generating…',
  cancelled: 'Stopped: the finished pairs are shown',
  failed: 'Failed',
  interrupted: 'Interrupted',
};

/** Each sample's unsteered and steered texts (same prompt, seed and sampling), then the measured effects. */
export function ComparisonView({ run, prompt }: { run: SteeringRunState & { running: boolean }; prompt: string }) {
  const [view, setView] = useState<'side' | 'diff'>('side');
  const pairs = run.samples.map((s) => s.pair).filter((p): p is SteeringPair => p !== null);
  const shownPrompt = run.result?.pairs[0]?.unsteered.prompt ?? prompt;
  if (!run.job && run.samples.length === 0)
    return (
      <Text size="sm" c="dimmed" ta="center" py="xl">
        Generate to compare: the unsteered and steered texts stream here side by side, then their measured effects.
      </Text>
    );
  return (
    <Stack gap="sm" data-testid="steer-comparison" data-status={run.job?.status ?? 'starting'}>
      <Group justify="space-between">
        <Text size="sm" c={run.job?.status === 'failed' ? 'red.4' : 'dimmed'} data-testid="steer-status">
          {run.job && run.job.status !== 'completed'
            ? STATUS[run.job.status]
            : `${pairs.length} pair${pairs.length === 1 ? '' : 's'} · seed ${pairs[0]?.seed ?? '—'}${pairs.length > 1 ? `…${pairs.at(-1)!.seed}` : ''}`}
          {run.result ? ` · ${run.result.hook} · ${run.result.provider}` : ''}
        </Text>
        <SegmentedControl
          size="xs"
          value={view}
          onChange={(v) => setView(v as 'side' | 'diff')}
          data={[
            { value: 'side', label: 'Side by side' },
            { value: 'diff', label: 'Word diff' },
          ]}
          data-testid="steer-view"
        />
      </Group>
      {run.job?.status === 'failed' && (
        <Alert color="red" title="Steering failed">
          {run.job.error?.message}
        </Alert>
      )}
      {run.warnings.map((w) => (
        <Alert key={w} color="yellow" p="xs">
          <Text size="xs">{w}</Text>
        </Alert>
      ))}
      {run.samples.map((s, i) => (
        <Stack gap={4} key={i} data-testid="steer-sample" data-done={s.pair !== null}>
          {run.samples.length > 1 && (
            <Text size="xs" fw={500}>
              Sample {i + 1}
              {s.pair ? ` · seed ${s.pair.seed}` : ''}
            </Text>
          )}
          <TextPair
            prompt={shownPrompt}
            unsteered={s.unsteered}
            steered={s.steered}
            streaming={s.pair === null && run.running}
            diff={view === 'diff'}
          />
        </Stack>
      ))}
      {pairs.length > 0 && (
        <MetricsPanel pairs={pairs} aggregate={run.result?.aggregate ?? null} shifts={run.result?.firstTokenShifts ?? null} />
      )}
    </Stack>
  );
}
