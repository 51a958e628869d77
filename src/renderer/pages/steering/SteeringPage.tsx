import { Alert, Button, Divider, Grid, Group, Loader, Paper, Stack, Tabs, Text, Tooltip } from '@mantine/core';
import { IconPlayerPlay, IconPlayerStop } from '@tabler/icons-react';
import { useCallback, useEffect, useRef, useState } from 'react';
import { tabFromHash } from '../../app/tabs';
import { useEvent, useQuery } from '../../api/hooks';
import { SaePicker } from '../features/SaePicker';
import { PageHeader } from '../PageHeader';
import { ComparisonView } from './ComparisonView';
import { generateArgs, generateBlocker, presetConfig, sweepArgs } from './draft';
import { GenerationControls } from './GenerationControls';
import { InterventionControls } from './InterventionControls';
import { PresetsPanel } from './PresetsPanel';
import { parseSteeringHash, steeringHash } from './route';
import { SteeredFeatures, vectorKey, type VectorNorm } from './SteeredFeatures';
import { SteeringEmptyState } from './SteeringEmptyState';
import { SweepPanel } from './SweepPanel';
import { useSteeringDraft } from './useSteeringDraft';
import { useSteeringRun } from './useSteeringRun';
import { useSweepRun } from './useSweepRun';

function useSteeringRoute() {
  const [route, setRoute] = useState(() => parseSteeringHash(window.location.hash));
  useEffect(() => {
    const on = () => tabFromHash(window.location.hash) === 'steering' && setRoute(parseSteeringHash(window.location.hash));
    window.addEventListener('hashchange', on);
    return () => window.removeEventListener('hashchange', on);
  }, []);
  /** Rewrite the hash in place (no history entry): the SAE chosen, the added feature dropped. */
  const replace = useCallback((saeId: string | null) => {
    if (tabFromHash(window.location.hash) !== 'steering') return;
    const hash = steeringHash({ saeId });
    window.history.replaceState(null, '', `${window.location.pathname}${window.location.search}${hash}`);
    setRoute({ saeId, featureIndex: null });
  }, []);
  return { route, replace };
}

/**
 * The Steering tab (docs/steering.md): pick an SAE and features with coefficients, set the
 * intervention and sampling, then compare steered and unsteered generations and their measured
 * effects, or sweep one feature's coefficient; save the whole setup as a preset.
 */
