import { ActionIcon, Alert, Badge, Button, Group, Kbd, Loader, Stack, Tabs, Text, Title, Tooltip } from '@mantine/core';
import { useHotkeys } from '@mantine/hooks';
import { IconAdjustments, IconChevronLeft, IconChevronRight, IconStar, IconStarFilled } from '@tabler/icons-react';
import { useState } from 'react';
import type { FeatureSummary } from '../../../shared/types/features';
import { useEvent } from '../../api/hooks';
import { AnalysisPanels, AnalysisTabs } from './analysis/DashboardTabs';
import { ExamplesTab } from './ExamplesTab';
import { FeatureProbeTab } from './FeatureProbeTab';
import { DENSITY_COLORS, FeatureStatCards } from './FeatureStatCards';
import { HistogramTab } from './HistogramTab';
import { LabelEditor } from './LabelEditor';
import { LogitLensTab } from './LogitLensTab';
import { NeighboursTab } from './NeighboursTab';
import { NotesEditor } from './NotesEditor';
import { formatCount } from '../format';
import { openSteering } from '../steering/route';
import { useFeature } from './useFeature';
import { visibleToken } from './shade';

/**
 * The feature dashboard (docs/features.md): one feature — label and notes, stat cards, and tabs for its examples, logit lens,
 * activation histogram, decoder neighbours and a probe. J / K (or the arrows) step through the
 * browser's order.
 */
