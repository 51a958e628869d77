import { Alert, Button, Group, List, Modal, Paper, Select, Stack, Text, TextInput } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { IconFolderDown } from '@tabler/icons-react';
import { useEffect, useState, type DragEvent } from 'react';
import type { SaeFolderPreview } from '../../../../shared/types/saes';
import { getClient } from '../../../api/client';
import { useQuery } from '../../../api/hooks';
import { notifyError, notifySuccess } from '../../../components/notify';
import { pathFromDrop } from './drop-path';
import { SaeFolderPreviewTable } from './SaeFolderPreviewTable';

const AUTO_HOOK = '';

/**
 * "Import SAE folder…" (docs/interop.md "Import"): a SAELens or sparsify folder by path or
 * dropped, onto one of the researcher's models. As the path, model or hook changes the folder
 * is inspected (nothing written) and its preview shows what it holds and every refusal.
 */
export function ImportSaeModal({
  opened,
  onClose,
  onImported,
}: {
  opened: boolean;
  onClose: () => void;
  onImported: (saeId: string) => void;
}) {
  const models = useQuery('models.list', {});
  const ready = (models.data ?? []).filter((m) => m.status === 'ready');
  const [folder, setFolder] = useState('');
  const [modelId, setModelId] = useState<string | null>(null);
  const [hook, setHook] = useState(AUTO_HOOK);
  const [name, setName] = useState('');
  const [preview, setPreview] = useState<SaeFolderPreview | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const [inspecting, setInspecting] = useState(false);
  const [busy, setBusy] = useState(false);
  const [dragging, setDragging] = useState(false);
  const [typed] = useDebouncedValue(folder.trim(), 350);
  const model = ready.find((m) => m.id === modelId) ?? null;

  useEffect(() => {
    if (!modelId && ready[0]) setModelId(ready[0].id);
  }, [modelId, ready]);

  useEffect(() => {
    if (!typed) {
      setPreview(null);
      setProblem(null);
      return;
    }
    let live = true;
    setInspecting(true);
    getClient()
      .invoke('saes.inspectFolder', { folder: typed, ...(modelId ? { modelId } : {}), ...(hook ? { hook } : {}) })
      .then(
        (p) => live && (setPreview(p), setProblem(null)),
        (err: unknown) => live && (setPreview(null), setProblem(err instanceof Error ? err.message : String(err))),
      )
      .finally(() => live && setInspecting(false));
    return () => {
      live = false;
    };
  }, [typed, modelId, hook]);

  const onDrop = (e: DragEvent) => {
    e.preventDefault();
    setDragging(false);
    const p = pathFromDrop(e.dataTransfer.getData('text/uri-list'), e.dataTransfer.getData('text/plain'));
    if (p) setFolder(p);
    else setProblem('That drop carried no folder path; type or paste the folder path instead.');
  };

  const blocked = !folder.trim()
    ? 'Type or drop the SAE folder’s path.'
    : !model
      ? 'Pick a ready model to import onto.'
      : inspecting || typed !== folder.trim()
        ? 'Reading the folder…'
        : problem
          ? 'The folder cannot be imported (see above).'
          : preview?.refusals.length
            ? 'It does not fit this model (see above).'
            : null;

  const submit = async () => {
    if (!model) return;
    setBusy(true);
    try {
      const sae = await getClient().invoke('saes.importFolder', {
        folder: folder.trim(),
        modelId: model.id,
        ...(name.trim() ? { name: name.trim() } : {}),
        ...(hook ? { hook } : {}),
      });
      notifySuccess(`${sae.name} imported onto ${model.name}; measuring its reconstruction on your data.`, 'SAE imported');
      onImported(sae.id);
      onClose();
    } catch (err) {
      notifyError(err, 'Import refused');
    } finally {
      setBusy(false);
    }
  };

  return (
    <Modal opened={opened} onClose={onClose} title="Import an SAE folder" size="xl" centered>
      <Stack gap="sm">
        <Text size="sm" c="dimmed">
          A SAELens folder (cfg.json + sae_weights.safetensors: standard, TopK, JumpReLU or gated; float32, float16 or bfloat16) or a
          sparsify hookpoint folder (cfg.json + sae.safetensors). It is checked in full before anything is written, then converted to
          float32 in the data directory.
        </Text>
        <Paper
          withBorder
          p="sm"
          radius="md"
          onDragOver={(e) => {
            e.preventDefault();
            setDragging(true);
          }}
          onDragLeave={() => setDragging(false)}
          onDrop={onDrop}
          style={{ borderStyle: 'dashed', background: dragging ? 'var(--mantine-color-blue-light)' : undefined }}
          data-testid="sae-import-drop"
        >
          <Group gap="sm" align="flex-end" wrap="nowrap">
            <IconFolderDown size={28} stroke={1.5} color="var(--mantine-color-dimmed)" />
            <TextInput
              style={{ flex: 1 }}
              label="Folder (type, paste, or drop it here)"
              placeholder="/home/me/saes/gpt2-small-res-jb/blocks.8.hook_resid_pre"
              value={folder}
              onChange={(e) => setFolder(e.currentTarget.value)}
              data-autofocus
              data-testid="sae-import-folder"
            />
          </Group>
        </Paper>
        <Group grow align="flex-start">
          <Select
            label="Model"
            description="The SAE reads this model's activations"
            data={ready.map((m) => ({ value: m.id, label: m.name }))}
            value={modelId}
            onChange={setModelId}
            allowDeselect={false}
            nothingFoundMessage="No ready model"
            data-testid="sae-import-model"
          />
          <Select
            label="Hook"
            description="Where it reads; the folder's cfg says unless you pick"
            data={[
              { value: AUTO_HOOK, label: 'As the folder says' },
              ...(model?.hooks ?? []).map((h) => ({ value: h.name, label: h.name })),
            ]}
            value={hook}
            onChange={(v) => setHook(v ?? AUTO_HOOK)}
            allowDeselect={false}
            searchable
            data-testid="sae-import-hook"
          />
        </Group>
        {problem && (
          <Alert color="red" title="Cannot import this folder" data-testid="sae-import-problem">
            {problem}
          </Alert>
        )}
        {preview && <SaeFolderPreviewTable preview={preview} />}
        {preview && preview.refusals.length > 0 && (
          <Alert color="red" title={`It does not fit ${model?.name ?? 'the model'}`} data-testid="sae-import-refusals">
            <List size="sm">
              {preview.refusals.map((r) => (
                <List.Item key={r}>{r}</List.Item>
              ))}
            </List>
          </Alert>
        )}
        <TextInput
          label="Name (optional)"
          placeholder="defaults to the folder name"
          value={name}
          onChange={(e) => setName(e.currentTarget.value)}
          data-testid="sae-import-name"
        />
        <Group justify="space-between" mt="xs">
          <Text size="xs" c="dimmed" data-testid="sae-import-blocked">
            {blocked ?? ''}
          </Text>
          <Group>
            <Button variant="default" onClick={onClose}>
              Cancel
            </Button>
            <Button onClick={() => void submit()} disabled={blocked !== null} loading={busy} data-testid="sae-import-submit">
              Import
            </Button>
          </Group>
        </Group>
      </Stack>
    </Modal>
  );
}
