import { Anchor } from '@mantine/core';
import { IconAdjustments, IconSparkles } from '@tabler/icons-react';
import { EmptyState } from '../components/EmptyState';
import { PageHeader } from './PageHeader';

/**
 * The research workflow's tabs. Each says what it is for and what to do first; the
 * domains fill them in (Datasets, Models, Training, Features, Steering issues).
 */
const goTo = (tab: string) => () => {
  window.location.hash = `#/${tab}`;
};

export function FeaturesPage() {
  return (
    <>
      <PageHeader title="Features" description="Browse what an SAE learned: max-activating examples, logit lens, correlations, measured ablation." />
      <EmptyState icon={<IconSparkles size={28} />} title="No features to browse">
        Features appear after an SAE finishes training (or when you import a SAELens-format SAE) and its feature pass has run over
        held-out text. Start on the <Anchor onClick={goTo('training')}>Training</Anchor> tab.
      </EmptyState>
    </>
  );
}

export function SteeringPage() {
  return (
    <>
      <PageHeader title="Steering" description="Add feature directions to the residual stream and compare steered and unsteered generations." />
      <EmptyState icon={<IconAdjustments size={28} />} title="Nothing to steer with yet">
        Steering uses an SAE's decoder directions: pick features, set coefficients (in units of each feature's max activation), and
        miStudio generates with and without them from the same seed, then measures KL, perplexity and the largest probability shifts.
        Train or import an SAE first.
      </EmptyState>
    </>
  );
}
