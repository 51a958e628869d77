import { Badge, Button, Grid, Group, Paper, Progress, ScrollArea, Stack, Tabs, Text, UnstyledButton } from '@mantine/core';
import { IconFlask, IconPlus } from '@tabler/icons-react';
import { useEffect, useMemo, useState } from 'react';
import type { TrainingRecord } from '../../../shared/types/training';
import { useEvent, useQuery } from '../../api/hooks';
import { EmptyState } from '../../components/EmptyState';
import { PageHeader } from '../PageHeader';
import { ActivationSetsPanel } from './activations/ActivationSetsPanel';
import { NewTrainingDrawer } from './NewTrainingDrawer';
import { RunDashboard, STATUS_COLORS, STATUS_LABELS } from './RunDashboard';
import type { TrainingView } from './route';
import { splitSweepRunName } from './sweeps/columns';
import { SweepsPanel } from './sweeps/SweepsPanel';
import { useSweepList } from './sweeps/useSweeps';
import { useTrainingRoute } from './useTrainingRoute';

function RunRow({ t, selected, onClick }: { t: TrainingRecord; selected: boolean; onClick: () => void }) {
  const ev = t.latest?.explainedVariance;
  // A sweep's runs share its name: the point that tells them apart gets a line of its own.
  const parts = t.sweepId ? splitSweepRunName(t.name) : null;
  return (
    <UnstyledButton onClick={onClick} data-testid="run-row" aria-current={selected}>
      <Paper
        withBorder
        p="xs"
        radius="md"
        bg={selected ? 'dark.5' : undefined}
        style={{ borderColor: selected ? 'var(--mantine-color-emerald-7)' : undefined }}
      >
        <Group justify="space-between" wrap="nowrap" gap={4}>
          <Text size="sm" fw={600} lineClamp={1} title={t.name} style={{ minWidth: 0 }}>
            {parts ? parts.sweep : t.name}
          </Text>
          <Group gap={4} wrap="nowrap" style={{ flexShrink: 0 }}>
            {t.sweepId && (
              <Badge size="xs" variant="outline" color="violet" title="one run of a sweep (Sweeps tab)" data-testid="run-row-sweep">
                sweep
              </Badge>
            )}
            <Badge size="xs" color={STATUS_COLORS[t.status]} style={{ overflow: 'visible' }} data-testid="run-row-status">
              {STATUS_LABELS[t.status]}
            </Badge>
          </Group>
        </Group>
        {parts && (
          <Text size="xs" fw={600} c="gray.4" lineClamp={2} data-testid="run-row-point">
            {parts.point}
          </Text>
        )}
        <Progress
          value={(100 * t.currentStep) / t.totalSteps}
          size="xs"
          mt={6}
          color={STATUS_COLORS[t.status]}
          aria-label={`training progress: step ${t.currentStep} of ${t.totalSteps}`}
        />
        <Text size="xs" c="dimmed" mt={4}>
          step {t.currentStep}/{t.totalSteps}
          {typeof ev === 'number' ? ` · EV ${ev.toFixed(3)}` : ''}
          {typeof t.latest?.l0 === 'number' ? ` · L0 ${t.latest.l0.toFixed(1)}` : ''}
        </Text>
      </Paper>
    </UnstyledButton>
  );
}

