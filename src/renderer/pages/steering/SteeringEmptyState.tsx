import { Anchor } from '@mantine/core';
import { IconAdjustments } from '@tabler/icons-react';
import type { SaeRecord } from '../../../shared/types/saes';
import { EmptyState } from '../../components/EmptyState';
import { openFeatures } from '../features/route';

/** Before there is anything to steer with: no SAE yet, or no SAE with a completed feature pass (the coefficient's unit). */
export function SteeringEmptyState({ saes }: { saes: SaeRecord[] }) {
  if (saes.length === 0)
    return (
      <EmptyState icon={<IconAdjustments size={28} />} title="No SAE yet">
        Steering uses an SAE's decoder directions. Train one on the{' '}
        <Anchor onClick={() => (window.location.hash = '#/training')}>Training</Anchor> tab: its final checkpoint becomes an SAE.
      </EmptyState>
    );
  return (
    <EmptyState icon={<IconAdjustments size={28} />} title="Run the feature pass first">
      There {saes.length === 1 ? 'is 1 SAE' : `are ${saes.length} SAEs`}, but no feature pass has completed yet. A steering coefficient is a
      multiple of each feature's max activation, which the pass measures. Run it on the{' '}
      <Anchor onClick={() => openFeatures({ saeId: saes[0]!.id, view: 'pass' })}>Features</Anchor> tab.
    </EmptyState>
  );
}
