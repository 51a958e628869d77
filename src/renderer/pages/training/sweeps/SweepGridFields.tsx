import {
  ActionIcon,
  Alert,
  Badge,
  Button,
  Group,
  MultiSelect,
  Paper,
  ScrollArea,
  Select,
  Stack,
  Switch,
  Text,
  TextInput,
} from '@mantine/core';
import { IconPlus, IconX } from '@tabler/icons-react';
import { SWEEP_PARAMETERS, type SweepParameter } from '../../../../shared/types/sweeps';
import type { TrainingHyperparameters } from '../../../../shared/types/training';
import { ARCHITECTURE_LABELS, type TrainableArchitecture } from '../../../../shared/sae-architectures';
import { pointLabel } from '../../../../shared/sweeps/grid';
import {
  MAX_SWEEP_POINTS,
  PARAMETER_LABELS,
  sparsityParameter,
  suggestAxis,
  type AxisDraft,
  type SweepPlan,
  type SweepRefusal,
} from './draft';

/** The drawer's sweep state: off, or up to two axes (docs/training.md, "Sweeps in the app"). */
export interface SweepDraft {
  on: boolean;
  axes: AxisDraft[];
}
export const SWEEP_OFF: SweepDraft = { on: false, axes: [] };

const PARAMETER_OPTIONS = SWEEP_PARAMETERS.map((p) => ({ value: p, label: PARAMETER_LABELS[p] }));
const ARCHITECTURE_OPTIONS = Object.entries(ARCHITECTURE_LABELS).map(([value, label]) => ({ value, label }));

function AxisRow({
  index,
  axis,
  base,
  onChange,
  onRemove,
}: {
  index: number;
  axis: AxisDraft;
  base: TrainingHyperparameters;
  onChange: (a: AxisDraft) => void;
  onRemove: (() => void) | null;
}) {
  return (
    <Group gap="xs" align="flex-end" wrap="nowrap" data-testid={`sweep-axis-${index}`}>
      <Select
        label={`Axis ${index + 1}`}
        data={PARAMETER_OPTIONS}
        value={axis.parameter}
        onChange={(v) => v && onChange(suggestAxis(v as SweepParameter, base))}
        allowDeselect={false}
        size="xs"
        w={200}
        data-testid={`sweep-axis-${index}-parameter`}
      />
      {axis.parameter === 'architecture' ? (
        <MultiSelect
          label="Architectures"
          data={ARCHITECTURE_OPTIONS}
          value={axis.architectures}
          onChange={(v) => onChange({ ...axis, architectures: v as TrainableArchitecture[] })}
          searchable
          // Enter picks the first match (instead of submitting the drawer's form).
          selectFirstOptionOnChange
          size="xs"
          flex={1}
          data-testid={`sweep-axis-${index}-architectures`}
        />
      ) : (
        <TextInput
          label="Values (comma-separated)"
          value={axis.text}
          onChange={(e) => onChange({ ...axis, text: e.currentTarget.value })}
          placeholder={`e.g. ${String(base[axis.parameter])}`}
          size="xs"
          flex={1}
          data-testid={`sweep-axis-${index}-values`}
        />
      )}
      {onRemove && (
        <ActionIcon variant="subtle" color="gray" onClick={onRemove} aria-label={`remove axis ${index + 1}`} mb={4}>
          <IconX size={14} />
        </ActionIcon>
      )}
    </Group>
  );
}

/**
 * "Sweep" in the New training drawer: when on, one or two axes over the drawer's config, and a
 * preview of every point (the runs `sweeps.create` will make, in order) before Start. The
 * swept parameters override the drawer's own fields; everything else comes from the drawer.
 */
export function SweepGridFields({
  draft,
  onChange,
  base,
  plan,
  error,
}: {
  draft: SweepDraft;
  onChange: (d: SweepDraft) => void;
  base: TrainingHyperparameters;
  plan: SweepPlan;
  /** The server's refusal of the last Start (e.g. a point training.create would reject): its point is marked red. */
  error: SweepRefusal | null;
}) {
  const setAxis = (i: number, a: AxisDraft) => onChange({ ...draft, axes: draft.axes.map((x, j) => (j === i ? a : x)) });
  const second = (): SweepParameter =>
    draft.axes[0]?.parameter === 'architecture' ? sparsityParameter(base.architecture) : 'architecture';
  return (
    <Paper withBorder p="sm" radius="md" data-testid="sweep-fields">
      <Switch
        label="Sweep"
        description="train one run per grid point, queued one after another, and compare them on one page"
        checked={draft.on}
        onChange={(e) =>
          onChange(
            e.currentTarget.checked
              ? { on: true, axes: draft.axes.length ? draft.axes : [suggestAxis(sparsityParameter(base.architecture), base)] }
              : { ...draft, on: false },
          )
        }
        data-testid="sweep-switch"
      />
      {draft.on && (
        <Stack gap="xs" mt="sm">
          {draft.axes.map((a, i) => (
            <AxisRow
              key={i}
              index={i}
              axis={a}
              base={base}
              onChange={(x) => setAxis(i, x)}
              onRemove={draft.axes.length > 1 ? () => onChange({ ...draft, axes: draft.axes.filter((_, j) => j !== i) }) : null}
            />
          ))}
          {draft.axes.length < 2 && (
            <Button
              size="xs"
              variant="subtle"
              leftSection={<IconPlus size={14} />}
              onClick={() => onChange({ ...draft, axes: [...draft.axes, suggestAxis(second(), base)] })}
              style={{ alignSelf: 'flex-start' }}
              data-testid="sweep-add-axis"
            >
              Second axis
            </Button>
          )}
          {plan.problems.length > 0 && (
            <Stack gap={0} data-testid="sweep-problems">
              {plan.problems.map((p) => (
                <Text key={p} size="xs" c="red.4">
                  {p}
                </Text>
              ))}
            </Stack>
          )}
          <Group gap="xs">
            <Text size="sm" fw={600} data-testid="sweep-run-count">
              {plan.points.length} run{plan.points.length === 1 ? '' : 's'}
            </Text>
            <Text size="xs" c="dimmed">
              ({plan.axes.map((a) => a.values.length).join(' × ') || '0'}; at most {MAX_SWEEP_POINTS}; each{' '}
              {base.totalSteps.toLocaleString('en-US')} steps unless swept)
            </Text>
          </Group>
          {plan.points.length > 0 && (
            <ScrollArea.Autosize mah={150} type="auto">
              <Group gap={6} data-testid="sweep-preview">
                {plan.points.map((p, i) => (
                  <Badge
                    key={i}
                    variant="light"
                    color={error?.point === i ? 'red' : 'gray'}
                    size="sm"
                    tt="none"
                    data-testid="sweep-preview-point"
                    data-refused={error?.point === i ? 'true' : undefined}
                  >
                    {i + 1}. {pointLabel(p)}
                  </Badge>
                ))}
              </Group>
            </ScrollArea.Autosize>
          )}
          {error && (
            <Alert color="red" title="The sweep was not started" data-testid="sweep-error">
              <Text size="xs">{error.message}</Text>
            </Alert>
          )}
        </Stack>
      )}
    </Paper>
  );
}
