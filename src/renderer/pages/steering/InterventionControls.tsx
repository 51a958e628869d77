import { Alert, Group, SegmentedControl, Select, Stack, Text, Tooltip } from '@mantine/core';
import type { ModelRecord } from '../../../shared/types/models';
import type { SaeRecord } from '../../../shared/types/saes';
import type { SteeringPositions } from '../../../shared/types/steering';

const POSITIONS_HELP: Record<SteeringPositions, string> = {
  all: 'Every position: the prompt and the generated tokens.',
  prompt: "The prompt's positions only; generated tokens see the steered prompt through attention.",
  generated: 'Generated positions only; the first generated token is sampled unsteered, so first-position shifts are zero.',
};

/**
 * Where the features are applied (each feature's additive / clamp mode is on its card): which
 * positions, and at which hook — the SAE's own by default; another of the same width is allowed, with a warning.
 */
export function InterventionControls({
  sae,
  model,
  positions,
  hook,
  onChange,
}: {
  sae: SaeRecord;
  model: ModelRecord | null;
  positions: SteeringPositions;
  hook: string | null;
  onChange: (patch: { positions?: SteeringPositions; hook?: string | null }) => void;
}) {
  // Every hook point of the model (residual, attention out, MLP out) is d_model wide: all are offered when that is the SAE's width.
  const sameWidth = model?.architecture?.dModel === sae.dIn ? (model?.hooks ?? []) : [];
  const hooks = sameWidth.some((h) => h.name === sae.hook) ? sameWidth : [{ name: sae.hook }, ...sameWidth];
  const chosen = hook ?? sae.hook;
  return (
    <Stack gap="xs">
      <Group grow align="flex-start">
        <Stack gap={2}>
          <Text size="sm" fw={500}>
            Positions
          </Text>
          <Tooltip multiline w={320} label={POSITIONS_HELP[positions]}>
            <SegmentedControl
              size="xs"
              value={positions}
              onChange={(v) => onChange({ positions: v as SteeringPositions })}
              data={[
                { value: 'all', label: 'All' },
                { value: 'prompt', label: 'Prompt' },
                { value: 'generated', label: 'Generated' },
              ]}
              data-testid="steer-positions"
            />
          </Tooltip>
        </Stack>
      </Group>
      <Text size="xs" c="dimmed">
        {POSITIONS_HELP[positions]}
      </Text>
      <Select
        label="Hook"
        size="xs"
        data={hooks.map((h) => ({ value: h.name, label: h.name === sae.hook ? `${h.name} (the SAE's own)` : h.name }))}
        value={chosen}
        onChange={(v) => v && onChange({ hook: v === sae.hook ? null : v })}
        allowDeselect={false}
        searchable
        description={sameWidth.length ? `${sameWidth.length} hooks of ${sae.modelName ?? 'the model'} are ${sae.dIn} wide` : undefined}
        data-testid="steer-hook"
      />
      {chosen !== sae.hook && (
        <Alert color="yellow" p="xs" data-testid="steer-hook-warning">
          <Text size="xs">
            The SAE's decoder directions were learned at {sae.hook}; at {chosen} they are the same width but need not mean the same thing.
          </Text>
        </Alert>
      )}
    </Stack>
  );
}
