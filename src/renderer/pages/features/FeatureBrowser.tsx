import {
  ActionIcon,
  Card,
  Chip,
  Group,
  Loader,
  Pagination,
  SegmentedControl,
  Select,
  Stack,
  Text,
  TextInput,
  Tooltip,
} from '@mantine/core';
import { IconSearch, IconSortAscending, IconSortDescending } from '@tabler/icons-react';
import {
  DENSITY_BUCKETS,
  INTERPRETABILITY_PROXY,
  type DensityBucket,
  type FeatureSortKey,
  type FeatureSummary,
} from '../../../shared/types/features';
import { getClient } from '../../api/client';
import { notifyError } from '../../components/notify';
import { FeatureRow, FeatureRowHeader, ROW_HEIGHT } from './FeatureRow';
import type { useFeatureList } from './useFeatureList';
import { VirtualRows } from './VirtualRows';

const SORTS: { value: FeatureSortKey; label: string }[] = [
  { value: 'frequency', label: 'Frequency' },
  { value: 'maxActivation', label: 'Max activation' },
  { value: 'proxy', label: INTERPRETABILITY_PROXY.name },
  { value: 'index', label: 'Feature id' },
];

/**
 * The feature browser (docs/features.md, "The browser query"): server-side search, sort, filters and pages over the SAE's features, rows
 * virtualised; the star and the label are edited in place.
 */
export function FeatureBrowser({
  saeId,
  list,
  selected,
  onOpen,
  height,
}: {
  saeId: string;
  list: ReturnType<typeof useFeatureList>;
  selected: number | null;
  onOpen: (featureIndex: number) => void;
  height: number;
}) {
  const { query: q, update, page, loading, error } = list;
  const edit = async (f: FeatureSummary, patch: { label?: string | null; isFavorite?: boolean }) => {
    try {
      const row = await getClient().invoke('features.update', { saeId, featureIndex: f.featureIndex, ...patch });
      list.patchRow(row);
    } catch (err) {
      notifyError(err, 'Could not save the feature');
    }
  };
  const rows = page?.rows ?? [];
  const pages = page ? Math.max(1, Math.ceil(page.total / q.pageSize)) : 1;
  const selectedRow = rows.findIndex((r) => r.featureIndex === selected);
  return (
    <Card p="sm" data-testid="feature-browser" data-search={list.shownSearch} data-loading={loading}>
      <Stack gap="xs">
        <Group gap="xs" wrap="nowrap">
          <TextInput
            leftSection={<IconSearch size={14} />}
            placeholder="Search id, label or top token"
            value={q.search}
            onChange={(e) => update({ search: e.currentTarget.value })}
            style={{ flex: 1 }}
            data-testid="feature-search"
          />
          <Select
            w={170}
            data={SORTS}
            value={q.sort}
            onChange={(v) => v && update({ sort: v as FeatureSortKey })}
            allowDeselect={false}
            aria-label="Sort by"
            data-testid="feature-sort"
          />
          <Tooltip label={q.order === 'asc' ? 'Ascending' : 'Descending'}>
            <ActionIcon
              variant="default"
              size="lg"
              onClick={() => update({ order: q.order === 'asc' ? 'desc' : 'asc' })}
              aria-label="Sort order"
              data-testid="feature-order"
              data-order={q.order}
            >
              {q.order === 'asc' ? <IconSortAscending size={16} /> : <IconSortDescending size={16} />}
            </ActionIcon>
          </Tooltip>
        </Group>
        <Group gap="xs" justify="space-between">
          <Group gap={6}>
            <Chip.Group multiple value={q.density} onChange={(v) => update({ density: v as DensityBucket[] })}>
              {DENSITY_BUCKETS.map((b) => (
                <Chip key={b} value={b} size="xs" variant="outline" data-testid={`filter-${b}`}>
                  {b}
                </Chip>
              ))}
            </Chip.Group>
            <Chip
              size="xs"
              color="yellow"
              variant="outline"
              checked={q.favouritesOnly}
              onChange={(c) => update({ favouritesOnly: c })}
              data-testid="filter-favourites"
            >
              ★ favourites
            </Chip>
          </Group>
          <SegmentedControl
            size="xs"
            value={q.labelled}
            onChange={(v) => update({ labelled: v as 'any' | 'yes' | 'no' })}
            data={[
              { value: 'any', label: 'all' },
              { value: 'yes', label: 'labelled' },
              { value: 'no', label: 'unlabelled' },
            ]}
            data-testid="filter-labelled"
          />
        </Group>
        <Group justify="space-between" gap="xs">
          <Text size="xs" c="dimmed" data-testid="feature-total">
            {page ? (page.total === 1 ? '1 feature matches' : `${page.total.toLocaleString()} features match`) : ' '}
          </Text>
          {loading && <Loader size="xs" />}
        </Group>
        {error && (
          <Text c="red.4" size="sm">
            {error.message}
          </Text>
        )}
        <div
          tabIndex={0}
          onKeyDown={(e) => {
            if (e.key !== 'ArrowDown' && e.key !== 'ArrowUp') return;
            e.preventDefault();
            const next = rows[Math.max(0, Math.min(rows.length - 1, selectedRow + (e.key === 'ArrowDown' ? 1 : -1)))];
            if (next) onOpen(next.featureIndex);
          }}
          style={{ outline: 'none' }}
        >
          <FeatureRowHeader />
          {rows.length === 0 && page ? (
            <Text size="sm" c="dimmed" p="md" ta="center">
              No feature matches. Clear the search or a filter.
            </Text>
          ) : (
            <VirtualRows
              items={rows}
              rowHeight={ROW_HEIGHT}
              height={height}
              scrollToIndex={selectedRow}
              testId="feature-rows"
              renderRow={(f) => (
                <FeatureRow
                  f={f}
                  selected={f.featureIndex === selected}
                  onOpen={() => onOpen(f.featureIndex)}
                  onLabel={(label) => edit(f, { label })}
                  onStar={() => void edit(f, { isFavorite: !f.isFavorite })}
                />
              )}
            />
          )}
        </div>
        {pages > 1 && (
          <Group justify="space-between">
            <Pagination size="sm" total={pages} value={q.page} onChange={(p) => update({ page: p })} data-testid="feature-pages" />
            <Select
              size="xs"
              w={110}
              data={['100', '250', '500']}
              value={String(q.pageSize)}
              onChange={(v) => v && update({ pageSize: Number(v) })}
              allowDeselect={false}
              aria-label="Rows per page"
            />
          </Group>
        )}
      </Stack>
    </Card>
  );
}
