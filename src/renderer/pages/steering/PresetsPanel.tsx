import { ActionIcon, Button, FileButton, Group, Modal, Stack, Text, TextInput, Title, Tooltip } from '@mantine/core';
import { IconDownload, IconPencil, IconStar, IconStarFilled, IconTrash, IconUpload } from '@tabler/icons-react';
import { useState } from 'react';
import type { SteeringPresetConfig } from '../../../shared/contract/steering';
import type { SteeringPresetRecord } from '../../../shared/types/steering';
import { getClient } from '../../api/client';
import { useEvent, useQuery } from '../../api/hooks';
import { notifyError, notifySuccess } from '../../components/notify';

function download(name: string, text: string) {
  const url = URL.createObjectURL(new Blob([text], { type: 'application/json' }));
  const a = Object.assign(document.createElement('a'), { href: url, download: name });
  a.click();
  URL.revokeObjectURL(url);
}

const summary = (p: SteeringPresetRecord) =>
  `${p.config.features.map((f) => `#${f.feature} ${f.mode === 'clamp' ? 'clamp ' : ''}${f.coefficient >= 0 ? '+' : ''}${f.coefficient}`).join(', ') || 'no features'} · seed ${p.config.options.seed}`;

/**
 * Save the whole configuration under a name; list this SAE's presets (favourites
 * first), load, rename, star, delete; export them as JSON and import a file (validated whole).
 */
export function PresetsPanel({
  saeId,
  config,
  onLoad,
}: {
  saeId: string;
  config: SteeringPresetConfig | null;
  onLoad: (p: SteeringPresetRecord) => void;
}) {
  const presets = useQuery('steering.presets.list', { saeId }, { deps: [saeId] });
  useEvent('steering.presetsChanged', () => void presets.reload());
  const [name, setName] = useState('');
  const [renaming, setRenaming] = useState<{ id: string; name: string } | null>(null);
  const [deleting, setDeleting] = useState<SteeringPresetRecord | null>(null);
  const call = async <T,>(f: () => Promise<T>, title: string): Promise<T | null> => {
    try {
      const r = await f();
      await presets.reload();
      return r;
    } catch (err) {
      notifyError(err, title);
      return null;
    }
  };
  const c = getClient();
  const save = async () => {
    if (!config || !name.trim()) return;
    if (await call(() => c.invoke('steering.presets.save', { name: name.trim(), config }), 'Preset not saved')) {
      notifySuccess(`Saved “${name.trim()}”`);
      setName('');
    }
  };
  const exportAll = async () => {
    const r = await call(() => c.invoke('steering.presets.export', { saeId }), 'Export failed');
    if (r) download(`steering-presets-${saeId}.json`, r.json);
  };
  const importFile = async (file: File | null) => {
    if (!file) return;
    const r = await call(async () => c.invoke('steering.presets.import', { json: await file.text() }), `${file.name} not imported`);
    if (r) notifySuccess(`Imported ${r.length} preset${r.length === 1 ? '' : 's'} from ${file.name}`);
  };
  const list = presets.data ?? [];
  return (
    <Stack gap="xs" data-testid="steer-presets">
      <Group justify="space-between">
        <Title order={5}>Presets ({list.length})</Title>
        <Group gap={4}>
          <Tooltip label="Export this SAE's presets as JSON">
            <ActionIcon variant="default" onClick={() => void exportAll()} disabled={list.length === 0} aria-label="Export presets">
              <IconDownload size={14} />
            </ActionIcon>
          </Tooltip>
          <FileButton onChange={(f) => void importFile(f)} accept="application/json,.json">
            {(props) => (
              <Tooltip label="Import presets from a JSON export">
                <ActionIcon variant="default" {...props} aria-label="Import presets">
                  <IconUpload size={14} />
                </ActionIcon>
              </Tooltip>
            )}
          </FileButton>
        </Group>
      </Group>
      <Group gap="xs" align="flex-end">
        <TextInput
          size="xs"
          style={{ flex: 1 }}
          placeholder="Name this configuration…"
          value={name}
          onChange={(e) => setName(e.currentTarget.value)}
          onKeyDown={(e) => e.key === 'Enter' && void save()}
          data-testid="preset-name"
        />
        <Tooltip
          label={
            !config
              ? 'Add a feature and write a prompt first'
              : !name.trim()
                ? 'Give the preset a name'
                : 'Save SAE, features with coefficients and modes, positions, hook, prompt and sampling'
          }
        >
          <span>
            <Button size="xs" onClick={() => void save()} disabled={!config || !name.trim()} data-testid="preset-save">
              Save preset
            </Button>
          </span>
        </Tooltip>
      </Group>
      {list.length === 0 && (
        <Text size="xs" c="dimmed">
          No presets for this SAE yet.
        </Text>
      )}
      {list.map((p) => (
        <Group key={p.id} gap={4} wrap="nowrap" justify="space-between" data-testid="preset-row" data-name={p.name}>
          <ActionIcon
            variant="subtle"
            color="yellow"
            aria-pressed={p.isFavorite}
            aria-label={p.isFavorite ? 'Unstar' : 'Star'}
            onClick={() => void call(() => c.invoke('steering.presets.favorite', { id: p.id, isFavorite: !p.isFavorite }), 'Not starred')}
          >
            {p.isFavorite ? <IconStarFilled size={14} /> : <IconStar size={14} />}
          </ActionIcon>
          <Stack gap={0} style={{ flex: 1, minWidth: 0 }}>
            <Text size="sm" truncate>
              {p.name}
            </Text>
            <Text size="xs" c="dimmed" truncate>
              {summary(p)}
            </Text>
          </Stack>
          <Button size="compact-xs" variant="light" onClick={() => onLoad(p)} data-testid="preset-load">
            Load
          </Button>
          <ActionIcon variant="subtle" aria-label="Rename" onClick={() => setRenaming({ id: p.id, name: p.name })}>
            <IconPencil size={14} />
          </ActionIcon>
          <ActionIcon variant="subtle" color="red" aria-label="Delete" onClick={() => setDeleting(p)}>
            <IconTrash size={14} />
          </ActionIcon>
        </Group>
      ))}
      <Modal opened={renaming !== null} onClose={() => setRenaming(null)} title="Rename preset" centered>
        <Stack>
          <TextInput
            data-autofocus
            value={renaming?.name ?? ''}
            onChange={(e) => renaming && setRenaming({ ...renaming, name: e.currentTarget.value })}
          />
          <Button
            disabled={!renaming?.name.trim()}
            onClick={() =>
              renaming &&
              void call(() => c.invoke('steering.presets.rename', { id: renaming.id, name: renaming.name.trim() }), 'Not renamed').then(
                () => setRenaming(null),
              )
            }
          >
            Rename
          </Button>
        </Stack>
      </Modal>
      <Modal opened={deleting !== null} onClose={() => setDeleting(null)} title={`Delete “${deleting?.name ?? ''}”?`} centered>
        <Text size="sm" mb="md">
          The saved configuration is removed; runs made with it are not affected. Export it first to keep a copy.
        </Text>
        <Group justify="flex-end">
          <Button variant="default" onClick={() => setDeleting(null)}>
            Cancel
          </Button>
          <Button
            color="red"
            onClick={() =>
              deleting &&
              void call(() => c.invoke('steering.presets.delete', { id: deleting.id }), 'Not deleted').then(() => setDeleting(null))
            }
          >
            Delete
          </Button>
        </Group>
      </Modal>
    </Stack>
  );
}
