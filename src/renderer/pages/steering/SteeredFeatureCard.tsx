import { ActionIcon, Badge, Button, Group, NumberInput, Paper, SegmentedControl, Slider, Stack, Text, Tooltip } from '@mantine/core';
import { IconX } from '@tabler/icons-react';
import type { SteeringMode } from '../../../shared/types/steering';
import { formatActivation, tokenLabel } from '../features/shade';
import { QUICK, SLIDER_RANGE, type DraftFeature } from './draft';

const MODE_HELP: Record<SteeringMode, string> = {
  additive: 'Additive: x′ = x + c·max·W_dec[f] at the hook, the same vector at every steered position.',
  clamp:
    "Clamp: encode x, set this feature's activation to c·max, add (a′ − a)·W_dec[f]; the SAE's error term is kept (Anthropic's clamping). c = 0 ablates it.",
};

const MARKS = [
  { value: -SLIDER_RANGE, label: `−${SLIDER_RANGE}` },
  { value: 0, label: '0' },
  { value: SLIDER_RANGE, label: `+${SLIDER_RANGE}` },
];

/**
 * One steered feature: its own intervention (Additive / Clamp; a run may mix them), its
 * coefficient on a −5…+5 slider (typed values beyond are kept; the slider then sits at its
 * end), quick Suppress / Reset / Amplify, remove. The unit is the feature's max activation
 * from the feature pass, said next to the number.
 */
export function SteeredFeatureCard({
  f,
  onChange,
  onRemove,
  onOpen,
}: {
  f: DraftFeature;
  onChange: (change: { coefficient?: number; mode?: SteeringMode }) => void;
  onRemove: () => void;
  onOpen: () => void;
}) {
  const { mode } = f;
  const setCoefficient = (coefficient: number) => onChange({ coefficient });
  const beyond = Math.abs(f.coefficient) > SLIDER_RANGE;
  const activation = f.coefficient * f.maxActivation;
  return (
    <Paper withBorder p="sm" data-testid="steered-feature" data-feature={f.feature} data-coefficient={f.coefficient} data-mode={mode}>
      <Stack gap={6}>
        <Group justify="space-between" wrap="nowrap">
          <Group gap={6} wrap="nowrap" style={{ minWidth: 0 }}>
            <Tooltip label="Open its dashboard on the Features tab">
              <Text size="sm" ff="monospace" c="blue.4" style={{ cursor: 'pointer' }} onClick={onOpen}>
                #{f.feature}
              </Text>
            </Tooltip>
            <Text size="sm" fw={500} truncate>
              {f.label ?? 'unlabelled'}
            </Text>
            {f.topTokens.slice(0, 3).map((t, i) => (
              <Badge key={i} size="xs" variant="light" color="gray" ff="monospace" tt="none">
                {tokenLabel(t)}
              </Badge>
            ))}
          </Group>
          <Group gap={4} wrap="nowrap">
            <Tooltip multiline w={320} label={MODE_HELP[mode]}>
              <SegmentedControl
                size="xs"
                value={mode}
                onChange={(v) => onChange({ mode: v as SteeringMode })}
                data={[
                  { value: 'additive', label: 'Additive' },
                  { value: 'clamp', label: 'Clamp' },
                ]}
                aria-label={`Intervention of feature ${f.feature}`}
                data-testid="steered-feature-mode"
              />
            </Tooltip>
            <Tooltip label="Remove this feature">
              <ActionIcon
                variant="subtle"
                color="red"
                onClick={onRemove}
                aria-label={`Remove feature ${f.feature}`}
                data-testid="steered-feature-remove"
              >
                <IconX size={14} />
              </ActionIcon>
            </Tooltip>
          </Group>
        </Group>
        <Group gap="sm" align="center" wrap="nowrap">
          <Slider
            style={{ flex: 1 }}
            min={-SLIDER_RANGE}
            max={SLIDER_RANGE}
            step={0.1}
            marks={MARKS}
            value={Math.max(-SLIDER_RANGE, Math.min(SLIDER_RANGE, f.coefficient))}
            onChange={(v) => setCoefficient(Math.round(v * 10) / 10)}
            color={f.coefficient < 0 ? 'red' : 'emerald'}
            label={(v) => v.toFixed(1)}
            aria-label={`Coefficient of feature ${f.feature}`}
            data-testid="steered-feature-slider"
          />
          <NumberInput
            w={92}
            size="xs"
            value={f.coefficient}
            onChange={(v) => typeof v === 'number' && Number.isFinite(v) && setCoefficient(v)}
            min={-1000}
            max={1000}
            step={0.5}
            decimalScale={3}
            clampBehavior="strict"
            aria-label={`Coefficient of feature ${f.feature} (typed)`}
            data-testid="steered-feature-coefficient"
          />
        </Group>
        <Stack gap={4} mt={10}>
          <Group gap={4} wrap="nowrap">
            <Button size="compact-xs" variant="default" onClick={() => setCoefficient(QUICK.suppress)}>
              Suppress ({QUICK.suppress})
            </Button>
            <Button size="compact-xs" variant="default" onClick={() => setCoefficient(QUICK.reset)}>
              Reset (0)
            </Button>
            <Button size="compact-xs" variant="default" onClick={() => setCoefficient(QUICK.amplify)}>
              Amplify (+{QUICK.amplify})
            </Button>
          </Group>
          <Tooltip
            multiline
            w={300}
            label={
              mode === 'additive'
                ? `Adds ${f.coefficient} × ${formatActivation(f.maxActivation)} (its max activation) × W_dec[${f.feature}] at every steered position.`
                : `Sets the feature's activation to ${f.coefficient} × ${formatActivation(f.maxActivation)} at every steered position (0 ablates it), keeping the SAE's error term.`
            }
          >
            <Text size="xs" c={beyond ? 'yellow.4' : 'dimmed'} data-testid="steered-feature-unit" style={{ cursor: 'help' }}>
              {f.coefficient} × max activation {formatActivation(f.maxActivation)} (from the feature pass) ={' '}
              {mode === 'clamp' ? 'clamped to ' : 'adds '}
              {formatActivation(activation)} × W_dec[{f.feature}]{beyond ? ' (beyond the slider)' : ''}
            </Text>
          </Tooltip>
        </Stack>
      </Stack>
    </Paper>
  );
}
