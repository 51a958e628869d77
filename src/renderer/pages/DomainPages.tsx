import { Anchor, Loader } from '@mantine/core';
import { IconAdjustments } from '@tabler/icons-react';
import { useEvent, useQuery } from '../api/hooks';
import { EmptyState } from '../components/EmptyState';
import { openFeatures } from './features/route';
import { PageHeader } from './PageHeader';

export { FeaturesPage } from './features/FeaturesPage';

const goTo = (tab: string) => () => {
  window.location.hash = `#/${tab}`;
};

/**
 * Steering is built in a later issue; until then the tab says what is true about the SAEs
 * it will steer with: none yet, no feature pass yet, or N features ready to pick from.
 */
export function SteeringPage() {
  const saes = useQuery('saes.list', {});
  useEvent('saes.changed', () => void saes.reload());
  const list = saes.data ?? [];
  const ready = list.filter((s) => s.featureCount > 0);
  const header = <PageHeader title="Steering" description="Add feature directions to the residual stream and compare steered and unsteered generations." />;
  if (!saes.data) return <>{header}{saes.error ? null : <Loader size="sm" />}</>;
  const [title, body] =
    list.length === 0
      ? ['No SAE yet', <>Steering uses an SAE's decoder directions. Train one on the <Anchor onClick={goTo('training')}>Training</Anchor> tab: its final checkpoint becomes an SAE.</>]
      : ready.length === 0
        ? ['Run the feature pass first', <>There {list.length === 1 ? 'is 1 SAE' : `are ${list.length} SAEs`}, but no feature pass has run yet, so there are no features to pick. Run it on the <Anchor onClick={() => openFeatures({ saeId: list[0]!.id, view: 'pass' })}>Features</Anchor> tab.</>]
        : [
            `${ready.reduce((n, s) => n + s.featureCount, 0).toLocaleString()} features ready`,
            <>
              {ready.map((s) => `${s.name} (${s.featureCount.toLocaleString()})`).join(', ')}: browse them on the <Anchor onClick={() => openFeatures({ saeId: ready[0]!.id })}>Features</Anchor> tab.
            </>,
          ];
  return (
    <>
      {header}
      <EmptyState icon={<IconAdjustments size={28} />} title={title}>
        {body} Steering itself — adding Σ coefficient · W_dec[f] at the SAE's hook and measuring KL and perplexity against the unsteered model — is not
        built in this version yet.
      </EmptyState>
    </>
  );
}
