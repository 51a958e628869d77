import { Alert, Anchor, Button, Group, Loader, Tabs } from '@mantine/core';
import { IconSparkles } from '@tabler/icons-react';
import { useCallback, useEffect, useState } from 'react';
import { useEvent, useQuery } from '../../api/hooks';
import { EmptyState } from '../../components/EmptyState';
import { PageHeader } from '../PageHeader';
import { CorrelationHeatmapPage } from './analysis/CorrelationHeatmapPage';
import { FeatureMapPage } from './analysis/FeatureMapPage';
import { BrowseView } from './BrowseView';
import { FeaturePassPanel } from './FeaturePassPanel';
import { ImportProbeLine } from './import/ImportProbeLine';
import { ImportSaeModal } from './import/ImportSaeModal';
import { ProbeTextPanel } from './ProbeTextPanel';
import { SaePicker } from './SaePicker';
import { ImportArchiveButton } from '../exports/ImportArchiveModal';
import { SaeExports } from '../exports/OwnerExports';
import type { FeaturesView } from './route';
import { useFeaturesRoute } from './useFeaturesRoute';

const goTo = (tab: string) => () => {
  window.location.hash = `#/${tab}`;
};

/**
 * The Features tab: pick an SAE, run its feature pass, browse and open its features, probe text.
 * It says what is true: no SAE yet / the pass has not run / N features ready.
 */
export function FeaturesPage() {
  const saes = useQuery('saes.list', {});
  useEvent('saes.changed', () => void saes.reload());
  useEvent('features.changed', (e) => e.featureIndex === null && void saes.reload());
  const { route, go } = useFeaturesRoute();
  const [importing, setImporting] = useState(false);
  const list = saes.data ?? [];
  const sae = list.find((s) => s.id === route.saeId) ?? list.find((s) => s.featureCount > 0) ?? list[0] ?? null;
  // Name the SAE in the URL once one is chosen, so a reload comes back to it.
  useEffect(() => {
    if (sae && route.saeId !== sae.id) go({ saeId: sae.id, featureIndex: null }, { replace: true });
  }, [sae, route.saeId, go]);
  const openFeature = useCallback((featureIndex: number, replace = false) => go({ featureIndex, view: 'browse' }, { replace }), [go]);

  const header = (
    <>
      <PageHeader
        title="Features"
        description="What an SAE learned: run its feature pass, browse features, open one to see its examples, logit lens, histogram and neighbours, or probe any text."
      />
      {/* Select an imported SAE only once the list has it: the route effect re-picks an SAE the list lacks. */}
      <ImportSaeModal
        opened={importing}
        onClose={() => setImporting(false)}
        onImported={(id) => void saes.reload().then(() => go({ saeId: id, featureIndex: null, view: 'browse' }))}
      />
    </>
  );
  if (saes.loading && !saes.data)
    return (
      <>
        {header}
        <Loader size="sm" />
      </>
    );
  if (saes.error)
    return (
      <>
        {header}
        <Alert color="red">{saes.error.message}</Alert>
      </>
    );
  if (!sae)
    return (
      <>
        {header}
        <EmptyState
          icon={<IconSparkles size={28} />}
          title="No SAE yet"
          action={
            <Group>
              <Button onClick={goTo('training')}>Go to Training</Button>
              <Button variant="default" onClick={() => setImporting(true)} data-testid="sae-import-open">
                Import SAE folder…
              </Button>
              <ImportArchiveButton
                onImported={(id) => void saes.reload().then(() => go({ saeId: id, featureIndex: null, view: 'browse' }))}
              />
            </Group>
          }
        >
          An SAE appears here when a training run completes (its final checkpoint), or when you pick <b>Use this checkpoint</b> on any
          checkpoint of a run. You can also import a SAELens or sparsify SAE folder onto one of your models. Then run its feature pass over
          held-out text to browse what it learned.
        </EmptyState>
      </>
    );

  const view: FeaturesView = sae.featureCount === 0 && route.view === 'browse' ? 'pass' : route.view;
  return (
    <>
      {header}
      <SaePicker
        saes={list}
        value={sae.id}
        onChange={(id) => go({ saeId: id, featureIndex: null, view: 'browse' })}
        onImport={() => setImporting(true)}
        actions={
          <ImportArchiveButton onImported={(id) => void saes.reload().then(() => go({ saeId: id, featureIndex: null, view: 'browse' }))} />
        }
      />
      <ImportProbeLine sae={sae} />
      {sae.featureCount === 0 && (
        <Alert color="blue" mb="md" data-testid="features-status">
          {sae.activePass
            ? 'The feature pass is running: features appear when it completes.'
            : 'Run the feature pass: this SAE has no feature results yet.'}
        </Alert>
      )}
      <Tabs value={view} onChange={(v) => v && go({ view: v as FeaturesView })} keepMounted={false}>
        <Tabs.List mb="md">
          <Tabs.Tab value="browse" disabled={sae.featureCount === 0} data-testid="features-view-browse">
            Browse ({sae.featureCount.toLocaleString()} features)
          </Tabs.Tab>
          <Tabs.Tab value="probe" data-testid="features-view-probe">
            Probe text
          </Tabs.Tab>
          <Tabs.Tab value="correlations" disabled={sae.featureCount === 0} data-testid="features-view-correlations">
            Correlation heatmap
          </Tabs.Tab>
          <Tabs.Tab value="map" data-testid="features-view-map">
            Feature map
          </Tabs.Tab>
          <Tabs.Tab value="export" data-testid="features-view-export">
            Export
          </Tabs.Tab>
          <Tabs.Tab value="pass" data-testid="features-view-pass">
            <Group gap={6}>Feature pass{sae.activePass && <Loader size={10} />}</Group>
          </Tabs.Tab>
        </Tabs.List>
        <Tabs.Panel value="browse">
          {sae.featureCount > 0 && <BrowseView key={sae.id} sae={sae} featureIndex={route.featureIndex} onOpen={openFeature} />}
        </Tabs.Panel>
        <Tabs.Panel value="probe">
          <ProbeTextPanel saeId={sae.id} onOpen={(f) => go({ featureIndex: f, view: 'browse' })} />
        </Tabs.Panel>
        <Tabs.Panel value="correlations">
          {sae.featureCount > 0 && (
            <CorrelationHeatmapPage key={sae.id} saeId={sae.id} onOpen={(f) => go({ featureIndex: f, view: 'browse' })} />
          )}
        </Tabs.Panel>
        <Tabs.Panel value="map">
          <FeatureMapPage key={sae.id} saeId={sae.id} onOpen={(f) => go({ featureIndex: f, view: 'browse' })} />
        </Tabs.Panel>
        <Tabs.Panel value="export">
          <SaeExports sae={sae} />
        </Tabs.Panel>
        <Tabs.Panel value="pass">
          <FeaturePassPanel key={sae.id} sae={sae} />
          {sae.featureCount > 0 && (
            <Anchor size="sm" mt="sm" display="block" onClick={() => go({ view: 'browse' })}>
              Browse the {sae.featureCount.toLocaleString()} features of the last pass
            </Anchor>
          )}
        </Tabs.Panel>
      </Tabs>
    </>
  );
}
