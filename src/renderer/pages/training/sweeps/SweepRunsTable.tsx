import { Badge, Button, Group, Progress, Stack, Table, Tooltip, UnstyledButton } from '@mantine/core';
import { IconArrowDown, IconArrowUp, IconExternalLink, IconSparkles } from '@tabler/icons-react';
import { useState, type KeyboardEvent } from 'react';
import type { SweepDetail, SweepRunSummary } from '../../../../shared/types/sweeps';
import { openFeatures } from '../../features/route';
import { STATUS_COLORS, STATUS_LABELS } from '../RunDashboard';
import { ARCHITECTURE_COLORS } from './colours';
import { runColumns, type RunColumn } from './columns';
import { sortRows, type SortDirection } from './sort';

function StatusCell({ run }: { run: SweepRunSummary }) {
  return (
    <Stack gap={2} miw={90}>
      <Badge size="xs" color={STATUS_COLORS[run.status]} data-testid="sweep-run-status">
        {STATUS_LABELS[run.status]}
      </Badge>
      {run.status !== 'completed' && run.status !== 'queued' && (
        <Progress
          value={(100 * run.currentStep) / Math.max(1, run.totalSteps)}
          size={4}
          color={STATUS_COLORS[run.status]}
          aria-label={`step ${run.currentStep} of ${run.totalSteps}`}
        />
      )}
    </Stack>
  );
}

function SortHeader({ col, sort, onSort }: { col: RunColumn; sort: { key: string; dir: SortDirection }; onSort: (key: string) => void }) {
  const active = sort.key === col.key;
  const Arrow = sort.dir === 'asc' ? IconArrowUp : IconArrowDown;
  return (
    <Table.Th
      ta={col.numeric ? 'right' : 'left'}
      aria-sort={active ? (sort.dir === 'asc' ? 'ascending' : 'descending') : 'none'}
      style={{ whiteSpace: 'nowrap' }}
    >
      <Tooltip label={col.title} openDelay={400} withArrow>
        <UnstyledButton onClick={() => onSort(col.key)} fz="xs" fw={600} data-testid={`sweep-sort-${col.key}`}>
          <Group gap={2} wrap="nowrap" justify={col.numeric ? 'flex-end' : 'flex-start'}>
            {col.header}
            {active && <Arrow size={12} />}
          </Group>
        </UnstyledButton>
      </Tooltip>
    </Table.Th>
  );
}

/**
 * A sweep's runs, one row per point (docs/training.md, "Sweeps in the app"), sortable by every
 * column (a header click sorts, a second click reverses; unmeasured runs stay at the bottom).
 * Clicking a row (or Enter/Space on it) selects it, which highlights its dots on the plots.
 */
export function SweepRunsTable({
  sweep,
  selectedId,
  onSelect,
  onOpen,
}: {
  sweep: SweepDetail;
  selectedId: string | null;
  onSelect: (id: string | null) => void;
  onOpen: (id: string) => void;
}) {
  const [sort, setSort] = useState<{ key: string; dir: SortDirection }>({ key: 'order', dir: 'asc' });
  const columns = runColumns(sweep.axes);
  const col = columns.find((c) => c.key === sort.key);
  const order = new Map(sweep.runs.map((r, i) => [r.trainingId, i]));
  const rows = col ? sortRows(sweep.runs, col.value, sort.dir) : sort.dir === 'asc' ? sweep.runs : [...sweep.runs].reverse();
  const onSort = (key: string) =>
    setSort((s) =>
      s.key === key ? { key, dir: s.dir === 'asc' ? 'desc' : 'asc' } : { key, dir: key === 'explainedVariance' ? 'desc' : 'asc' },
    );
  const toggle = (id: string) => onSelect(selectedId === id ? null : id);
  const onKey = (id: string) => (e: KeyboardEvent) => {
    if (e.target !== e.currentTarget) return;
    if (e.key === 'Enter' || e.key === ' ') {
      e.preventDefault();
      toggle(id);
    }
  };
  return (
    <Table.ScrollContainer minWidth={900}>
      <Table highlightOnHover verticalSpacing={4} fz="xs" data-testid="sweep-runs">
        <Table.Thead>
          <Table.Tr>
            <SortHeader
              col={{ key: 'order', header: '#', title: 'point order (the queue order)', value: () => null, text: () => '', numeric: true }}
              sort={sort}
              onSort={onSort}
            />
            {columns.map((c) => (
              <SortHeader key={c.key} col={c} sort={sort} onSort={onSort} />
            ))}
            <Table.Th aria-label="actions" />
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {rows.map((r) => {
            const selected = r.trainingId === selectedId;
            return (
              <Table.Tr
                key={r.trainingId}
                onClick={() => toggle(r.trainingId)}
                onKeyDown={onKey(r.trainingId)}
                tabIndex={0}
                aria-selected={selected}
                bg={selected ? 'dark.5' : undefined}
                style={{ cursor: 'pointer', boxShadow: selected ? 'inset 3px 0 0 #ffffff' : undefined }}
                data-testid="sweep-run-row"
                data-run-id={r.trainingId}
              >
                <Table.Td ta="right" c="dimmed">
                  <Group gap={4} wrap="nowrap" justify="flex-end">
                    <span style={{ width: 8, height: 8, borderRadius: '50%', background: ARCHITECTURE_COLORS[r.architecture] }} />
                    {(order.get(r.trainingId) ?? 0) + 1}
                  </Group>
                </Table.Td>
                {columns.map((c) =>
                  c.key === 'status' ? (
                    <Table.Td key={c.key}>
                      <StatusCell run={r} />
                    </Table.Td>
                  ) : (
                    <Table.Td
                      key={c.key}
                      ta={c.numeric ? 'right' : 'left'}
                      ff={c.numeric ? 'monospace' : undefined}
                      style={{ whiteSpace: 'nowrap' }}
                    >
                      {c.text(r)}
                    </Table.Td>
                  ),
                )}
                <Table.Td>
                  <Group gap={4} wrap="nowrap" onClick={(e) => e.stopPropagation()}>
                    <Button
                      size="compact-xs"
                      variant="subtle"
                      leftSection={<IconExternalLink size={12} />}
                      onClick={() => onOpen(r.trainingId)}
                      data-testid="sweep-run-open"
                    >
                      Open
                    </Button>
                    {r.saeId && (
                      <Button
                        size="compact-xs"
                        variant="light"
                        leftSection={<IconSparkles size={12} />}
                        onClick={() => openFeatures({ saeId: r.saeId })}
                        data-testid="sweep-use-sae"
                      >
                        Use this SAE
                      </Button>
                    )}
                  </Group>
                </Table.Td>
              </Table.Tr>
            );
          })}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}
