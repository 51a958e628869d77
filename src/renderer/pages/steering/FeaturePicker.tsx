import { Badge, Combobox, Group, Loader, Text, TextInput, useCombobox } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { IconPlus, IconSearch } from '@tabler/icons-react';
import { useEffect, useState } from 'react';
import type { FeatureSummary } from '../../../shared/types/features';
import { getClient } from '../../api/client';
import { formatActivation, tokenLabel } from '../features/shade';

/**
 * Search the SAE's features (id "#123", label, or a top token — the browser's server-side
 * search) and add one to the steered set; Enter or a click adds, the list stays open to add several.
 */
export function FeaturePicker({ saeId, chosen, onAdd }: { saeId: string; chosen: number[]; onAdd: (f: FeatureSummary) => void }) {
  const combobox = useCombobox({ onDropdownClose: () => combobox.resetSelectedOption() });
  const [search, setSearch] = useState('');
  const [debounced] = useDebouncedValue(search, 200);
  const [rows, setRows] = useState<FeatureSummary[] | null>(null);
  useEffect(() => {
    let live = true;
    setRows(null);
    // Live features only: a dead one has no max activation to steer with.
    void getClient()
      .invoke('features.list', {
        saeId,
        search: debounced,
        sort: debounced ? 'index' : 'proxy',
        order: debounced ? 'asc' : 'desc',
        density: ['ultra-low', 'normal', 'dense'],
        limit: 12,
      })
      .then((p) => live && setRows(p.rows))
      .catch(() => live && setRows([]));
    return () => {
      live = false;
    };
  }, [saeId, debounced]);
  const add = (value: string) => {
    const f = rows?.find((r) => String(r.featureIndex) === value);
    if (f && !chosen.includes(f.featureIndex)) onAdd(f);
    setSearch('');
  };
  return (
    <Combobox store={combobox} onOptionSubmit={add} withinPortal={false}>
      <Combobox.Target>
        <TextInput
          label="Add features"
          description="Search by id (#123), label or a top token; empty shows the most token-specific ones"
          placeholder="Search features to add…"
          leftSection={<IconSearch size={14} />}
          rightSection={rows === null ? <Loader size={12} /> : null}
          value={search}
          onChange={(e) => {
            setSearch(e.currentTarget.value);
            combobox.openDropdown();
          }}
          onFocus={() => combobox.openDropdown()}
          onClick={() => combobox.openDropdown()}
          onBlur={() => combobox.closeDropdown()}
          data-testid="steer-feature-search"
        />
      </Combobox.Target>
      <Combobox.Dropdown>
        <Combobox.Options mah={300} style={{ overflowY: 'auto' }}>
          {rows?.length === 0 && <Combobox.Empty>No live feature matches “{debounced}”</Combobox.Empty>}
          {rows?.map((f) => {
            const added = chosen.includes(f.featureIndex);
            return (
              <Combobox.Option
                value={String(f.featureIndex)}
                key={f.featureIndex}
                disabled={added}
                data-testid="steer-feature-option"
                data-feature={f.featureIndex}
              >
                <Group gap={6} wrap="nowrap" justify="space-between">
                  <Group gap={6} wrap="nowrap" style={{ minWidth: 0 }}>
                    <Text size="sm" ff="monospace" c="dimmed">
                      #{f.featureIndex}
                    </Text>
                    <Text size="sm" truncate>
                      {f.label ?? f.suggestedLabel ?? 'unlabelled'}
                    </Text>
                    {f.topTokens.slice(0, 3).map((t, i) => (
                      <Badge key={i} size="xs" variant="light" color="gray" ff="monospace" tt="none">
                        {tokenLabel(t)}
                      </Badge>
                    ))}
                  </Group>
                  <Group gap={4} wrap="nowrap">
                    <Text size="xs" c="dimmed">
                      max {formatActivation(f.maxActivation)}
                    </Text>
                    {added ? (
                      <Text size="xs" c="dimmed">
                        added
                      </Text>
                    ) : (
                      <IconPlus size={14} color="var(--mantine-color-emerald-4)" />
                    )}
                  </Group>
                </Group>
              </Combobox.Option>
            );
          })}
        </Combobox.Options>
      </Combobox.Dropdown>
    </Combobox>
  );
}