/** Training tab: runs (one trains at a time on the gpu pool; others queue), sweeps and activation sets. */
export function TrainingPage() {
  const runs = useQuery('training.list', {});
  useEvent('training.changed', () => void runs.reload());
  const sweeps = useSweepList();
  const { route, go } = useTrainingRoute();
  const [selected, setSelected] = useState<string | null>(route.runId);
  // A run opened by the route (a sweep's dot, a link) is the one shown.
  useEffect(() => {
    if (route.runId) setSelected(route.runId);
  }, [route.runId]);
  const select = (id: string | null) => {
    setSelected(id);
    go({ view: 'runs', runId: id }, { replace: true });
  };
  // A run just created is selected before the list reload brings it: do not fall back to another run meanwhile.
  const [created, setCreated] = useState<string | null>(null);
  const [drawer, setDrawer] = useState<{ activationSetId: string; hook: string } | null | false>(false);
  const list = useMemo(() => runs.data ?? [], [runs.data]);
  useEffect(() => {
    if (!selected && list[0]) setSelected(list[0].id);
    if (selected && list.some((t) => t.id === selected) && created === selected) setCreated(null);
    if (selected && runs.data && selected !== created && !list.some((t) => t.id === selected)) setSelected(list[0]?.id ?? null);
  }, [selected, list, runs.data, created]);

  return (
    <>
      <PageHeader
        title="Training"
        description="Extract activations at chosen hooks and train sparse autoencoders on them, with live metrics."
        actions={
          <Button leftSection={<IconPlus size={16} />} onClick={() => setDrawer(null)} data-testid="new-training-open">
            New training
          </Button>
        }
      />
      <Tabs
        value={route.view}
        onChange={(v) => go({ view: (v ?? 'runs') as TrainingView, runId: v === 'runs' ? selected : null })}
        keepMounted={false}
      >
        <Tabs.List mb="md">
          <Tabs.Tab value="runs">Runs ({list.length})</Tabs.Tab>
          <Tabs.Tab value="sweeps" data-testid="tab-sweeps">
            Sweeps ({sweeps.data?.length ?? 0})
          </Tabs.Tab>
          <Tabs.Tab value="activations" data-testid="tab-activation-sets">
            Activation sets
          </Tabs.Tab>
        </Tabs.List>
        <Tabs.Panel value="runs">
          {list.length === 0 ? (
            <EmptyState icon={<IconFlask size={28} />} title="No trainings yet">
              Extract activations (Activation sets tab) or stream them from the model, then start a standard (ReLU + L1) or TopK SAE with{' '}
              <b>New training</b>. Defaults train the demo model's middle-layer SAE in a few minutes on a laptop CPU.
            </EmptyState>
          ) : (
            <Grid gap="md">
              <Grid.Col span={{ base: 12, lg: 3 }}>
                <ScrollArea.Autosize mah="calc(100vh - 220px)">
                  <Stack gap="xs">
                    {list.map((t) => (
                      <RunRow key={t.id} t={t} selected={t.id === selected} onClick={() => select(t.id)} />
                    ))}
                  </Stack>
                </ScrollArea.Autosize>
              </Grid.Col>
              <Grid.Col span={{ base: 12, lg: 9 }}>
                {selected ? <RunDashboard key={selected} id={selected} onSelect={select} /> : null}
              </Grid.Col>
            </Grid>
          )}
        </Tabs.Panel>
        <Tabs.Panel value="sweeps">
          <SweepsPanel
            sweeps={sweeps}
            sweepId={route.sweepId}
            onOpenSweep={(id) => go({ view: 'sweeps', sweepId: id })}
            onOpenRun={(id) => go({ view: 'runs', runId: id })}
            onSweepDeleted={() => {
              go({ view: 'sweeps' });
              void sweeps.reload();
              void runs.reload();
            }}
          />
        </Tabs.Panel>
        <Tabs.Panel value="activations">
          <ActivationSetsPanel
            onTrain={(activationSetId, hook) => {
              setDrawer({ activationSetId, hook });
            }}
          />
        </Tabs.Panel>
      </Tabs>
      <NewTrainingDrawer
        opened={drawer !== false}
        preset={drawer || null}
        onClose={() => setDrawer(false)}
        onCreated={(t) => {
          setCreated(t.id);
          setSelected(t.id);
          go({ view: 'runs', runId: t.id });
          void runs.reload();
        }}
        onSweepCreated={(s) => {
          go({ view: 'sweeps', sweepId: s.id });
          void sweeps.reload();
          void runs.reload();
        }}
      />
      <Text size="xs" c="dimmed" mt="md">
        Runs queue on the compute worker: one trains at a time.
      </Text>
    </>
  );
}
