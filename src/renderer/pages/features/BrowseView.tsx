import { Card, Grid, Text } from '@mantine/core';
import { useViewportSize } from '@mantine/hooks';
import { useEffect, useMemo, useRef } from 'react';
import type { SaeRecord } from '../../../shared/types/saes';
import { FeatureBrowser } from './FeatureBrowser';
import { FeatureDashboard } from './FeatureDashboard';
import { useFeatureList } from './useFeatureList';

/**
 * Browser on the left, the open feature on the right. Stepping past the end of a page
 * turns the page and opens its first (or, going back, last) row.
 */
export function BrowseView({
  sae,
  featureIndex,
  onOpen,
}: {
  sae: SaeRecord;
  featureIndex: number | null;
  onOpen: (featureIndex: number, replace?: boolean) => void;
}) {
  const list = useFeatureList(sae.id);
  const { height } = useViewportSize();
  const rows = useMemo(() => list.page?.rows ?? [], [list.page]);
  const pendingStep = useRef<'first' | 'last' | null>(null);
  useEffect(() => {
    if (rows.length === 0) return;
    if (pendingStep.current) {
      const row = pendingStep.current === 'first' ? rows[0]! : rows[rows.length - 1]!;
      pendingStep.current = null;
      onOpen(row.featureIndex, true);
    } else if (featureIndex === null) onOpen(rows[0]!.featureIndex, true);
  }, [rows, featureIndex, onOpen]);
  const step = (delta: 1 | -1) => {
    const i = rows.findIndex((r) => r.featureIndex === featureIndex);
    const j = i + delta;
    if (i !== -1 && j >= 0 && j < rows.length) return onOpen(rows[j]!.featureIndex, true);
    const pages = list.page ? Math.ceil(list.page.total / list.query.pageSize) : 1;
    const nextPage = list.query.page + delta;
    if (i !== -1 && nextPage >= 1 && nextPage <= pages) {
      pendingStep.current = delta === 1 ? 'first' : 'last';
      list.update({ page: nextPage });
    } else if (i === -1 && rows[0]) onOpen(rows[0].featureIndex, true);
  };
  return (
    <Grid gap="md">
      <Grid.Col span={{ base: 12, lg: 5 }}>
        <FeatureBrowser saeId={sae.id} list={list} selected={featureIndex} onOpen={(f) => onOpen(f)} height={Math.max(300, height - 400)} />
      </Grid.Col>
      <Grid.Col span={{ base: 12, lg: 7 }}>
        {featureIndex === null ? (
          <Card>
            <Text c="dimmed" size="sm">
              Pick a feature on the left.
            </Text>
          </Card>
        ) : (
          <Card>
            <FeatureDashboard
              saeId={sae.id}
              featureIndex={featureIndex}
              onOpen={(f) => onOpen(f)}
              onStep={step}
              onEdited={(row) => list.patchRow(row)}
            />
          </Card>
        )}
      </Grid.Col>
    </Grid>
  );
}
