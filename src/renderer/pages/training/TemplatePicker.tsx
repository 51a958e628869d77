import { ActionIcon, Button, Group, Menu, Popover, Text, TextInput, Tooltip } from '@mantine/core';
import { IconDeviceFloppy, IconStar, IconStarFilled, IconTemplate, IconTrash } from '@tabler/icons-react';
import { useState } from 'react';
import type { TemplateKind } from '../../../shared/types/activations';
import { getClient } from '../../api/client';
import { useEvent, useQuery } from '../../api/hooks';
import { notifyError, notifySuccess } from '../../components/notify';

/** Load / save / favourite / delete templates of one kind (docs/activations.md, "Templates"). */
export function TemplatePicker({
  kind,
  current,
  onLoad,
}: {
  kind: TemplateKind;
  current: Record<string, unknown>;
  onLoad: (config: Record<string, unknown>) => void;
}) {
  const templates = useQuery('templates.list', { kind });
  useEvent('templates.changed', (e) => e.kind === kind && void templates.reload());
  const [saving, setSaving] = useState(false);
  const [name, setName] = useState('');
  const list = templates.data ?? [];

  const save = async () => {
    try {
      const existing = list.find((t) => t.name === name.trim());
      await getClient().invoke('templates.save', {
        kind,
        name: name.trim(),
        config: JSON.parse(JSON.stringify(current)) as Record<string, unknown>,
        ...(existing ? { id: existing.id } : {}),
      });
      notifySuccess(`Template "${name.trim()}" ${existing ? 'updated' : 'saved'}`);
      setSaving(false);
      setName('');
    } catch (err) {
      notifyError(err, 'Could not save the template');
    }
  };
  const call = (p: Promise<unknown>) => p.catch((err: unknown) => notifyError(err));

  return (
    <Group gap="xs">
      <Menu shadow="md" width={320} position="bottom-start">
        <Menu.Target>
          <Button size="xs" variant="light" leftSection={<IconTemplate size={14} />} data-testid={`${kind}-templates`}>
            Templates ({list.length})
          </Button>
        </Menu.Target>
        <Menu.Dropdown>
          {list.length === 0 && <Menu.Label>No templates yet: save the current settings.</Menu.Label>}
          {list.map((t) => (
            <Menu.Item
              key={t.id}
              onClick={() => onLoad(t.config)}
              leftSection={t.isFavorite ? <IconStarFilled size={14} color="#fbbf24" /> : <IconStar size={14} />}
              rightSection={
                <Group gap={2} wrap="nowrap">
                  <Tooltip label={t.isFavorite ? 'Unfavourite' : 'Favourite'}>
                    <ActionIcon
                      size="sm"
                      variant="subtle"
                      aria-label="Toggle favourite"
                      onClick={(e) => {
                        e.stopPropagation();
                        void call(getClient().invoke('templates.setFavorite', { kind, id: t.id, isFavorite: !t.isFavorite }));
                      }}
                    >
                      {t.isFavorite ? <IconStarFilled size={12} /> : <IconStar size={12} />}
                    </ActionIcon>
                  </Tooltip>
                  <ActionIcon
                    size="sm"
                    variant="subtle"
                    color="red"
                    aria-label={`Delete template ${t.name}`}
                    onClick={(e) => {
                      e.stopPropagation();
                      void call(getClient().invoke('templates.delete', { kind, id: t.id }));
                    }}
                  >
                    <IconTrash size={12} />
                  </ActionIcon>
                </Group>
              }
            >
              <Text size="sm">{t.name}</Text>
            </Menu.Item>
          ))}
        </Menu.Dropdown>
      </Menu>
      <Popover opened={saving} onChange={setSaving} position="bottom-start" withArrow trapFocus>
        <Popover.Target>
          <Button
            size="xs"
            variant="subtle"
            leftSection={<IconDeviceFloppy size={14} />}
            onClick={() => setSaving((o) => !o)}
            data-testid={`${kind}-template-save`}
          >
            Save as template
          </Button>
        </Popover.Target>
        <Popover.Dropdown>
          <form
            onSubmit={(e) => {
              e.preventDefault();
              if (name.trim()) void save();
            }}
          >
            <Group gap="xs">
              <TextInput
                size="xs"
                placeholder="Template name"
                value={name}
                onChange={(e) => setName(e.currentTarget.value)}
                data-autofocus
                data-testid={`${kind}-template-name`}
              />
              <Button size="xs" type="submit" disabled={!name.trim()}>
                Save
              </Button>
            </Group>
          </form>
        </Popover.Dropdown>
      </Popover>
    </Group>
  );
}
