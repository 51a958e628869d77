import { Loader, Tabs } from '@mantine/core';
import type { FeatureDetail, FeatureExamples } from '../../../../shared/types/features';
import { AblationTab } from './AblationTab';
import { ActivationHeatmapTab } from './ActivationHeatmapTab';
import { CorrelationsTab } from './CorrelationsTab';

/** The analysis tabs of the feature dashboard (inserted into its Tabs.List). */
export function AnalysisTabs() {
  return (
    <>
      <Tabs.Tab value="heatmap" data-testid="feature-tab-heatmap">
        Activation heatmap
      </Tabs.Tab>
      <Tabs.Tab value="ablation" data-testid="feature-tab-ablation">
        Ablation
      </Tabs.Tab>
      <Tabs.Tab value="correlations" data-testid="feature-tab-correlations">
        Correlations
      </Tabs.Tab>
    </>
  );
}

/** Their panels (inserted beside the dashboard's own panels). */
export function AnalysisPanels({
  saeId,
  f,
  examples,
  onOpen,
}: {
  saeId: string;
  f: FeatureDetail;
  examples: FeatureExamples | null;
  onOpen: (featureIndex: number) => void;
}) {
  return (
    <>
      <Tabs.Panel value="heatmap" pt="sm">
        {examples ? <ActivationHeatmapTab examples={examples} maxActivation={f.maxActivation} /> : <Loader size="sm" />}
      </Tabs.Panel>
      <Tabs.Panel value="ablation" pt="sm">
        <AblationTab saeId={saeId} featureIndex={f.featureIndex} />
      </Tabs.Panel>
      <Tabs.Panel value="correlations" pt="sm">
        <CorrelationsTab saeId={saeId} featureIndex={f.featureIndex} neighbours={f.neighbours} onOpen={onOpen} />
      </Tabs.Panel>
    </>
  );
}
