import { ActionIcon, Button, Group, Popover, Select, Stack, Text, TextInput, Tooltip } from '@mantine/core';
import { IconDeviceFloppy, IconStar, IconStarFilled, IconTrash } from '@tabler/icons-react';
import { useState, type KeyboardEvent } from 'react';
import type { TemplateRecord } from '../../../../shared/types/activations';
import { getClient } from '../../../api/client';
import { useEvent, useQuery } from '../../../api/hooks';
import { notifyError, notifySuccess } from '../../../components/notify';

/**
 * Saved extraction settings: load one (favourites first, starred), save the form as a
 * new one, star or delete the loaded one.
 */
export function ExtractionTemplates({
  currentConfig,
  onLoad,
}: {
  currentConfig: () => Record<string, unknown>;
  onLoad: (t: TemplateRecord) => void;
}) {
  const { data, reload } = useQuery('templates.list', { kind: 'extraction' });
  useEvent('templates.changed', (p) => p.kind === 'extraction' && void reload());
  const templates = [...(data ?? [])].sort((a, b) => Number(b.isFavorite) - Number(a.isFavorite) || b.updatedAt - a.updatedAt);
  const [selectedId, setSelectedId] = useState<string | null>(null);
  const selected = templates.find((t) => t.id === selectedId) ?? null;
  const [saving, setSaving] = useState(false);
  const [name, setName] = useState('');

  const load = (id: string | null) => {
    setSelectedId(id);
    const t = templates.find((x) => x.id === id);
    if (t) onLoad(t);
  };
  const save = async () => {
    if (!name.trim()) return;
    try {
      const t = await getClient().invoke('templates.save', { kind: 'extraction', name: name.trim(), config: currentConfig() });
      setSelectedId(t.id);
      setSaving(false);
      setName('');
      notifySuccess(`Template "${t.name}" saved`);
    } catch (err) {
      notifyError(err, 'Template not saved');
    }
  };
  // Enter saves the template (not the extraction form); Escape closes this prompt, not the modal.
  const onNameKey = (e: KeyboardEvent) => {
    if (e.key !== 'Enter' && e.key !== 'Escape') return;
    e.preventDefault();
    e.stopPropagation();
    if (e.key === 'Enter') void save();
    else setSaving(false);
  };
  const star = async (t: TemplateRecord) => {
    try {
      await getClient().invoke('templates.setFavorite', { kind: 'extraction', id: t.id, isFavorite: !t.isFavorite });
    } catch (err) {
      notifyError(err, 'Favourite not changed');
    }
  };
  const remove = async (t: TemplateRecord) => {
    try {
      await getClient().invoke('templates.delete', { kind: 'extraction', id: t.id });
      setSelectedId(null);
      notifySuccess(`Template "${t.name}" deleted`);
    } catch (err) {
      notifyError(err, 'Template not deleted');
    }
  };

  return (
    <Group gap="xs" align="flex-end" wrap="nowrap">
      <Select
        label="Template"
        placeholder={templates.length ? 'Load saved settings…' : 'No saved templates yet'}
        disabled={templates.length === 0}
        data={templates.map((t) => ({ value: t.id, label: t.isFavorite ? `★ ${t.name}` : t.name }))}
        value={selectedId}
        onChange={load}
        searchable
        clearable
        style={{ flex: 1 }}
        comboboxProps={{ withinPortal: true }}
        data-testid="extract-template-select"
      />
      {selected && (
        <>
          <Tooltip label={selected.isFavorite ? 'Unstar' : 'Star (listed first)'}>
            <ActionIcon
              variant="default"
              size="lg"
              aria-label={selected.isFavorite ? `Unstar ${selected.name}` : `Star ${selected.name}`}
              onClick={() => void star(selected)}
              data-testid="extract-template-favorite"
            >
              {selected.isFavorite ? <IconStarFilled size={16} color="var(--mantine-color-yellow-5)" /> : <IconStar size={16} />}
            </ActionIcon>
          </Tooltip>
          <Tooltip label="Delete template">
            <ActionIcon
              variant="default"
              size="lg"
              color="red"
              aria-label={`Delete template ${selected.name}`}
              onClick={() => void remove(selected)}
              data-testid="extract-template-delete"
            >
              <IconTrash size={16} />
            </ActionIcon>
          </Tooltip>
        </>
      )}
      <Popover opened={saving} onChange={setSaving} position="bottom-end" width={300} trapFocus withArrow shadow="md">
        <Popover.Target>
          <Button
            variant="default"
            leftSection={<IconDeviceFloppy size={16} />}
            onClick={() => setSaving((o) => !o)}
            data-testid="extract-template-save"
          >
            Save as template
          </Button>
        </Popover.Target>
        <Popover.Dropdown>
          <Stack gap="xs">
            <Text size="xs" c="dimmed">
              Keeps the layers, activation types and settings; not the model or dataset.
            </Text>
            <TextInput
              label="Template name"
              value={name}
              onChange={(e) => setName(e.currentTarget.value)}
              onKeyDown={onNameKey}
              maxLength={200}
              data-autofocus
              data-testid="extract-template-name"
            />
            <Group justify="flex-end" gap="xs">
              <Button size="xs" variant="default" onClick={() => setSaving(false)}>
                Cancel
              </Button>
              <Button size="xs" onClick={() => void save()} disabled={!name.trim()} data-testid="extract-template-save-confirm">
                Save
              </Button>
            </Group>
          </Stack>
        </Popover.Dropdown>
      </Popover>
    </Group>
  );
}
