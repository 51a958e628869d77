import { Button, Group, Paper, ScrollArea, Switch, Text } from '@mantine/core';
import { useEffect, useRef, useState } from 'react';
import type { TrainingLogLine } from '../../../shared/types/training';
import { getClient } from '../../api/client';
import { useEvent } from '../../api/hooks';
import { formatClock } from '../format';

const COLORS: Record<TrainingLogLine['level'], string> = { debug: '#64748b', info: '#cbd5e1', warn: '#facc15', error: '#f87171' };

/** The run log (docs/training.md): terminal-style, streamed and persisted; auto-scroll toggle; clear (the view, not the stored log). */
export function LogViewer({ trainingId }: { trainingId: string }) {
  const [lines, setLines] = useState<TrainingLogLine[]>([]);
  const [clearedAfter, setClearedAfter] = useState(0);
  const [follow, setFollow] = useState(true);
  const viewport = useRef<HTMLDivElement>(null);

  useEffect(() => {
    setLines([]);
    setClearedAfter(0);
    let live = true;
    void getClient()
      .invoke('training.logs', { id: trainingId, limit: 5000, newest: true })
      .then((l) => live && setLines(l));
    return () => {
      live = false;
    };
  }, [trainingId]);
  useEvent('training.log', (l) => {
    if (l.trainingId === trainingId) setLines((prev) => (prev.some((p) => p.id === l.id) ? prev : [...prev, l].slice(-5000)));
  });
  const shown = lines.filter((l) => l.id > clearedAfter);
  useEffect(() => {
    if (follow) viewport.current?.scrollTo({ top: viewport.current.scrollHeight });
  }, [shown.length, follow]);

  return (
    <Paper withBorder radius="md" p="sm" bg="#020617" data-testid="training-logs">
      <Group justify="space-between" mb={6}>
        <Text size="sm" fw={600}>
          Logs
        </Text>
        <Group gap="sm">
          <Switch size="xs" label="Auto-scroll" checked={follow} onChange={(e) => setFollow(e.currentTarget.checked)} />
          <Button
            size="compact-xs"
            variant="subtle"
            color="gray"
            onClick={() => setClearedAfter(lines.at(-1)?.id ?? 0)}
            title="Clears this view; the log stays saved with the run"
          >
            Clear
          </Button>
        </Group>
      </Group>
      <ScrollArea h={220} viewportRef={viewport} type="auto">
        {shown.length === 0 && (
          <Text size="xs" c="dimmed" ff="monospace">
            no log lines
          </Text>
        )}
        {shown.map((l) => (
          <Text key={l.id} size="xs" ff="monospace" c={COLORS[l.level]} style={{ whiteSpace: 'pre-wrap', wordBreak: 'break-word' }}>
            <span style={{ color: '#64748b' }}>[{formatClock(l.at)}]</span>{' '}
            <span style={{ color: COLORS[l.level], fontWeight: l.level === 'info' ? 400 : 700 }}>{l.level.toUpperCase()}</span> {l.message}
          </Text>
        ))}
      </ScrollArea>
    </Paper>
  );
}
