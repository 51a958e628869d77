import { AppShell, Badge, Group, Tabs, Text, Title } from '@mantine/core';
import { useHotkeys } from '@mantine/hooks';
import { useEffect, useState, type ReactElement } from 'react';
import { ErrorBoundary } from '../components/ErrorBoundary';
import { JobTray } from '../components/JobTray';
import { FeaturesPage, SteeringPage } from '../pages/DomainPages';
import { TrainingPage } from '../pages/training/TrainingPage';
import { DatasetsPage } from '../pages/datasets/DatasetsPage';
import { ModelsPage } from '../pages/models/ModelsPage';
import { SettingsPage } from '../pages/SettingsPage';
import { SystemPage } from '../pages/SystemPage';
import { TABS, tabFromHash, type TabId } from './tabs';
import { ConnectionBanner } from './ConnectionBanner';

const PAGES: Record<TabId, () => ReactElement> = {
  datasets: DatasetsPage,
  models: ModelsPage,
  training: TrainingPage,
  features: FeaturesPage,
  steering: SteeringPage,
  settings: SettingsPage,
  system: SystemPage,
};

/** The shell: header with tabs (Alt+1…7) and the job tray; one page below. */
export function App() {
  const [tab, setTab] = useState<TabId>(() => tabFromHash(window.location.hash));
  useEffect(() => {
    const onHash = () => setTab(tabFromHash(window.location.hash));
    window.addEventListener('hashchange', onHash);
    return () => window.removeEventListener('hashchange', onHash);
  }, []);
  const go = (id: TabId) => {
    window.location.hash = `#/${id}`;
  };
  useHotkeys(TABS.map((t, i) => [`alt+${i + 1}`, () => go(t.id)] as [string, () => void]));
  const Page = PAGES[tab];
  return (
    <AppShell header={{ height: 56 }} padding="lg">
      <AppShell.Header px="lg">
        <Group h="100%" justify="space-between" wrap="nowrap">
          <Group gap="xl" wrap="nowrap">
            <Group gap={6} wrap="nowrap">
              <Title order={4} c="emerald.4">
                miStudio
              </Title>
              <Badge size="xs" variant="outline" color="gray">
                offline
              </Badge>
            </Group>
            <Tabs value={tab} onChange={(v) => v && go(v as TabId)} variant="pills" radius="md">
              <Tabs.List>
                {TABS.map((t, i) => (
                  <Tabs.Tab key={t.id} value={t.id} title={`Alt+${i + 1}`} data-testid={`tab-${t.id}`}>
                    {t.label}
                  </Tabs.Tab>
                ))}
              </Tabs.List>
            </Tabs>
          </Group>
          <Group gap="sm" wrap="nowrap">
            <Text size="xs" c="dimmed" visibleFrom="xl">
              Alt+1…7 switch tabs
            </Text>
            <JobTray />
          </Group>
        </Group>
      </AppShell.Header>
      <AppShell.Main>
        <ConnectionBanner />
        <ErrorBoundary scope={TABS.find((t) => t.id === tab)?.label ?? tab} key={tab}>
          <Page />
        </ErrorBoundary>
      </AppShell.Main>
    </AppShell>
  );
}
