import { Group, Paper, Stack, Table, Text, Title, Tooltip } from '@mantine/core';
import { IconInfoCircle } from '@tabler/icons-react';
import { SAMPLE_METRICS, type MeanSpread, type NamedShift, type SteeringPair } from '../../../shared/types/steering';
import { tokenLabel } from '../features/shade';
import { formatMetric, METRIC_DEFS, SHIFT_DEFINITION } from './metric-defs';

function Defined({ label, definition }: { label: string; definition: string }) {
  return (
    <Tooltip multiline w={340} label={definition}>
      <Group gap={4} wrap="nowrap" style={{ cursor: 'help' }}>
        <Text size="xs">{label}</Text>
        <IconInfoCircle size={12} color="var(--mantine-color-dimmed)" />
      </Group>
    </Tooltip>
  );
}

const spread = (m: MeanSpread | undefined, digits: number) =>
  !m || m.n === 0 ? '—' : `${formatMetric(m.mean, digits)}${m.sd === null ? '' : ` ± ${formatMetric(m.sd, digits)}`}`;

/**
 * The measured effects, each defined in its tooltip. One sample: its values; several:
 * mean ± sd over the samples (with min–max), and each sample's value in its own column.
 */
export function MetricsPanel({
  pairs,
  aggregate,
  shifts,
}: {
  pairs: SteeringPair[];
  aggregate: Record<string, MeanSpread> | null;
  shifts: NamedShift[] | null;
}) {
  const many = pairs.length > 1;
  return (
    <Stack gap="sm" data-testid="steer-metrics">
      <Title order={5}>Measured effects{many ? ` · ${pairs.length} samples` : ''}</Title>
      <Table withTableBorder striped fz="xs" verticalSpacing={4}>
        <Table.Thead>
          <Table.Tr>
            <Table.Th>Metric</Table.Th>
            <Table.Th>{many ? 'mean ± sd' : 'value'}</Table.Th>
            {many && <Table.Th>min – max</Table.Th>}
            {many && pairs.map((p) => <Table.Th key={p.sample}>#{p.sample + 1}</Table.Th>)}
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {SAMPLE_METRICS.map((k) => {
            const d = METRIC_DEFS[k];
            const a = aggregate?.[k];
            return (
              <Table.Tr key={k} data-testid={`steer-metric-${k}`}>
                <Table.Td>
                  <Defined label={`${d.name}${d.unit ? ` (${d.unit})` : ''}`} definition={d.definition} />
                </Table.Td>
                <Table.Td ff="monospace" data-testid="steer-metric-value">
                  {many ? (aggregate ? spread(a, d.digits) : 'stopped: not aggregated') : formatMetric(pairs[0]?.metrics[k], d.digits)}
                </Table.Td>
                {many && (
                  <Table.Td ff="monospace">
                    {a && a.n > 0 ? `${formatMetric(a.min, d.digits)} – ${formatMetric(a.max, d.digits)}` : '—'}
                  </Table.Td>
                )}
                {many &&
                  pairs.map((p) => (
                    <Table.Td key={p.sample} ff="monospace">
                      {formatMetric(p.metrics[k], d.digits)}
                    </Table.Td>
                  ))}
              </Table.Tr>
            );
          })}
        </Table.Tbody>
      </Table>
      {shifts && <ShiftBars shifts={shifts} />}
    </Stack>
  );
}

const pct = (p: number) => (p >= 0.001 ? `${(100 * p).toFixed(1)} %` : p > 0 ? p.toExponential(1) : '0');

/** Baseline → steered probability of the most-shifted tokens at the first generated position, on one shared scale. */
function ShiftBars({ shifts }: { shifts: NamedShift[] }) {
  const max = Math.max(1e-9, ...shifts.flatMap((s) => [s.baseline, s.steered]));
  const bar = (p: number, color: string) => (
    <div style={{ height: 7, width: `${(100 * p) / max}%`, minWidth: p > 0 ? 1 : 0, background: color, borderRadius: 2 }} />
  );
  return (
    <Paper withBorder p="sm" data-testid="steer-shifts">
      <Group justify="space-between" mb={6}>
        <Defined label="First generated position: probability, unsteered → steered" definition={SHIFT_DEFINITION} />
        <Group gap={10}>
          <Group gap={4}>
            <div style={{ width: 10, height: 6, background: '#64748b' }} />
            <Text size="xs" c="dimmed">
              unsteered
            </Text>
          </Group>
          <Group gap={4}>
            <div style={{ width: 10, height: 6, background: '#10b981' }} />
            <Text size="xs" c="dimmed">
              steered
            </Text>
          </Group>
        </Group>
      </Group>
      {shifts.length === 0 && (
        <Text size="xs" c="dimmed">
          No change at the first position (steering generated positions only starts after it).
        </Text>
      )}
      <Stack gap={4}>
        {shifts.map((s) => (
          <Group key={s.tokenId} gap="xs" wrap="nowrap" data-testid="steer-shift-row">
            <Text size="xs" ff="monospace" w={110} ta="right" truncate style={{ whiteSpace: 'pre' }}>
              {tokenLabel(s.text)}
            </Text>
            <Stack gap={2} style={{ flex: 1 }}>
              {bar(s.baseline, '#64748b')}
              {bar(s.steered, '#10b981')}
            </Stack>
            <Text size="xs" ff="monospace" w={150} c={s.delta > 0 ? 'emerald.4' : 'red.4'}>
              {pct(s.baseline)} → {pct(s.steered)}
            </Text>
          </Group>
        ))}
      </Stack>
    </Paper>
  );
}
