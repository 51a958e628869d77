import { Alert, Button, Group, List, Modal, Select, Stack, Text, TextInput } from '@mantine/core';
import { IconFileZip } from '@tabler/icons-react';
import { useState } from 'react';
import type { ArchiveInspection } from '../../../shared/types/exports';
import { formatBytes } from '../../../shared/format';
import { getClient } from '../../api/client';
import { useQuery } from '../../api/hooks';
import { notifyError, notifySuccess } from '../../components/notify';

/** "Import archive…": a .zip/.tar.gz of ours is checked whole first (what it holds, its size), then imported as a new SAE. */
export function ImportArchiveButton({ onImported }: { onImported?: (saeId: string) => void }) {
  const [opened, setOpened] = useState(false);
  const [file, setFile] = useState('');
  const [seen, setSeen] = useState<ArchiveInspection | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [modelId, setModelId] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const models = useQuery('models.list', {});
  const ready = (models.data ?? []).filter((m) => m.status === 'ready');

  const inspect = async () => {
    setBusy(true);
    setSeen(null);
    setError(null);
    try {
      setSeen(await getClient().invoke('exports.inspectArchive', { path: file.trim() }));
      // Models may have become ready since the page loaded (the demo model imports at first start).
      await models.reload();
      const now = (await getClient().invoke('models.list', {})).filter((m) => m.status === 'ready');
      setModelId((m) => m ?? now[0]?.id ?? null);
    } catch (err) {
      setError(err instanceof Error ? err.message : String(err));
    } finally {
      setBusy(false);
    }
  };
  const importIt = async () => {
    if (!modelId) return;
    setBusy(true);
    try {
      const sae = await getClient().invoke('exports.importArchive', { path: file.trim(), modelId });
      notifySuccess(
        `"${sae.name}" imported${sae.featureCount ? ` with ${sae.featureCount.toLocaleString()} features` : ''}.`,
        'Archive imported',
      );
      setOpened(false);
      onImported?.(sae.id);
    } catch (err) {
      notifyError(err, 'Import refused');
    } finally {
      setBusy(false);
    }
  };
  const why = !seen ? 'Check the archive first' : !modelId ? 'Pick the model the SAE reads' : null;
  return (
    <>
      <Button variant="default" leftSection={<IconFileZip size={16} />} onClick={() => setOpened(true)} data-testid="import-archive">
        Import archive…
      </Button>
      <Modal opened={opened} onClose={() => setOpened(false)} title="Import an exported archive" size="lg" centered>
        <Stack>
          <Text size="sm" c="dimmed">
            A .zip or .tar.gz exported by miStudio. It is read end to end and checked before anything is written.
          </Text>
          <Group align="flex-end">
            <TextInput
              flex={1}
              label="Archive"
              placeholder="/home/me/exports/my-sae.zip"
              value={file}
              onChange={(e) => setFile(e.currentTarget.value)}
              data-autofocus
              data-testid="import-archive-path"
              onKeyDown={(e) => e.key === 'Enter' && file.trim() && void inspect()}
            />
            <Button onClick={() => void inspect()} disabled={!file.trim()} loading={busy && !seen} data-testid="import-archive-inspect">
              Check
            </Button>
          </Group>
          {error && (
            <Alert color="red" data-testid="import-archive-error">
              {error}
            </Alert>
          )}
          {seen && (
            <Alert
              color="blue"
              title={`${seen.kind} · ${formatBytes(seen.sizeBytes)} (${formatBytes(seen.unpackedBytes)} unpacked)`}
              data-testid="import-archive-contents"
            >
              <Text size="sm">
                {seen.sae &&
                  `SAE on ${seen.sae.hook}, ${seen.sae.dIn} → ${seen.sae.dSae} (${seen.sae.architecture})${seen.sae.modelName ? `, trained on ${seen.sae.modelName}` : ''}. `}
                Holds: {seen.parts.join(', ')}.
              </Text>
              <List size="xs" mt={4}>
                {seen.entries.slice(0, 12).map((e) => (
                  <List.Item key={e.name}>
                    {e.name} · {formatBytes(e.sizeBytes)}
                  </List.Item>
                ))}
              </List>
            </Alert>
          )}
          <Select
            label="Model the SAE reads"
            data={ready.map((m) => ({ value: m.id, label: m.name }))}
            value={modelId}
            onChange={setModelId}
            disabled={!seen}
          />
          <Group justify="flex-end">
            <Button
              onClick={() => void importIt()}
              disabled={!!why}
              title={why ?? undefined}
              loading={busy && !!seen}
              data-testid="import-archive-go"
            >
              Import as a new SAE
            </Button>
          </Group>
        </Stack>
      </Modal>
    </>
  );
}
