import { Alert, Anchor, Group, Stack, Text, Title, Tooltip } from '@mantine/core';
import type { FeatureSummary } from '../../../shared/types/features';
import { openFeatures } from '../features/route';
import type { DraftFeature } from './draft';
import { FeaturePicker } from './FeaturePicker';
import { SteeredFeatureCard } from './SteeredFeatureCard';

/** What the last run measured about the steering vector, and for which features/modes it was. */
export interface VectorNorm {
  /** ‖Σ c_f·max_f·W_dec[f]‖₂; null for clamp (its delta differs per position). */
  norm: number | null;
  /** Mean ‖x_t‖₂ at the hook over the prompt, unsteered. */
  residual: number;
  hook: string;
  /** The features/coefficients/modes it was measured for (stale when they changed since). */
  key: string;
}

export const vectorKey = (features: DraftFeature[]) => JSON.stringify(features.map((f) => [f.feature, f.coefficient, f.mode]));

/** The steered features — search and add, one card per feature, clear all, the vector's size. */
export function SteeredFeatures({
  saeId,
  features,
  norm,
  onChange,
}: {
  saeId: string;
  features: DraftFeature[];
  norm: VectorNorm | null;
  onChange: (features: DraftFeature[]) => void;
}) {
  const add = (f: FeatureSummary) =>
    onChange([
      ...features,
      {
        feature: f.featureIndex,
        coefficient: 0,
        mode: 'additive',
        label: f.label ?? f.suggestedLabel,
        topTokens: f.topTokens,
        maxActivation: f.maxActivation,
      },
    ]);
  const stale = norm !== null && norm.key !== vectorKey(features);
  return (
    <Stack gap="xs" data-testid="steered-features">
      <Group justify="space-between">
        <Title order={5}>Features to steer ({features.length})</Title>
        {features.length > 0 && (
          <Anchor size="xs" onClick={() => onChange([])} data-testid="steered-clear">
            Clear all
          </Anchor>
        )}
      </Group>
      <FeaturePicker saeId={saeId} chosen={features.map((f) => f.feature)} onAdd={add} />
      <Text size="xs" c="dimmed">
        Coefficients are in multiples of each feature's <b>max activation from the feature pass</b>: +1 steers as strongly as the feature
        ever fires, −1 as strongly against it.
      </Text>
      {features.length === 0 && (
        <Text size="sm" c="dimmed" ta="center" py="md">
          No features yet: search above and add one or more.
        </Text>
      )}
      {features.map((f, i) => (
        <SteeredFeatureCard
          key={f.feature}
          f={f}
          onChange={(change) => onChange(features.map((g, j) => (j === i ? { ...g, ...change } : g)))}
          onRemove={() => onChange(features.filter((_, j) => j !== i))}
          onOpen={() => openFeatures({ saeId, featureIndex: f.feature, view: 'browse' })}
        />
      ))}
      {features.length > 0 && (
        <Alert color="blue" variant="light" p="xs" data-testid="steering-vector">
          <Tooltip
            multiline
            w={340}
            label="‖Σ c·max·W_dec[f]‖₂, the size of what is added at each steered position, against the mean ‖x‖₂ of the residual stream at the hook over the prompt (unsteered). Ratios near 1 and above overwrite the residual; measured by the last run."
          >
            <Text size="xs">
              <b>Steering vector</b> · {features.length} feature{features.length === 1 ? '' : 's'} ·{' '}
              {norm === null
                ? 'L2 norm and its ratio to the residual norm are measured by the first run'
                : norm.norm === null
                  ? `a clamped feature's delta depends on the position's own activation (no single norm); residual norm at ${norm.hook} ${norm.residual.toFixed(2)}`
                  : `L2 norm ${norm.norm.toFixed(3)} = ${(norm.norm / norm.residual).toFixed(3)} × the mean residual norm ${norm.residual.toFixed(2)} at ${norm.hook}`}
              {stale ? ' (for the last run’s settings: run again to update)' : ''}
            </Text>
          </Tooltip>
        </Alert>
      )}
    </Stack>
  );
}