export function FeatureDashboard({
  saeId,
  featureIndex,
  onOpen,
  onStep,
  onEdited,
}: {
  saeId: string;
  featureIndex: number;
  onOpen: (featureIndex: number) => void;
  /** +1 next, −1 previous, in the browser's current order. */
  onStep: (delta: 1 | -1) => void;
  onEdited: (row: FeatureSummary) => void;
}) {
  const { detail: f, examples, error, reload, update } = useFeature(saeId, featureIndex);
  const [tab, setTab] = useState<string | null>('examples');
  useHotkeys([
    ['j', () => onStep(1)],
    ['k', () => onStep(-1)],
  ]);
  // A pass completed (all features) or this one was edited elsewhere (the browser row).
  useEvent('features.changed', (e) => e.saeId === saeId && (e.featureIndex === null || e.featureIndex === featureIndex) && void reload());
  const save = async (edit: { label?: string | null; notes?: string | null; isFavorite?: boolean }) => {
    const row = await update(edit);
    if (row) onEdited(row);
    return row;
  };
  if (error)
    return (
      <Alert color="red" title={`Feature #${featureIndex}`}>
        {error.message}
      </Alert>
    );
  if (!f || f.featureIndex !== featureIndex)
    return (
      <Group p="xl" justify="center">
        <Loader size="sm" />
      </Group>
    );
  return (
    <Stack gap="sm" data-testid="feature-dashboard" data-feature={f.featureIndex}>
      <Group justify="space-between" align="flex-start" wrap="nowrap">
        <Stack gap={4} style={{ flex: 1, minWidth: 0 }}>
          <Group gap="xs">
            <Title order={3} ff="monospace" data-testid="feature-title">
              Feature #{f.featureIndex}
            </Title>
            <Badge color={DENSITY_COLORS[f.densityBucket]} variant="light">
              {f.densityBucket}
            </Badge>
            <Tooltip label={f.isFavorite ? 'Unstar' : 'Star (favourites filter)'}>
              <ActionIcon
                variant="subtle"
                color="yellow"
                onClick={() => void save({ isFavorite: !f.isFavorite })}
                aria-pressed={f.isFavorite}
                aria-label="Star this feature"
                data-testid="feature-star"
              >
                {f.isFavorite ? <IconStarFilled size={18} /> : <IconStar size={18} />}
              </ActionIcon>
            </Tooltip>
          </Group>
          <LabelEditor value={f.label} suggestion={f.suggestedLabel} onSave={(label) => save({ label })} size="md" testId="feature-label" />
          <Text size="xs" c="dimmed">
            {f.suggestedLabel ? (
              <>
                Suggested from its top tokens: <b>{f.suggestedLabel}</b> ·{' '}
              </>
            ) : null}
            top peak tokens:{' '}
            {f.topTokens.length
              ? f.topTokens
                  .slice(0, 6)
                  .map((t) => JSON.stringify(visibleToken(t)))
                  .join(', ')
              : '—'}{' '}
            · pass over {formatCount(f.passTokens)} tokens
          </Text>
        </Stack>
        <Group gap={4} wrap="nowrap">
          <Tooltip
            label={
              f.maxActivation > 0
                ? 'Open Steering with this SAE and this feature added (coefficient +2 × its max activation)'
                : 'It never fired in the feature pass: no max activation to steer with'
            }
          >
            <Button
              size="xs"
              variant="light"
              leftSection={<IconAdjustments size={14} />}
              disabled={!(f.maxActivation > 0)}
              onClick={() => openSteering({ saeId, featureIndex: f.featureIndex })}
              data-testid="feature-steer"
              mr={6}
            >
              Steer with this feature
            </Button>
          </Tooltip>
          <Tooltip
            label={
              <>
                Previous feature <Kbd size="xs">K</Kbd>
              </>
            }
          >
            <ActionIcon variant="default" onClick={() => onStep(-1)} aria-label="Previous feature" data-testid="feature-prev">
              <IconChevronLeft size={16} />
            </ActionIcon>
          </Tooltip>
          <Tooltip
            label={
              <>
                Next feature <Kbd size="xs">J</Kbd>
              </>
            }
          >
            <ActionIcon variant="default" onClick={() => onStep(1)} aria-label="Next feature" data-testid="feature-next">
              <IconChevronRight size={16} />
            </ActionIcon>
          </Tooltip>
        </Group>
      </Group>
      <NotesEditor value={f.notes} onSave={(notes) => save({ notes })} />
      <FeatureStatCards f={f} />
      <Tabs value={tab} onChange={setTab} keepMounted={false}>
        <Tabs.List>
          <Tabs.Tab value="examples" data-testid="feature-tab-examples">
            Examples
          </Tabs.Tab>
          <Tabs.Tab value="logit-lens" data-testid="feature-tab-logit-lens">
            Logit lens
          </Tabs.Tab>
          <Tabs.Tab value="histogram" data-testid="feature-tab-histogram">
            Histogram
          </Tabs.Tab>
          <Tabs.Tab value="neighbours" data-testid="feature-tab-neighbours">
            Neighbours ({f.neighbours.length})
          </Tabs.Tab>
          <Tabs.Tab value="probe" data-testid="feature-tab-probe">
            Probe text
          </Tabs.Tab>
          <AnalysisTabs />
        </Tabs.List>
        <Tabs.Panel value="examples" pt="sm">
          {examples ? <ExamplesTab examples={examples} maxActivation={f.maxActivation} /> : <Loader size="sm" />}
        </Tabs.Panel>
        <Tabs.Panel value="logit-lens" pt="sm">
          <LogitLensTab lens={f.logitLens} />
        </Tabs.Panel>
        <Tabs.Panel value="histogram" pt="sm">
          <HistogramTab f={f} />
        </Tabs.Panel>
        <Tabs.Panel value="neighbours" pt="sm">
          <NeighboursTab neighbours={f.neighbours} onOpen={onOpen} />
        </Tabs.Panel>
        <Tabs.Panel value="probe" pt="sm">
          <FeatureProbeTab saeId={saeId} featureIndex={f.featureIndex} maxActivation={f.maxActivation} />
        </Tabs.Panel>
        <AnalysisPanels saeId={saeId} f={f} examples={examples} onOpen={onOpen} />
      </Tabs>
    </Stack>
  );
}