export function SteeringPage() {
  const saes = useQuery('saes.list', {});
  useEvent('saes.changed', () => void saes.reload());
  const { route, replace } = useSteeringRoute();
  const list = saes.data ?? [];
  const sae = list.find((s) => s.id === route.saeId) ?? list.find((s) => s.featureCount > 0) ?? null;
  const saeId = sae?.id ?? null;
  const dropFeature = useCallback(() => replace(saeId), [replace, saeId]);
  const { draft, patch, loadPreset } = useSteeringDraft(saeId, route.saeId === saeId ? route.featureIndex : null, dropFeature);
  useEffect(() => {
    if (saeId && route.saeId !== saeId && route.featureIndex === null) replace(saeId);
  }, [saeId, route.saeId, route.featureIndex, replace]);
  const model = useQuery('models.get', { id: sae?.modelId ?? '-' }, { deps: [sae?.modelId] });
  const run = useSteeringRun(saeId ?? '');
  const sweep = useSweepRun(saeId ?? '');
  const [tab, setTab] = useState<string | null>('compare');
  const [norm, setNorm] = useState<VectorNorm | null>(null);
  const runKey = useRef('');
  const lastResult = run.result ?? sweep.result;
  useEffect(() => {
    if (lastResult)
      setNorm({ norm: lastResult.steeringVectorNorm, residual: lastResult.promptResidualNorm, hook: lastResult.hook, key: runKey.current });
  }, [lastResult]);

  const header = (
    <PageHeader
      title="Steering"
      description="Add SAE feature directions to the residual stream and compare steered with unsteered generations: same prompt, seed and sampling."
    />
  );
  if (!saes.data)
    return (
      <>
        {header}
        {saes.error ? <Alert color="red">{saes.error.message}</Alert> : <Loader size="sm" />}
      </>
    );
  if (!sae)
    return (
      <>
        {header}
        <SteeringEmptyState saes={list} />
      </>
    );

  const busy = run.running || sweep.running;
  const blocker = generateBlocker(draft, { saeReady: sae.featureCount > 0, busy });
  const generate = () => {
    if (blocker) return;
    runKey.current = vectorKey(draft.features);
    setTab('compare');
    void run.start(generateArgs(sae.id, draft));
  };
  const startSweep = (feature: number, coefficients: number[]) => {
    runKey.current = vectorKey(
      draft.features.filter((f) => f.feature === feature).map((f) => ({ ...f, coefficient: coefficients.at(-1)! })),
    );
    void sweep.start(sweepArgs(sae.id, draft, feature, coefficients));
  };
  const sweepBlocker = generateBlocker(draft, { saeReady: sae.featureCount > 0, busy, sweep: true });
  return (
    <>
      {header}
      <SaePicker saes={list.filter((s) => s.featureCount > 0)} value={sae.id} onChange={(id) => replace(id)} />
      <Grid gap="md">
        <Grid.Col span={{ base: 12, lg: 5 }}>
          <Stack gap="md">
            <Paper withBorder p="md">
              <SteeredFeatures saeId={sae.id} features={draft.features} norm={norm} onChange={(features) => patch({ features })} />
            </Paper>
            <Paper withBorder p="md">
              <Stack gap="sm">
                <InterventionControls sae={sae} model={model.data ?? null} positions={draft.positions} hook={draft.hook} onChange={patch} />
                <Divider />
                <GenerationControls
                  sae={sae}
                  prompt={draft.prompt}
                  sampling={draft.sampling}
                  onPrompt={(prompt) => patch({ prompt })}
                  onSampling={(s) => patch({ sampling: { ...draft.sampling, ...s } })}
                  onSubmit={generate}
                />
                <Group gap="xs">
                  <Tooltip label={blocker ?? 'Generate unsteered and steered (Ctrl+Enter in the prompt)'}>
                    <span>
                      <Button
                        leftSection={<IconPlayerPlay size={14} />}
                        onClick={generate}
                        disabled={blocker !== null}
                        data-testid="steer-generate"
                      >
                        Generate
                      </Button>
                    </span>
                  </Tooltip>
                  {run.running && (
                    <Button
                      variant="default"
                      leftSection={<IconPlayerStop size={14} />}
                      onClick={() => void run.stop()}
                      data-testid="steer-stop"
                    >
                      Stop
                    </Button>
                  )}
                </Group>
                {blocker && !run.running && (
                  <Text size="xs" c="yellow.4" data-testid="steer-blocker">
                    {blocker}
                  </Text>
                )}
              </Stack>
            </Paper>
            <Paper withBorder p="md">
              <PresetsPanel
                saeId={sae.id}
                config={
                  draft.features.length && draft.prompt.trim() && !generateBlocker(draft, { saeReady: true, busy: false })
                    ? presetConfig(sae.id, draft)
                    : null
                }
                onLoad={(p) => void loadPreset(p)}
              />
            </Paper>
          </Stack>
        </Grid.Col>
        <Grid.Col span={{ base: 12, lg: 7 }}>
          <Paper withBorder p="md">
            <Tabs value={tab} onChange={setTab}>
              <Tabs.List mb="sm">
                <Tabs.Tab value="compare" data-testid="steer-tab-compare">
                  Compare
                </Tabs.Tab>
                <Tabs.Tab value="sweep" data-testid="steer-tab-sweep">
                  Dose-response sweep
                </Tabs.Tab>
              </Tabs.List>
              <Tabs.Panel value="compare">
                <ComparisonView run={run} prompt={draft.prompt} />
              </Tabs.Panel>
              <Tabs.Panel value="sweep">
                <SweepPanel features={draft.features} sweep={sweep} blocker={sweepBlocker} onRun={startSweep} />
              </Tabs.Panel>
            </Tabs>
          </Paper>
        </Grid.Col>
      </Grid>
    </>
  );
}
