import { Group, Paper, SimpleGrid, Switch, Text } from '@mantine/core';
import { useState } from 'react';
import { ARCHITECTURE_LABELS } from '../../../../shared/sae-architectures';
import type { SweepDetail, SweepRunSummary } from '../../../../shared/types/sweeps';
import { FrontierScatter, type ScatterPoint } from '../../../charts/FrontierScatter';
import { ARCHITECTURE_COLORS, ARCHITECTURE_MARKERS } from './colours';
import { shortRunName } from './columns';

const round = (v: number | null, digits: number) => (v === null || !Number.isFinite(v) ? '—' : v.toFixed(digits));

/** Tooltip lines of a run: the figures both plots compare, rounded as the table shows them. */
function details(r: SweepRunSummary): string[] {
  const pct = r.ceDeltaPercent === null ? '' : ` (${round(r.ceDeltaPercent, 1)}%)`;
  return [
    `L0 ${round(r.l0, 1)} · EV ${round(r.explainedVariance, 3)}`,
    `ΔCE ${round(r.ceDelta, 3)} nats${pct}`,
    ...(r.status === 'completed' ? [] : [`${r.status}: step ${r.currentStep}/${r.totalSteps}`]),
  ];
}

/**
 * The sweep's two trade-off plots (docs/training.md, "Sweeps in the app"): L0 against explained
 * variance (up is better) and against ΔCE (down is better), each with its Pareto frontier.
 * A running run is drawn at its latest figures, so the cloud moves as the sweep trains.
 */
export function SweepPlots({
  sweep,
  selectedId,
  onOpen,
}: {
  sweep: SweepDetail;
  selectedId: string | null;
  onOpen: (trainingId: string) => void;
}) {
  // L0 spanning a decade or more (TopK k=16 next to a barely sparse ReLU SAE) reads better on a log axis.
  const l0s = sweep.runs.map((r) => r.l0).filter((v): v is number => v !== null && v > 0);
  const wide = l0s.length > 1 && Math.max(...l0s) / Math.min(...l0s) >= 10;
  const [logChoice, setLogChoice] = useState<boolean | null>(null);
  const logX = logChoice ?? wide;
  const present = [...new Set(sweep.runs.map((r) => r.architecture))];
  const legend = present.map((a) => ({ label: ARCHITECTURE_LABELS[a], color: ARCHITECTURE_COLORS[a], marker: ARCHITECTURE_MARKERS[a] }));
  const dots = (y: (r: SweepRunSummary) => number | null): ScatterPoint[] =>
    sweep.runs.map((r) => ({
      id: r.trainingId,
      label: shortRunName(r, sweep.name),
      x: r.l0,
      y: y(r),
      color: ARCHITECTURE_COLORS[r.architecture],
      marker: ARCHITECTURE_MARKERS[r.architecture],
      details: details(r),
    }));
  const waiting = sweep.runs.filter((r) => r.l0 === null || r.explainedVariance === null).length;
  const noCe = sweep.runs.every((r) => r.ceDelta === null);
  return (
    <>
      <Group justify="flex-end" mb={4}>
        <Switch
          size="xs"
          label="log L0 axis"
          checked={logX}
          onChange={(e) => setLogChoice(e.currentTarget.checked)}
          data-testid="sweep-log-l0"
        />
      </Group>
      <SimpleGrid cols={{ base: 1, md: 2 }} spacing="sm" data-testid="sweep-plots">
        <Paper withBorder p="sm" radius="md">
          <Text size="sm" fw={600} mb={4}>
            L0 vs explained variance{' '}
            <Text span size="xs" c="dimmed">
              (up and left is better)
            </Text>
          </Text>
          <FrontierScatter
            testId="sweep-plot-ev"
            points={dots((r) => r.explainedVariance)}
            yGoal="max"
            xLabel="L0 (active features per token)"
            yLabel="explained variance"
            legend={legend}
            selectedId={selectedId}
            onOpen={onOpen}
            logX={logX}
            emptyText="no run has metrics yet: the first points appear as the first run trains"
          />
        </Paper>
        <Paper withBorder p="sm" radius="md">
          <Text size="sm" fw={600} mb={4}>
            L0 vs ΔCE{' '}
            <Text span size="xs" c="dimmed">
              (down and left is better; nats per token the SAE adds)
            </Text>
          </Text>
          <FrontierScatter
            testId="sweep-plot-ce"
            points={dots((r) => r.ceDelta)}
            yGoal="min"
            xLabel="L0 (active features per token)"
            yLabel="ΔCE (nats)"
            legend={legend}
            selectedId={selectedId}
            onOpen={onOpen}
            logX={logX}
            emptyText={noCe ? 'no splice evaluation yet (runs evaluate at their eval interval and at the end)' : 'no run measured yet'}
          />
        </Paper>
      </SimpleGrid>
      {waiting > 0 && (
        <Text size="xs" c="dimmed" mt={4} data-testid="sweep-plots-waiting">
          {waiting} of {sweep.runs.length} runs not on the plots yet (no metrics so far).
        </Text>
      )}
    </>
  );
}
