import { SimpleGrid, Stack, Text, Title } from '@mantine/core';
import type { LogitLens } from '../../../shared/types/features';
import { RankedBars } from '../../charts/RankedBars';
import { formatActivation, tokenLabel } from './shade';

/**
 * Logit lens (docs/features.md, "The feature pass"): what the feature's decoder direction promotes and suppresses, read straight
 * through the unembedding — (W_dec[f] · W_U)[token] — ranked, on one shared scale.
 */
export function LogitLensTab({ lens }: { lens: LogitLens }) {
  let maxAbs = 0;
  for (const e of [...lens.positive, ...lens.negative]) maxAbs = Math.max(maxAbs, Math.abs(e.value));
  const rows = (list: LogitLens['positive']) => list.map((e) => ({ label: tokenLabel(e.token), value: e.value }));
  return (
    <Stack gap="sm" data-testid="logit-lens-tab">
      <Text size="xs" c="dimmed">
        (W_dec[f] · W_U)[token]: the direct effect of one unit of this feature on each token's logit, skipping the later layers.{' '}
        {lens.finalNormScale
          ? `The final norm's scale (${lens.finalNormScale}) is folded in before W_U.`
          : 'No final-norm scale is applied (the model has none we could fold in).'}
      </Text>
      <SimpleGrid cols={{ base: 1, md: 2 }} spacing="lg">
        <Stack gap={4}>
          <Title order={6} c="emerald.4">
            Promoted (top +)
          </Title>
          <RankedBars rows={rows(lens.positive)} maxAbs={maxAbs} color="#10b981" formatValue={formatActivation} testId="logit-positive" />
        </Stack>
        <Stack gap={4}>
          <Title order={6} c="red.4">
            Suppressed (top −)
          </Title>
          <RankedBars rows={rows(lens.negative)} maxAbs={maxAbs} color="#ef4444" formatValue={formatActivation} testId="logit-negative" />
        </Stack>
      </SimpleGrid>
    </Stack>
  );
}
